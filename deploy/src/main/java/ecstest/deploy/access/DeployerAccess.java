package ecstest.deploy.access;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.aws.MutatingCall;
import ecstest.deploy.settings.Location;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateOpenIdConnectProviderRequest;
import software.amazon.awssdk.services.iam.model.CreateOpenIdConnectProviderResponse;
import software.amazon.awssdk.services.iam.model.CreatePolicyRequest;
import software.amazon.awssdk.services.iam.model.CreatePolicyResponse;
import software.amazon.awssdk.services.iam.model.CreatePolicyVersionRequest;
import software.amazon.awssdk.services.iam.model.CreatePolicyVersionResponse;
import software.amazon.awssdk.services.iam.model.CreateRoleRequest;
import software.amazon.awssdk.services.iam.model.CreateRoleResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code admin-setup --apply} makes with an administrator's credentials: the stack's managed policies (the
 * task roles' permissions boundary, the deployer's three) and the deploying role with them attached; run again,
 * it brings a changed document to the policy.
 */
public final class DeployerAccess {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AwsClients aws;
    private final String stack;
    private final RetryStrategy retries = AwsClients.retryStrategy();

    public DeployerAccess(AwsClients aws, String stack) {
        this.aws = aws;
        this.stack = stack;
    }

    public static String policyArn(String account, String stack, String name) {
        return "arn:aws:iam::" + account + ":policy/" + stack + "-" + name;
    }

    /** Creates the policy, or makes the document its default version when it differs (IAM keeps at most five). */
    public String ensurePolicy(String arn, String name, JsonNode document) {
        IamClient iam = aws.iam();
        String text = JSON.writeValueAsString(document);
        Optional<String> current = defaultDocument(arn);
        if (current.isEmpty()) {
            // once: a creation whose answer was lost is found by its ARN, not sent again into EntityAlreadyExists
            MutatingCall.send(
                    retries,
                    () -> iam.createPolicy(AwsClients.singleAttempt(CreatePolicyRequest.builder()
                            .policyName(name)
                            .policyDocument(text)
                            .tags(Tag.builder()
                                    .key("ecs-test:stack")
                                    .value(stack)
                                    .build())
                            .build())),
                    failure -> defaultDocument(arn)
                            .map(made -> CreatePolicyResponse.builder().build()));
            return "created policy " + name;
        }
        if (same(current.get(), document)) {
            return "policy " + name + " is up to date";
        }
        List<PolicyVersion> versions =
                iam.listPolicyVersions(r -> r.policyArn(arn)).versions();
        if (versions.size() >= 5) {
            versions.stream()
                    .filter(v -> !v.isDefaultVersion())
                    .min(Comparator.comparing(PolicyVersion::createDate))
                    .ifPresent(oldest ->
                            iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(oldest.versionId())));
        }
        MutatingCall.send(
                retries,
                () -> iam.createPolicyVersion(AwsClients.singleAttempt(CreatePolicyVersionRequest.builder()
                        .policyArn(arn)
                        .policyDocument(text)
                        .setAsDefault(true)
                        .build())),
                failure -> defaultDocument(arn)
                        .filter(made -> same(made, document))
                        .map(made -> CreatePolicyVersionResponse.builder().build()));
        return "updated policy " + name;
    }

    /** The policy's default version's document (IAM answers it URL-encoded), or empty when there is no such policy. */
    private Optional<String> defaultDocument(String arn) {
        try {
            String version = aws.iam().getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId();
            return Optional.of(aws.iam()
                    .getPolicyVersion(r -> r.policyArn(arn).versionId(version))
                    .policyVersion()
                    .document());
        } catch (NoSuchEntityException ex) {
            return Optional.empty();
        }
    }

    private static boolean same(String encoded, JsonNode document) {
        return JSON.readTree(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).equals(document);
    }

    /** Creates the deploying role with this trust policy, or sets the trust policy of the one there is. */
    public String ensureRole(String role, JsonNode trust, String description) {
        IamClient iam = aws.iam();
        try {
            iam.getRole(r -> r.roleName(role));
            iam.updateAssumeRolePolicy(r -> r.roleName(role).policyDocument(JSON.writeValueAsString(trust)));
            return "role " + role + " exists (trust policy set)";
        } catch (NoSuchEntityException ex) {
            MutatingCall.send(
                    retries,
                    () -> iam.createRole(AwsClients.singleAttempt(CreateRoleRequest.builder()
                            .roleName(role)
                            .description(description)
                            .assumeRolePolicyDocument(JSON.writeValueAsString(trust))
                            .tags(Tag.builder()
                                    .key("ecs-test:stack")
                                    .value(stack)
                                    .build())
                            .build())),
                    failure -> exists(role)
                            ? Optional.of(CreateRoleResponse.builder().build())
                            : Optional.empty());
            return "created role " + role;
        }
    }

    private boolean exists(String role) {
        try {
            aws.iam().getRole(r -> r.roleName(role));
            return true;
        } catch (NoSuchEntityException ex) {
            return false;
        }
    }

    /**
     * The account's OIDC provider for GitHub Actions, made when missing, with AWS's audience among its client IDs (no
     * thumbprint: IAM trusts GitHub's certificate authority itself).
     */
    public String ensureGitHubProvider(String account) {
        IamClient iam = aws.iam();
        String arn = GitHubTrust.providerArn(account);
        boolean there = iam.listOpenIDConnectProviders().openIDConnectProviderList().stream()
                .anyMatch(provider -> provider.arn().equals(arn));
        if (!there) {
            MutatingCall.send(
                    retries,
                    () -> iam.createOpenIDConnectProvider(
                            AwsClients.singleAttempt(CreateOpenIdConnectProviderRequest.builder()
                                    .url("https://" + GitHubTrust.ISSUER)
                                    .clientIDList(GitHubTrust.AUDIENCE)
                                    .build())),
                    failure -> iam.listOpenIDConnectProviders().openIDConnectProviderList().stream()
                                    .anyMatch(provider -> provider.arn().equals(arn))
                            ? Optional.of(CreateOpenIdConnectProviderResponse.builder()
                                    .build())
                            : Optional.empty());
            return "created the OIDC provider " + GitHubTrust.ISSUER;
        }
        List<String> audiences = iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn))
                .clientIDList();
        if (!audiences.contains(GitHubTrust.AUDIENCE)) {
            iam.addClientIDToOpenIDConnectProvider(
                    r -> r.openIDConnectProviderArn(arn).clientID(GitHubTrust.AUDIENCE));
            return "the OIDC provider " + GitHubTrust.ISSUER + " now admits the audience " + GitHubTrust.AUDIENCE;
        }
        return "the OIDC provider " + GitHubTrust.ISSUER + " is there";
    }

    /** Every document made or brought up to date, and the deploying role with its policies: one line each. */
    public List<String> apply(DeployerDocuments documents) {
        List<String> lines = new ArrayList<>();
        if (documents.github().isPresent()) {
            lines.add(ensureGitHubProvider(documents.settings().require(Location.ACCOUNT_ID)));
        }
        documents
                .policies()
                .forEach((name, document) ->
                        lines.add(ensurePolicy(documents.policyArn(name), stack + "-" + name, document)));
        lines.add(ensureRole(
                documents.role(),
                documents.trust(),
                documents
                        .github()
                        .map(runs -> "Deploys the " + stack + " stack from GitHub Actions: " + runs.describe())
                        .orElse("Deploys the " + stack + " stack with ecs-test")));
        documents.deployerPolicies().forEach(name -> attach(documents.role(), documents.policyArn(name)));
        return lines;
    }

    public void attach(String role, String policyArn) {
        aws.iam().attachRolePolicy(r -> r.roleName(role).policyArn(policyArn));
    }
}
