package ecstest.deploy;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Fails the first request of one type, as a dropped connection or a killed process would mid-`up`. */
final class FailingInterceptor implements ExecutionInterceptor {

    private final Class<?> failOn;
    private boolean failed;

    FailingInterceptor(Class<?> failOn) {
        this.failOn = failOn;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!failed && failOn.isInstance(context.request())) {
            failed = true;
            throw SdkClientException.create("injected failure before " + failOn.getSimpleName());
        }
    }
}
