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
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The stack's IAM documents an administrator makes once: the permissions boundary every role the stack creates must
 * carry, the deploying role's three policies, and the deploying role's trust policy; written for the record, and said
 * as the aws commands that create them.
 *
 * @param policies each managed policy's name after {@code <stack>-}, with its document: the boundary first, since the
 *     deployer's policies name it
 * @param role the deploying role's name
 * @param trust who may assume it: the account's people and pipelines, or one GitHub repository's workflow runs
 * @param github the GitHub runs it trusts, when it is a pipeline's role (admin-setup --github)
 */
public record DeployerDocuments(
        StackSettings settings,
        Map<String, JsonNode> policies,
        String role,
        JsonNode trust,
        Optional<GitHubTrust> github) {

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
        return new DeployerDocuments(
                plan.settings(),
                policies,
                plan.settings().stack() + "-deployer",
                plan.document("iam/deployer-trust-policy.json"),
                Optional.empty());
    }

    /**
     * The same policies on a role of their own for a GitHub Actions pipeline, {@code <stack>-github-deployer}, which
     * only that repository's runs on that branch (or in that environment) may assume, by OIDC: no stored key.
     */
    public static DeployerDocuments forGitHub(Plan plan, GitHubTrust github) {
        DeployerDocuments people = of(plan);
        return new DeployerDocuments(
                people.settings(),
                people.policies(),
                plan.settings().stack() + "-github-deployer",
                plan.document(GitHubTrust.TRUST_TEMPLATE, GitHubTrust.SUBJECT, github.subject()),
                Optional.of(github));
    }

    private String trustFile() {
        return github.isPresent() ? "github-trust.json" : "deployer-trust.json";
    }

    public String roleArn() {
        return "arn:aws:iam::" + settings.require(Location.ACCOUNT_ID) + ":role/" + role;
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
            Files.writeString(dir.resolve(trustFile()), Plan.toJson(trust));
        } catch (IOException ex) {
            throw new DeployException("cannot write to " + dir + ": " + ex.getMessage(), ex);
        }
    }

    /** The aws commands an administrator runs, once, with the documents written to {@code dir}; then how to use it. */
    public List<String> commands(Path dir) {
        String stack = settings.stack();
        List<String> lines = new ArrayList<>();
        github.ifPresent(runs -> lines.add("  aws iam create-open-id-connect-provider --url https://"
                + GitHubTrust.ISSUER + " --client-id-list " + GitHubTrust.AUDIENCE
                + "   # once per account: skip it when `aws iam list-open-id-connect-providers` lists "
                + GitHubTrust.ISSUER));
        github.ifPresent(runs -> lines.add("  # the stack's policies, unless an earlier admin-setup made them (the same"
                + " documents as the people's deploying role's):"));
        policies.keySet()
                .forEach(name -> lines.add("  aws iam create-policy --policy-name %s-%s --policy-document file://%s"
                        .formatted(stack, name, dir.resolve(name + ".json"))));
        lines.add("  aws iam create-role --role-name %s --assume-role-policy-document file://%s"
                        .formatted(role, dir.resolve(trustFile()))
                + " --tags Key=ecs-test:stack,Value=" + stack);
        deployerPolicies()
                .forEach(name -> lines.add("  aws iam attach-role-policy --role-name %s --policy-arn %s"
                        .formatted(role, policyArn(name))));
        if (github.isPresent()) {
            lines.add("then, in " + github.get().repository()
                    + "'s settings (Secrets and variables > Actions > Variables), set:");
            lines.add("  AWS_ROLE_ARN=" + roleArn());
            lines.add("  AWS_REGION=" + settings.require(Location.REGION));
            lines.add("and push: " + github.get().describe() + " may assume the role (docs/github-actions.md)");
            return lines;
        }
        lines.add("then whoever deploys uses the role, e.g.:");
        lines.add("  aws configure set profile.%s.role_arn %s".formatted(role, roleArn()));
        lines.add("  aws configure set profile.%s.source_profile default".formatted(role));
        lines.add("  deploy/ecs-test up --stack %s --profile %s".formatted(stack, role));
        return lines;
    }
}
