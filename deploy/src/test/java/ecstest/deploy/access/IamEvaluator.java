package ecstest.deploy.access;

import ecstest.deploy.fixtures.TestStack;
import ecstest.testsupport.Skip;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks an IAM policy evaluator, @cloud-copilot/iam-simulate (npm, installed by {@code npm ci --prefix
 * deploy/src/test/iam}), for the verdict on each authorization: identity policies, a permissions boundary,
 * every condition operator and key. Node runs src/test/iam/evaluate.mjs once per batch.
 */
final class IamEvaluator {

    static final Path DIR = TestStack.HOME.resolve("src/test/iam");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Verdict(IamRequests.Authorization request, String result, String detail) {
        boolean allowed() {
            return result.equals("Allowed");
        }
    }

    /**
     * down deletes network interfaces an emulator leaves "available"; on AWS their service removes them, and the
     * deploying role may not (no stack tag on an interface, no condition key naming the VPC before it exists).
     */
    static final List<String> REFUSED_ON_PURPOSE = List.of("ec2:DeleteNetworkInterface");

    /**
     * iam-simulate's data gives elasticloadbalancing:AddTags only Classic Load Balancer's resource type (the
     * prefix is shared by both APIs), so it cannot judge tagging a target group or listener as it is created;
     * the policy's statement for them is the one it judges for the load balancer.
     */
    static boolean cannotJudge(Verdict verdict) {
        return verdict.request().action().equals("elasticloadbalancing:AddTags")
                && verdict.result().equals("Error")
                && verdict.detail().contains("no.resource.types")
                && verdict.request().resource().matches(".*:(targetgroup|listener|listener-rule)/.*");
    }

    /** The verdicts that must be Allowed: all but the calls refused on purpose and those the evaluator cannot judge. */
    static List<Verdict> mustBeAllowed(List<Verdict> verdicts) {
        return verdicts.stream()
                .filter(v -> !REFUSED_ON_PURPOSE.contains(v.request().action()))
                .filter(v -> !cannotJudge(v))
                .toList();
    }

    private final String principal;
    private final String account;
    private final Map<String, JsonNode> identityPolicies;
    private final JsonNode boundary;
    private final JsonNode trustPolicy;

    IamEvaluator(String principal, String account, Map<String, JsonNode> identityPolicies, JsonNode boundary) {
        this(principal, account, identityPolicies, boundary, null);
    }

    private IamEvaluator(
            String principal,
            String account,
            Map<String, JsonNode> identityPolicies,
            JsonNode boundary,
            JsonNode trustPolicy) {
        this.principal = principal;
        this.account = account;
        this.identityPolicies = identityPolicies;
        this.boundary = boundary;
        this.trustPolicy = trustPolicy;
    }

    /**
     * Judges a role's trust policy: may this principal (an OIDC provider's ARN, say) assume the role, given the
     * request's context (the token's claims)?
     */
    static IamEvaluator trust(String principal, String account, JsonNode trustPolicy) {
        return new IamEvaluator(principal, account, Map.of(), null, trustPolicy);
    }

    List<Verdict> evaluate(List<IamRequests.Authorization> requests) throws IOException, InterruptedException {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("principal", principal);
        input.put("accountId", account);
        List<Map<String, Object>> policies = new ArrayList<>();
        identityPolicies.forEach((name, policy) -> policies.add(Map.of("name", name, "policy", policy)));
        input.put("identityPolicies", policies);
        input.put("permissionBoundary", boundary);
        if (trustPolicy != null) {
            input.put("trustPolicy", trustPolicy);
        }
        input.put(
                "requests",
                requests.stream()
                        .map(r -> Map.of("action", r.action(), "resource", r.resource(), "context", r.context()))
                        .toList());
        Process node = new ProcessBuilder("node", "evaluate.mjs")
                .directory(DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (var stdin = node.getOutputStream()) {
            stdin.write(JSON.writeValueAsBytes(input));
        }
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!node.waitFor(2, TimeUnit.MINUTES) || node.exitValue() != 0) {
            throw new IllegalStateException("the IAM evaluator failed (exit " + node.exitValue() + "): " + output);
        }
        List<String> lines = output.lines().toList();
        if (lines.size() != requests.size()) {
            throw new IllegalStateException(
                    "the IAM evaluator answered " + lines.size() + " of " + requests.size() + ": " + output);
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = JSON.readTree(lines.get(i));
            verdicts.add(new Verdict(
                    requests.get(i),
                    line.get("result").asString(),
                    line.has("detail") ? line.get("detail").asString() : ""));
        }
        return verdicts;
    }

    /** Skips (fails in CI) a class when node or the evaluator's package is missing, saying how to install it. */
    static final class Available implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isPresent()) {
                return ConditionEvaluationResult.enabled("decided for the class");
            }
            if (!ecstest.testsupport.Skip.onPath("node")) {
                return Skip.orFail(context, "node not on PATH: install Node.js 20 or newer");
            }
            if (!Files.isDirectory(DIR.resolve("node_modules/@cloud-copilot/iam-simulate"))) {
                return Skip.orFail(context, "the IAM evaluator is not installed: npm ci --prefix deploy/src/test/iam");
            }
            return ConditionEvaluationResult.enabled("node and @cloud-copilot/iam-simulate are installed");
        }
    }
}
