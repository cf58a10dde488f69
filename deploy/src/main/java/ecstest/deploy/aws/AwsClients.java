package ecstest.deploy.aws;

import ecstest.deploy.DeployException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The SDK clients the CLI uses, built one way: region, credentials (profile or the default chain), one retry policy
 * ({@link #retryStrategy()}), an endpoint override for rehearsals against an emulator, and any interceptors (tests
 * count calls with one). Created on first use, closed together.
 */
public final class AwsClients implements AutoCloseable {

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final URI endpoint;
    private final List<ExecutionInterceptor> interceptors;
    private final Map<Class<?>, SdkClient> clients = new LinkedHashMap<>();

    /**
     * Attempts per call, the first included. The SDK's default is 3; a stack's {@code up} makes some 300 calls and
     * {@code down} 150, so at a few percent of failed requests (a network's bad minute, AWS's 503s) three attempts
     * would end about one run in ten on a call that a fourth attempt would have made. Six: a call then fails only
     * when six attempts in a row do, over some 30 s of backoff for throttling (1 s doubling, capped at 20 s).
     */
    public static final int MAX_ATTEMPTS = 6;

    /** For a request the caller retries itself ({@link MutatingCall}): one attempt, the SDK's retries off. */
    private static final AwsRequestOverrideConfiguration SINGLE_ATTEMPT = AwsRequestOverrideConfiguration.builder()
            .addPlugin(config -> config.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())))
            .build();

    public AwsClients(String region, String profile, URI endpoint) {
        this(region, profile, endpoint, List.of());
    }

    public AwsClients(String region, String profile, URI endpoint, List<ExecutionInterceptor> interceptors) {
        this.region = Region.of(region);
        this.credentials = profile != null
                ? ProfileCredentialsProvider.create(profile)
                : DefaultCredentialsProvider.builder().build();
        this.endpoint = endpoint;
        this.interceptors = interceptors;
    }

    public Ec2Client ec2() {
        return client(Ec2Client.class, Ec2Client::builder);
    }

    public ElasticLoadBalancingV2Client elb() {
        return client(ElasticLoadBalancingV2Client.class, ElasticLoadBalancingV2Client::builder);
    }

    public ServiceDiscoveryClient cloudMap() {
        return client(ServiceDiscoveryClient.class, ServiceDiscoveryClient::builder);
    }

    public EcsClient ecs() {
        return client(EcsClient.class, EcsClient::builder);
    }

    public IamClient iam() {
        return client(IamClient.class, IamClient::builder);
    }

    public EcrClient ecr() {
        return client(EcrClient.class, EcrClient::builder);
    }

    public CloudWatchLogsClient logs() {
        return client(CloudWatchLogsClient.class, CloudWatchLogsClient::builder);
    }

    public SsmClient ssm() {
        return client(SsmClient.class, SsmClient::builder);
    }

    public ApplicationAutoScalingClient scaling() {
        return client(ApplicationAutoScalingClient.class, ApplicationAutoScalingClient::builder);
    }

    public CloudWatchClient cloudWatch() {
        return client(CloudWatchClient.class, CloudWatchClient::builder);
    }

    public Route53Client route53() {
        return client(Route53Client.class, Route53Client::builder);
    }

    public AcmClient acm() {
        return client(AcmClient.class, AcmClient::builder);
    }

    /**
     * The retry policy of every client: the SDK's standard strategy (which calls are retried: throttling, 5xx, lost
     * connections; exponential backoff with jitter, 100 ms base, 1 s for throttling; a token bucket that stops
     * retrying when most calls fail) with {@link #MAX_ATTEMPTS} attempts. Not the adaptive strategy: its client-side
     * rate limit is meant for many callers of one constrained resource, and this CLI makes one call at a time to a
     * dozen APIs, where throttling of one would slow the others. A new instance per client: each keeps its own bucket.
     */
    public static RetryStrategy retryStrategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                .build();
    }

    /** The request, sent once: for calls whose retries {@link MutatingCall} makes, looking first whether it took effect. */
    @SuppressWarnings("unchecked")
    public static <R extends AwsRequest> R singleAttempt(R request) {
        return (R) request.toBuilder().overrideConfiguration(SINGLE_ATTEMPT).build();
    }

    /** The client for a templates/ folder, i.e. an AWS CLI service name. */
    public SdkClient forService(String cliService) {
        return switch (cliService) {
            case "ec2" -> ec2();
            case "elbv2" -> elb();
            case "servicediscovery" -> cloudMap();
            case "ecs" -> ecs();
            case "iam" -> iam();
            case "ecr" -> ecr();
            case "logs" -> logs();
            case "application-autoscaling" -> scaling();
            case "cloudwatch" -> cloudWatch();
            case "route53" -> route53();
            case "acm" -> acm();
            default -> throw new DeployException("no AWS client for service " + cliService);
        };
    }

    private <T extends SdkClient, B extends AwsClientBuilder<B, T>> T client(Class<T> type, Supplier<B> builder) {
        return type.cast(
                clients.computeIfAbsent(type, t -> configure(builder.get()).build()));
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        builder.region(region).credentialsProvider(credentials);
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(retryStrategy())
                .executionInterceptors(interceptors);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
            // Cloud Map prefixes some hosts ("data-"); an emulator on one host:port has no such names
            override.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true);
        }
        return builder.overrideConfiguration(override.build());
    }

    @Override
    public void close() {
        clients.values().forEach(SdkClient::close);
        clients.clear();
    }
}
