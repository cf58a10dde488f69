package ecstest.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Failures a user can fix get one specific line; a bug is not dressed up as one. */
class EcsTestCliTests {

    @Test
    void missingCredentialsSayHowToProvideThem() {
        String message = EcsTestCli.explain(
                SdkClientException.create(
                        "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain(...) : [...]"));

        assertThat(message)
                .startsWith("no AWS credentials: set AWS_ACCESS_KEY_ID")
                .doesNotContain("ProviderChain");
    }

    @Test
    void anUnknownProfileIsNamedWithHowToListAndCreateProfiles() {
        String message = EcsTestCli.explain(SdkClientException.create(
                "Profile file contained no credentials for profile 'nope': ProfileFile(sections=[])"));

        assertThat(message)
                .isEqualTo("no credentials for that AWS profile (nope): `aws configure list-profiles` lists the ones"
                        + " there are, `aws configure --profile NAME` creates one");
    }

    @Test
    void anUnreachableEndpointKeepsOnlyTheFirstLine() {
        String message = EcsTestCli.explain(
                SdkClientException.create("Unable to execute HTTP request: Connection refused\nmore"));

        assertThat(message)
                .isEqualTo("cannot reach AWS: Unable to execute HTTP request: Connection refused;"
                        + " check the network, --region and --endpoint-url");
    }

    @Test
    void anAwsRefusalNamesServiceCodeAndANextStep() {
        AwsServiceException denied = AwsServiceException.builder()
                .awsErrorDetails(AwsErrorDetails.builder()
                        .serviceName("Ec2")
                        .errorCode("UnauthorizedOperation.AccessDenied")
                        .errorMessage("You are not authorized")
                        .build())
                .build();

        assertThat(EcsTestCli.explain(denied))
                .isEqualTo("AWS refused a call (Ec2, UnauthorizedOperation.AccessDenied):"
                        + " You are not authorized; use the stack's deploying role (`deploy/ecs-test admin-setup` says how it"
                        + " is made)");
    }

    @Test
    void aBugIsNotExplainedAway() {
        assertThat(EcsTestCli.explain(new IllegalStateException("bug"))).isNull();
    }
}
