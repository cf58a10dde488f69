package ecstest.deploy.access;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.cli.EcsTestCli;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Every SDK client in the test JVM gets this interceptor (the SDK's global interceptor list,
 * src/test/resources/software/amazon/awssdk/global/handlers/execution.interceptors), so the CLI's verbs are
 * recorded as a user runs them, through {@link EcsTestCli#run}. Outside a {@link Session} it does nothing.
 * Each request becomes the IAM authorizations AWS would evaluate for it ({@link IamRequests}), resolved when it
 * is sent: the tags its resources carry at that moment, read from the emulator with clients of their own.
 */
public final class IamRecorder implements ExecutionInterceptor {

    private static volatile Session session;
    /** Set while the recorder itself reads tags: those calls are not the CLI's. */
    private static final ThreadLocal<Boolean> LOOKING_UP = ThreadLocal.withInitial(() -> false);

    /** One recording: the authorizations of every call the CLI made, in order. */
    static final class Session implements AutoCloseable {

        final List<IamRequests.Authorization> authorizations = new CopyOnWriteArrayList<>();
        private final IamRequests requests;
        private final AwsClients lookups;

        private Session(URI endpoint, String region, String account, String stack) {
            this.lookups = new AwsClients(region, null, endpoint);
            this.requests = new IamRequests(region, account, stack, lookups);
        }

        @Override
        public void close() {
            session = null;
            lookups.close();
        }
    }

    static Session start(URI endpoint, String region, String account, String stack) {
        Session started = new Session(endpoint, region, account, stack);
        session = started;
        return started;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Session current = session;
        if (current == null || LOOKING_UP.get()) {
            return;
        }
        LOOKING_UP.set(true);
        try {
            current.authorizations.addAll(current.requests.of(context.request()));
        } finally {
            LOOKING_UP.set(false);
        }
    }
}
