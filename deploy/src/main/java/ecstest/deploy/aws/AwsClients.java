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
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The SDK clients the CLI uses, built one way: region, credentials (profile or the default chain),
 * the SDK's standard retry mode (throttling is retried with backoff), an endpoint override for
 * rehearsals against an emulator, and any interceptors (tests count calls with one). Created on first
 * use, closed together.
 */
public final class AwsClients implements AutoCloseable {

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final URI endpoint;
    private final List<ExecutionInterceptor> interceptors;
    private final Map<Class<?>, SdkClient> clients = new LinkedHashMap<>();

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
                .retryStrategy(RetryMode.STANDARD)
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
