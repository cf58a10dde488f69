package ecstest.deploy.access;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.fixtures.Moto;
import ecstest.deploy.fixtures.TestStack;
import ecstest.testsupport.RequiresTools;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code admin-setup --github OWNER/REPO --apply} against the emulator (the account's OIDC provider for GitHub, the
 * pipeline's role with the deployer's policies), and the role's trust policy, as IAM holds it, judged by the IAM
 * evaluator for the tokens GitHub issues: the repository's main-branch run may assume it; another repository, another
 * branch, a pull request (from a fork or not), a tag, a wrong audience, a token without {@code sub} may not.
 */
@RequiresTools("moto_server")
@ExtendWith(IamEvaluator.Available.class)
class GitHubRolePolicyTests {

    private static final String ACCOUNT = Moto.ACCOUNT_ID;
    private static final String REGION = Moto.REGION;
    private static final String PROVIDER =
            "arn:aws:iam::" + ACCOUNT + ":oidc-provider/token.actions.githubusercontent.com";
    private static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/ecs-test-github-deployer";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Moto.Lease moto;
    private static String firstRun;
    private static String secondRun;
    private static String printed;
    private static IamEvaluator trust;
    private static List<String> attached;
    private static List<String> clientIds;

    @BeforeAll
    static void setUpTheRoleForARepository() throws Exception {
        moto = Moto.lease(Map.of());
        Moto.useDummyCredentials();
        Path documents = Files.createTempDirectory("github-role");
        printed = cli("admin-setup", "--github", "my-org/ecs-test", "--out", documents.toString());
        firstRun = cli("admin-setup", "--apply", "--github", "my-org/ecs-test", "--out", documents.toString());
        secondRun = cli("admin-setup", "--apply", "--github", "my-org/ecs-test", "--out", documents.toString());
        try (AwsClients aws = new AwsClients(REGION, null, moto.endpoint())) {
            var role = aws.iam()
                    .getRole(r -> r.roleName("ecs-test-github-deployer"))
                    .role();
            JsonNode document =
                    JSON.readTree(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8));
            trust = IamEvaluator.trust(PROVIDER, ACCOUNT, document);
            attached =
                    aws
                            .iam()
                            .listAttachedRolePolicies(r -> r.roleName("ecs-test-github-deployer"))
                            .attachedPolicies()
                            .stream()
                            .map(AttachedPolicy::policyName)
                            .sorted()
                            .toList();
            clientIds = aws.iam()
                    .getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(PROVIDER))
                    .clientIDList();
        }
    }

    @AfterAll
    static void stopEmulator() {
        Moto.clearDummyCredentials();
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void theProviderIsAddedOnceWithAwsAudienceAndTheRoleHasTheDeployersPolicies() {
        assertThat(firstRun)
                .contains("created the OIDC provider token.actions.githubusercontent.com")
                .contains("created role ecs-test-github-deployer")
                .contains("AWS_ROLE_ARN=" + ROLE)
                .contains("AWS_REGION=" + REGION);
        assertThat(secondRun)
                .contains("the OIDC provider token.actions.githubusercontent.com is there")
                .doesNotContain("created");
        assertThat(clientIds).containsExactly("sts.amazonaws.com");
        assertThat(printed)
                .as("without --apply: the aws commands, the trust policy written beside the policies")
                .contains("aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com"
                        + " --client-id-list sts.amazonaws.com")
                .contains(
                        "aws iam create-role --role-name ecs-test-github-deployer --assume-role-policy-document file://")
                .contains("github-trust.json")
                .contains("AWS_ROLE_ARN=" + ROLE);
        // the same managed policies the people's deploying role has: the deployer's evaluator suite judges them
        assertThat(attached)
                .containsExactly("ecs-test-deployer-iam", "ecs-test-deployer-network", "ecs-test-deployer-services");
    }

    @Test
    void aGitHubProviderTheAccountHasWithoutAwsAudienceIsGivenIt() throws Exception {
        try (AwsClients aws = new AwsClients(REGION, null, moto.endpoint())) {
            aws.iam().deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(PROVIDER));
            aws.iam()
                    .createOpenIDConnectProvider(r ->
                            r.url("https://token.actions.githubusercontent.com").clientIDList("another-audience"));

            String run = cli(
                    "admin-setup",
                    "--apply",
                    "--github",
                    "my-org/ecs-test",
                    "--out",
                    Files.createTempDirectory("github-role").toString());

            assertThat(run)
                    .contains("the OIDC provider token.actions.githubusercontent.com now admits the audience"
                            + " sts.amazonaws.com");
            assertThat(aws.iam()
                            .getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(PROVIDER))
                            .clientIDList())
                    .containsExactly("another-audience", "sts.amazonaws.com");
        }
    }

    @Test
    void theRepositorysMainBranchRunMayAssumeIt() throws Exception {
        assertThat(verdict(PROVIDER, "sts.amazonaws.com", "repo:my-org/ecs-test:ref:refs/heads/main"))
                .isEqualTo("Allowed");
    }

    @Test
    void everyOtherTokenIsDenied() throws Exception {
        Map<String, String> others = Map.of(
                "another repository", "repo:my-org/other:ref:refs/heads/main",
                "a repository whose name starts the same", "repo:my-org/ecs-test-fork:ref:refs/heads/main",
                "the same name under another owner (a fork)", "repo:someone/ecs-test:ref:refs/heads/main",
                "another branch", "repo:my-org/ecs-test:ref:refs/heads/feature",
                "a branch whose name starts the same", "repo:my-org/ecs-test:ref:refs/heads/main-old",
                "a pull request (a fork's runs in the base repository)", "repo:my-org/ecs-test:pull_request",
                "a tag", "repo:my-org/ecs-test:ref:refs/tags/v1.0.0",
                "an environment", "repo:my-org/ecs-test:environment:production");
        others.forEach((what, subject) -> {
            assertThat(verdictOrFail(PROVIDER, "sts.amazonaws.com", subject))
                    .as(what)
                    .isNotEqualTo("Allowed");
        });
    }

    @Test
    void aWrongAudienceOrAMissingSubjectIsDenied() throws Exception {
        assertThat(verdict(PROVIDER, "https://github.com/my-org", "repo:my-org/ecs-test:ref:refs/heads/main"))
                .isEqualTo("ImplicitlyDenied");
        assertThat(verdict(PROVIDER, "sts.amazonaws.com", null)).isEqualTo("ImplicitlyDenied");
        assertThat(verdict(PROVIDER, null, "repo:my-org/ecs-test:ref:refs/heads/main"))
                .isEqualTo("ImplicitlyDenied");
    }

    @Test
    void anotherProviderOrThePeoplesPrincipalIsDenied() throws Exception {
        String otherProvider = "arn:aws:iam::" + ACCOUNT + ":oidc-provider/gitlab.com";
        assertThat(verdict(otherProvider, "sts.amazonaws.com", "repo:my-org/ecs-test:ref:refs/heads/main"))
                .isEqualTo("ImplicitlyDenied");
        assertThat(IamEvaluator.trust("arn:aws:iam::" + ACCOUNT + ":user/someone", ACCOUNT, trustDocument())
                        .evaluate(
                                List.of(new IamRequests.Authorization("AssumeRole", "sts:AssumeRole", ROLE, Map.of())))
                        .getFirst()
                        .result())
                .isEqualTo("ImplicitlyDenied");
    }

    @Test
    void anEnvironmentsRoleTrustsItsJobsOnly() throws Exception {
        JsonNode environment = DeployerDocuments.forGitHub(
                        TestStack.plan(), GitHubTrust.of("my-org/ecs-test", null, "production"))
                .trust();
        IamEvaluator judge = IamEvaluator.trust(PROVIDER, ACCOUNT, environment);

        assertThat(judge
                        .evaluate(List.of(
                                assume("sts.amazonaws.com", "repo:my-org/ecs-test:environment:production"),
                                assume("sts.amazonaws.com", "repo:my-org/ecs-test:environment:staging"),
                                assume("sts.amazonaws.com", "repo:my-org/ecs-test:ref:refs/heads/main")))
                        .stream()
                        .map(IamEvaluator.Verdict::result)
                        .toList())
                .containsExactly("Allowed", "ImplicitlyDenied", "ImplicitlyDenied");
    }

    private static JsonNode trustDocument() {
        return DeployerDocuments.forGitHub(TestStack.plan(), GitHubTrust.of("my-org/ecs-test", null, null))
                .trust();
    }

    private static String verdictOrFail(String principal, String audience, String subject) {
        try {
            return verdict(principal, audience, subject);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String verdict(String principal, String audience, String subject) throws Exception {
        IamEvaluator judge =
                principal.equals(PROVIDER) ? trust : IamEvaluator.trust(principal, ACCOUNT, trustDocument());
        return judge.evaluate(List.of(assume(audience, subject))).getFirst().result();
    }

    /** What STS asks of the trust policy for a token with these claims (absent when null). */
    private static IamRequests.Authorization assume(String audience, String subject) {
        Map<String, Object> claims = new java.util.TreeMap<>();
        if (audience != null) {
            claims.put("token.actions.githubusercontent.com:aud", audience);
        }
        if (subject != null) {
            claims.put("token.actions.githubusercontent.com:sub", subject);
        }
        return new IamRequests.Authorization(
                "AssumeRoleWithWebIdentity", "sts:AssumeRoleWithWebIdentity", ROLE, claims);
    }

    private static String cli(String... args) {
        return EmulatedCli.succeed(moto.endpoint(), List.of(), args);
    }
}
