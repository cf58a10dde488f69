package ecstest.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * A setting has one environment name wherever the services run: every variable docker-compose.yml sets is one the
 * rendered task definition of the same service sets, and each variable a task definition sets is in compose too,
 * unless it is about AWS alone (named below, with why).
 */
class OneNamePerSettingTests {

    /** Task-definition variables with no meaning on a laptop's bridge network, or sized for a Fargate task only. */
    private static final Map<String, String> AWS_ONLY = Map.of(
            "AWS_REGION", "the region of Parameter Store and CloudWatch",
            "SPRING_CONFIG_IMPORT", "imports the stack's Parameter Store settings",
            "MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_ENABLED", "publishes metrics to CloudWatch",
            "MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_NAMESPACE", "the stack's CloudWatch namespace",
            "LOGGING_STRUCTURED_FORMAT_CONSOLE",
                    "JSON log lines for CloudWatch Logs; plain text is easier to read locally",
            "SERVER_TOMCAT_THREADS_MAX",
                    "request threads for the Fargate task's share of a vCPU; compose runs on the machine's cores,"
                            + " which the services' own default suits");

    @Test
    void composeAndTheTaskDefinitionsUseTheSameNames() throws IOException {
        Path rendered = TaskDefinitionContainerTests.render();
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("../docker-compose.yml")));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

        for (String service : List.of("gate-server", "data-server")) {
            Set<String> inCompose = composeVariables(services.get(service));
            Set<String> inTask = taskVariables(
                    TaskDefinitionContainerTests.read(rendered, "ecs-register-task-definition-" + service));

            assertThat(inTask)
                    .as("%s's task definition sets every variable compose sets", service)
                    .containsAll(inCompose);
            Set<String> onlyInTask = new TreeSet<>(inTask);
            onlyInTask.removeAll(inCompose);
            assertThat(AWS_ONLY.keySet())
                    .as("%s: a task-definition variable compose lacks must be about AWS alone", service)
                    .containsAll(onlyInTask);
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> composeVariables(Map<String, Object> service) {
        Object environment = service.get("environment");
        Set<String> names = new TreeSet<>();
        if (environment instanceof Map<?, ?> map) {
            map.keySet().forEach(name -> names.add((String) name));
        } else if (environment instanceof List<?> list) {
            ((List<String>) list).forEach(entry -> names.add(entry.split("=", 2)[0]));
        }
        return names;
    }

    private static Set<String> taskVariables(JsonNode task) {
        List<String> names = new ArrayList<>();
        task.get("containerDefinitions")
                .forEach(container -> container
                        .path("environment")
                        .forEach(variable -> names.add(variable.get("name").asString())));
        return new TreeSet<>(names);
    }
}
