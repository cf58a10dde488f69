package ecstest.deploy.access;

import ecstest.deploy.DeployException;
import ecstest.deploy.settings.Location;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.stack.Plan;
import ecstest.deploy.stack.StackPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The stack's IAM documents an administrator makes once: the permissions boundary every role the stack creates must
 * carry, the deploying role's three policies, and the deploying role's trust policy; written for the record, and said
 * as the aws commands that create them.
 *
 * @param policies each managed policy's name after {@code <stack>-}, with its document: the boundary first, since the
 *     deployer's policies name it
 */
public record DeployerDocuments(StackSettings settings, Map<String, JsonNode> policies, JsonNode trust) {

    /** A managed policy: its name after {@code <stack>-}, and its document's template. */
    private record Policy(String name, String template) {}

    private static final List<Policy> POLICIES = List.of(
            new Policy("task-role-boundary", "iam/task-role-boundary.json"),
            new Policy("deployer-network", "iam/deployer-network-policy.json"),
            new Policy("deployer-services", "iam/deployer-services-policy.json"),
            new Policy("deployer-iam", "iam/deployer-iam-policy.json"));

    private static final Policy DOMAIN = new Policy("deployer-domain", "iam/deployer-domain-policy.json");

    /** The documents for the plan's settings: a value a template needs but lacks stops here. */
    public static DeployerDocuments of(Plan plan) {
        Map<String, JsonNode> policies = new LinkedHashMap<>();
        POLICIES.forEach(policy -> policies.put(policy.name(), plan.document(policy.template())));
        if (StackPlan.named(plan.settings())) {
            // the certificate and records of DOMAIN_NAME, in its zone only
            policies.put(DOMAIN.name(), plan.document(DOMAIN.template()));
        }
        return new DeployerDocuments(plan.settings(), policies, plan.document("iam/deployer-trust-policy.json"));
    }

    /** The deploying role's name. */
    public String role() {
        return settings.stack() + "-deployer";
    }

    /** The names of the deploying role's own policies (the boundary is its roles', not its own). */
    public List<String> deployerPolicies() {
        return policies.keySet().stream()
                .filter(name -> name.startsWith("deployer-"))
                .toList();
    }

    String policyArn(String name) {
        return DeployerAccess.policyArn(settings.require(Location.ACCOUNT_ID), settings.stack(), name);
    }

    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, JsonNode> policy : policies.entrySet()) {
                Files.writeString(dir.resolve(policy.getKey() + ".json"), Plan.toJson(policy.getValue()));
            }
            Files.writeString(dir.resolve("deployer-trust.json"), Plan.toJson(trust));
        } catch (IOException ex) {
            throw new DeployException("cannot write to " + dir + ": " + ex.getMessage(), ex);
        }
    }

    /** The aws commands an administrator runs, once, with the documents written to {@code dir}; then how to use it. */
    public List<String> commands(Path dir) {
        String stack = settings.stack();
        List<String> lines = new ArrayList<>();
        policies.keySet()
                .forEach(name -> lines.add("  aws iam create-policy --policy-name %s-%s --policy-document file://%s"
                        .formatted(stack, name, dir.resolve(name + ".json"))));
        lines.add("  aws iam create-role --role-name %s --assume-role-policy-document file://%s"
                        .formatted(role(), dir.resolve("deployer-trust.json"))
                + " --tags Key=ecs-test:stack,Value=" + stack);
        deployerPolicies()
                .forEach(name -> lines.add("  aws iam attach-role-policy --role-name %s --policy-arn %s"
                        .formatted(role(), policyArn(name))));
        lines.add("then whoever deploys uses the role, e.g.:");
        lines.add("  aws configure set profile.%s.role_arn arn:aws:iam::%s:role/%s"
                .formatted(role(), settings.require(Location.ACCOUNT_ID), role()));
        lines.add("  aws configure set profile.%s.source_profile default".formatted(role()));
        lines.add("  deploy/ecs-test up --stack %s --profile %s".formatted(stack, role()));
        return lines;
    }
}
