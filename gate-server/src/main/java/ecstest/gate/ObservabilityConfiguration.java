package ecstest.gate;

import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import io.awspring.cloud.autoconfigure.core.AwsConnectionDetails;
import io.awspring.cloud.autoconfigure.metrics.CloudWatchProperties;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

    /**
     * What gate sends to CloudWatch, where every metric (name and dimensions) bills by the month: the request
     * timer, its percentiles (gauges of their own) and the upstream errors. They arrive as
     * {@code http.server.requests.count|sum|avg|max}, {@code http.server.requests.percentile.value} (dimension
     * {@code phi}) and {@code gate.upstream.errors.count}.
     */
    static final List<String> CLOUDWATCH_METERS =
            List.of("http.server.requests", "http.server.requests.percentile", UpstreamProblemHandler.UPSTREAM_ERRORS);

    /** Latency percentiles computed in the service. */
    static final double[] PERCENTILES = {0.5, 0.9, 0.99};

    /**
     * The CloudWatch client the registry publishes with, configured as Spring Cloud AWS configures its own
     * (region, credentials, {@code spring.cloud.aws.cloudwatch.*} and {@code spring.cloud.aws.endpoint}), but
     * blocking underneath and built at the first publication: see {@link BlockingCloudWatchAsyncClient}.
     */
    @Bean
    CloudWatchAsyncClient cloudWatchAsyncClient(
            CloudWatchProperties properties,
            AwsClientBuilderConfigurer configurer,
            ObjectProvider<AwsConnectionDetails> connectionDetails) {
        return new BlockingCloudWatchAsyncClient(
                () -> configurer
                        .configureSyncClient(
                                CloudWatchClient.builder(),
                                properties,
                                connectionDetails.getIfAvailable(),
                                Stream.empty(),
                                Stream.empty())
                        .build(),
                Executors.newVirtualThreadPerTaskExecutor());
    }

    /** Trace ids that AWS X-Ray also accepts (epoch seconds first); W3C traceparent either way. */
    @Bean
    SdkTracerProviderBuilderCustomizer xrayCompatibleTraceIds() {
        return builder -> builder.setIdGenerator(new XrayCompatibleIds());
    }

    /**
     * Only the request and upstream-error meters go to CloudWatch, the request timer with percentiles; the
     * other registries (and a local run, which has no CloudWatch publishing) are left as they are.
     */
    @Bean
    MeterRegistryCustomizer<CloudWatchMeterRegistry> cloudWatchMeters() {
        return registry -> registry.config()
                .meterFilter(MeterFilter.denyUnless(id -> CLOUDWATCH_METERS.contains(id.getName())))
                .meterFilter(new MeterFilter() {
                    @Override
                    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                        if (!id.getName().equals("http.server.requests")) {
                            return config;
                        }
                        // one histogram per minute, the publishing step (Micrometer's default keeps three
                        // rotating ones, written on every request): a third of the work on the request path
                        return DistributionStatisticConfig.builder()
                                .percentiles(PERCENTILES)
                                .expiry(Duration.ofMinutes(1))
                                .bufferLength(1)
                                .build()
                                .merge(config);
                    }
                });
    }
}
