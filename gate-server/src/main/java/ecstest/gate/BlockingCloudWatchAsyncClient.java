package ecstest.gate;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchServiceClientConfiguration;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;

/**
 * The one call Micrometer's CloudWatch registry makes ({@code PutMetricData}, once a minute, from its own
 * publishing thread), offered through the asynchronous interface the registry takes but made by the SDK's
 * blocking client. The asynchronous client needs Netty (~4.5 MB of jars, the largest part of the image's
 * AWS dependencies, for a call a minute); the blocking one uses the JDK's HTTP. Every other operation is
 * the interface's default: unsupported.
 */
final class BlockingCloudWatchAsyncClient implements CloudWatchAsyncClient {

    private final CloudWatchClient client;
    private final Executor executor;

    BlockingCloudWatchAsyncClient(CloudWatchClient client, Executor executor) {
        this.client = client;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<PutMetricDataResponse> putMetricData(PutMetricDataRequest request) {
        return CompletableFuture.supplyAsync(() -> client.putMetricData(request), executor);
    }

    @Override
    public CloudWatchServiceClientConfiguration serviceClientConfiguration() {
        return client.serviceClientConfiguration();
    }

    @Override
    public String serviceName() {
        return client.serviceName();
    }

    @Override
    public void close() {
        client.close();
    }
}
