package ecstest.deploy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Records every request the CLI's SDK clients send, to count calls and to check what was sent. */
final class RecordingInterceptor implements ExecutionInterceptor {

    private final List<SdkRequest> sent = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        sent.add(context.request());
    }

    List<SdkRequest> sent() {
        return List.copyOf(sent);
    }

    /** Calls that change something: everything but Describe*, List* and Get*. */
    List<String> mutating() {
        return sent.stream()
                .map(request -> request.getClass().getSimpleName().replace("Request", ""))
                .filter(name -> !name.startsWith("Describe") && !name.startsWith("List") && !name.startsWith("Get"))
                .toList();
    }

    <T extends SdkRequest> List<T> sent(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }

    void clear() {
        sent.clear();
    }
}
