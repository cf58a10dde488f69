package ecstest.gate;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchServiceClientConfiguration;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;

/**
 * The one call Micrometer's CloudWatch registry makes ({@code PutMetricData}, once a minute, from its own
 * publishing thread), offered through the asynchronous interface the registry takes but made by the SDK's
 * blocking client. The asynchronous client needs Netty (the largest part of the image's AWS dependencies, for a
 * call a minute); the blocking one uses the JDK's HTTP. The SDK client is built
 * at the first call: where publishing is off (a local run, compose), never, and the service starts without
 * loading it. Every other operation is the interface's default: unsupported.
 */
final class BlockingCloudWatchAsyncClient implements CloudWatchAsyncClient {

    private final Supplier<CloudWatchClient> factory;
    private final Executor executor;
    private CloudWatchClient client;

    BlockingCloudWatchAsyncClient(Supplier<CloudWatchClient> factory, Executor executor) {
        this.factory = factory;
        this.executor = executor;
    }

    private synchronized CloudWatchClient client() {
        if (client == null) {
            client = factory.get();
        }
        return client;
    }

    @Override
    public CompletableFuture<PutMetricDataResponse> putMetricData(PutMetricDataRequest request) {
        return CompletableFuture.supplyAsync(() -> client().putMetricData(request), executor);
    }

    @Override
    public CloudWatchServiceClientConfiguration serviceClientConfiguration() {
        return client().serviceClientConfiguration();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
