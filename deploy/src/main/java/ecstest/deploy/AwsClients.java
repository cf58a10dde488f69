package ecstest.deploy;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;

/**
 * The SDK clients the CLI uses, built one way: region, credentials (profile or the default chain),
 * the SDK's standard retry mode (throttling is retried with backoff), and an endpoint override for
 * rehearsals against an emulator. Clients are created on first use and closed together.
 */
final class AwsClients implements AutoCloseable {

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final URI endpoint;
    private Ec2Client ec2;
    private ElasticLoadBalancingV2Client elb;
    private ServiceDiscoveryClient cloudMap;

    AwsClients(String region, String profile, URI endpoint) {
        this.region = Region.of(region);
        this.credentials = profile != null
                ? ProfileCredentialsProvider.create(profile)
                : DefaultCredentialsProvider.builder().build();
        this.endpoint = endpoint;
    }

    Ec2Client ec2() {
        return ec2 != null ? ec2 : (ec2 = configure(Ec2Client.builder()).build());
    }

    ElasticLoadBalancingV2Client elb() {
        return elb != null
                ? elb
                : (elb = configure(ElasticLoadBalancingV2Client.builder()).build());
    }

    ServiceDiscoveryClient cloudMap() {
        return cloudMap != null
                ? cloudMap
                : (cloudMap = configure(ServiceDiscoveryClient.builder()).build());
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        builder.region(region).credentialsProvider(credentials);
        ClientOverrideConfiguration.Builder override =
                ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
            // Cloud Map prefixes some hosts ("data-"); an emulator on one host:port has no such names
            override.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true);
        }
        return builder.overrideConfiguration(override.build());
    }

    @Override
    public void close() {
        for (AutoCloseable client : new AutoCloseable[] {ec2, elb, cloudMap}) {
            if (client != null) {
                try {
                    client.close();
                } catch (Exception ignored) {
                    // closing is best effort; nothing is pending
                }
            }
        }
    }
}
