package ecstest.deploy.ops;

import ecstest.deploy.aws.AwsClients;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.iam.IamClient;
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
        String current;
        try {
            String version = iam.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId();
            current = iam.getPolicyVersion(r -> r.policyArn(arn).versionId(version))
                    .policyVersion()
                    .document();
        } catch (NoSuchEntityException ex) {
            iam.createPolicy(r -> r.policyName(name)
                    .policyDocument(text)
                    .tags(Tag.builder().key("ecs-test:stack").value(stack).build()));
            return "created policy " + name;
        }
        if (JSON.readTree(URLDecoder.decode(current, StandardCharsets.UTF_8)).equals(document)) {
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
        iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(text).setAsDefault(true));
        return "updated policy " + name;
    }

    /** Creates the deploying role with this trust policy, or sets the trust policy of the one there is. */
    public String ensureRole(String role, JsonNode trust) {
        IamClient iam = aws.iam();
        try {
            iam.getRole(r -> r.roleName(role));
            iam.updateAssumeRolePolicy(r -> r.roleName(role).policyDocument(JSON.writeValueAsString(trust)));
            return "role " + role + " exists (trust policy set)";
        } catch (NoSuchEntityException ex) {
            iam.createRole(r -> r.roleName(role)
                    .description("Deploys the " + stack + " stack with ecs-test")
                    .assumeRolePolicyDocument(JSON.writeValueAsString(trust))
                    .tags(Tag.builder().key("ecs-test:stack").value(stack).build()));
            return "created role " + role;
        }
    }

    public void attach(String role, String policyArn) {
        aws.iam().attachRolePolicy(r -> r.roleName(role).policyArn(policyArn));
    }
}
