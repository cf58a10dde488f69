package ecstest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The least-privilege policy for the deploying user grants every call the stack's templates make. */
class DeployerPolicyTests {

    /** AWS CLI service → IAM action prefix. */
    private static final Map<String, String> PREFIX = Map.of(
            "ec2", "ec2",
            "elbv2", "elasticloadbalancing",
            "ecs", "ecs",
            "servicediscovery", "servicediscovery",
            "application-autoscaling", "application-autoscaling",
            "iam", "iam",
            "ecr", "ecr",
            "logs", "logs");

    @Test
    void grantsEveryActionThePlanCalls() throws Exception {
        Set<String> granted = granted();

        Set<String> needed = StackPlan.steps().stream()
                .map(step -> PREFIX.get(step.service()) + ":" + pascal(step.operation()))
                .collect(Collectors.toCollection(java.util.TreeSet::new));

        assertThat(needed)
                .allSatisfy(action -> assertThat(allowed(granted, action))
                        .as("%s is granted by deployer-policy.json", action)
                        .isTrue());
        assertThat(granted).noneMatch(action -> action.endsWith(":*") || action.equals("*"));
    }

    /** restart, scale and config set --restart call these, besides what `up` calls (MaintenanceEmulatorTests). */
    @Test
    void grantsWhatTheMaintenanceVerbsCall() throws Exception {
        Set<String> granted = granted();

        assertThat(List.of(
                        "ecs:DescribeServices",
                        "ecs:UpdateService",
                        "ecs:ListTasks",
                        "ecs:DescribeTasks",
                        "application-autoscaling:RegisterScalableTarget",
                        "ssm:PutParameter"))
                .allSatisfy(action -> assertThat(allowed(granted, action))
                        .as("%s is granted by deployer-policy.json", action)
                        .isTrue());
    }

    /** The actions deployer-policy.json allows (every statement an Allow). */
    private static Set<String> granted() throws java.io.IOException {
        JsonNode policy = JsonMapper.builder()
                .build()
                .readTree(Files.readString(TestStack.HOME.resolve("templates/iam/deployer-policy.json")));
        Set<String> granted = new HashSet<>();
        policy.get("Statement").forEach(statement -> {
            assertThat(statement.get("Effect").asString()).isEqualTo("Allow");
            JsonNode actions = statement.get("Action");
            if (actions.isArray()) {
                actions.forEach(action -> granted.add(action.asString()));
            } else {
                granted.add(actions.asString());
            }
        });
        return granted;
    }

    private static boolean allowed(Set<String> granted, String action) {
        return granted.stream()
                .anyMatch(grant -> grant.endsWith("*")
                        ? action.startsWith(grant.substring(0, grant.length() - 1))
                        : grant.equals(action));
    }

    private static String pascal(String operation) {
        return Arrays.stream(operation.split("-"))
                .map(word -> Character.toUpperCase(word.charAt(0)) + word.substring(1))
                .collect(Collectors.joining());
    }
}
