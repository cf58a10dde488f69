package ecstest.deploy.stack;

import ecstest.deploy.DeployException;
import ecstest.deploy.config.SettingRules;
import ecstest.deploy.template.RequestParser;
import ecstest.deploy.template.Step;
import ecstest.deploy.template.TemplateRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Configuration + templates → the stack's API calls, each as the exact AWS CLI input JSON and as the
 * SDK request it parses into. Stops before any AWS call on a missing value (listing every one), an
 * unknown field or wrong type (naming file and path), or a value AWS would reject.
 */
public final class StackRenderer {

    /** One call, rendered. {@code waitingFor}: resource IDs not known yet (created by earlier steps). */
    public record RenderedStep(
            int index, Step step, String fileName, JsonNode json, Set<String> waitingFor, SdkRequest request) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Policy documents that calls carry as JSON strings: the placeholder each fills, and its template. */
    private static final Map<String, String> DOCUMENTS = Map.of(
            "TRUST_POLICY", "iam/task-execution-trust-policy.json",
            "EXECUTION_POLICY", "iam/task-execution-policy.json",
            "GATE_TASK_POLICY", "iam/gate-server-task-policy.json",
            "LOAD_BALANCERS_TRUST_POLICY", "iam/load-balancers-trust-policy.json",
            "LOAD_BALANCERS_POLICY", "iam/load-balancers-policy.json");

    private final Path templates;
    private final TemplateRenderer renderer = new TemplateRenderer();
    private final RequestParser parser = new RequestParser();
    private final Map<String, JsonNode> cache = new HashMap<>(); // parsed templates; the renderer copies before filling

    public StackRenderer(Path templates) {
        this.templates = templates;
    }

    /**
     * The whole stack, checked: stops on a missing configuration value (listing all of them), a bad
     * template, or a value AWS would reject.
     *
     * @param values configuration values and whatever resource IDs are known
     */
    public List<RenderedStep> render(Map<String, String> values) {
        Map<String, Set<String>> missingConfig = new TreeMap<>();
        Map<String, String> all = withDerivedValues(values, missingConfig);
        List<RenderedStep> rendered = new ArrayList<>();
        List<Step> steps = StackPlan.steps(values);
        for (int i = 0; i < steps.size(); i++) {
            rendered.add(renderStep(i, steps.get(i), all, missingConfig));
        }
        if (!missingConfig.isEmpty()) {
            StringBuilder message = new StringBuilder(
                    "missing values (set them in stacks/<stack>.properties, as ECS_TEST_<NAME>, or with --set NAME=VALUE):");
            missingConfig.forEach((name, files) -> message.append("\n  ")
                    .append(name)
                    .append("  (used by ")
                    .append(String.join(", ", files))
                    .append(')'));
            throw new DeployException(message.toString());
        }
        List<String> problems = new StackValidator().problems(values, rendered);
        if (!problems.isEmpty()) {
            throw new DeployException("the stack would not work on AWS:\n  " + String.join("\n  ", problems));
        }
        return rendered;
    }

    /** One step, for a stack {@link #render(Map) already checked}, with the resource IDs known by now. */
    public RenderedStep render(int index, Map<String, String> values) {
        Map<String, Set<String>> missingConfig = new TreeMap<>();
        RenderedStep step = renderStep(
                index, StackPlan.steps(values).get(index), withDerivedValues(values, missingConfig), missingConfig);
        if (!missingConfig.isEmpty()) {
            throw new DeployException(step.fileName() + ": missing values " + missingConfig.keySet());
        }
        return step;
    }

    private RenderedStep renderStep(
            int index, Step step, Map<String, String> all, Map<String, Set<String>> missingConfig) {
        String fileName = step.fileName(index + 1);
        Map<String, String> stepValues = new HashMap<>(all);
        Set<String> missing = new TreeSet<>();
        step.vars().forEach((name, value) -> {
            // a step value that refers to a missing name is itself missing: the template keeps ${NAME}
            TemplateRenderer.Rendered filled =
                    renderer.render(JSON.getNodeFactory().stringNode(value), all);
            missing.addAll(filled.missing());
            if (filled.missing().isEmpty()) {
                stepValues.put(name, filled.json().asString());
            }
        });
        TemplateRenderer.Rendered result = renderer.render(read(step.template()), stepValues);
        missing.addAll(result.missing());
        missing.removeAll(step.vars().keySet()); // reported by the names they refer to
        Set<String> waiting = new TreeSet<>();
        for (String name : missing) {
            if (StackPlan.RESOURCE_IDS.contains(name)) {
                waiting.add(name);
            } else {
                missingConfig.computeIfAbsent(name, n -> new TreeSet<>()).add(fileName);
            }
        }
        return new RenderedStep(
                index + 1, step, fileName, result.json(), waiting, parser.parse(fileName, step, result.json()));
    }

    private Map<String, String> withDerivedValues(Map<String, String> values, Map<String, Set<String>> missingConfig) {
        Map<String, String> all = new HashMap<>(values);
        DOCUMENTS.forEach((placeholder, template) -> {
            TemplateRenderer.Rendered document = renderer.render(read(template), values);
            document.missing()
                    .forEach(name -> missingConfig
                            .computeIfAbsent(name, n -> new TreeSet<>())
                            .add(template));
            all.put(placeholder, JSON.writeValueAsString(document.json()));
        });
        String strategy = values.getOrDefault("GATE_DEPLOYMENT_STRATEGY", "ROLLING");
        if (SettingRules.STRATEGIES.contains(strategy)) { // else SettingRules names the setting
            all.put(
                    "GATE_DEPLOYMENT_CONFIGURATION",
                    JSON.writeValueAsString(read("ecs/gate-server-deployment-" + strategy + ".json")));
            all.put(
                    "GATE_LOAD_BALANCERS",
                    JSON.writeValueAsString(read("ecs/gate-server-load-balancers-"
                            + (strategy.equals("ROLLING") ? "ROLLING" : "TRAFFIC_SHIFT") + ".json")));
        }
        String label = albResourceLabel(values.get("LOAD_BALANCER_ARN"), values.get("TARGET_GROUP_ARN"));
        if (label != null) {
            all.put("ALB_RESOURCE_LABEL", label);
            // CloudWatch's LoadBalancer and TargetGroup dimensions: the same two parts of the ARNs
            int split = label.indexOf("/targetgroup/");
            all.put("LOAD_BALANCER_DIMENSION", label.substring(0, split));
            all.put("TARGET_GROUP_DIMENSION", label.substring(split + 1));
        }
        return all;
    }

    /**
     * How Application Auto Scaling names a target group behind a load balancer (for ALBRequestCountPerTarget):
     * {@code app/<lb name>/<lb id>/targetgroup/<tg name>/<tg id>}, cut from the two ARNs; null until both exist.
     */
    public static String albResourceLabel(String loadBalancerArn, String targetGroupArn) {
        if (loadBalancerArn == null || targetGroupArn == null) {
            return null;
        }
        int lb = loadBalancerArn.indexOf(":loadbalancer/");
        int tg = targetGroupArn.indexOf(":targetgroup/");
        if (lb < 0 || tg < 0) {
            throw new DeployException(
                    "not a load balancer and target group ARN: " + loadBalancerArn + ", " + targetGroupArn);
        }
        return loadBalancerArn.substring(lb + ":loadbalancer/".length()) + "/" + targetGroupArn.substring(tg + 1);
    }

    public static String toJson(JsonNode json) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
    }

    /** A whole document (a policy, say) for the stack's values: stops on any value the template needs but lacks. */
    public JsonNode document(String template, Map<String, String> values) {
        TemplateRenderer.Rendered result = renderer.render(read(template), values);
        if (!result.missing().isEmpty()) {
            throw new DeployException(
                    "missing values for templates/" + template + ": " + String.join(", ", result.missing()));
        }
        return result.json();
    }

    private JsonNode read(String template) {
        return cache.computeIfAbsent(template, this::readFile);
    }

    private JsonNode readFile(String template) {
        Path file = templates.resolve(template);
        try {
            return JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException ex) {
            throw new DeployException("template " + file + " is missing");
        } catch (IOException ex) {
            throw new DeployException("cannot read " + file + ": " + ex.getMessage(), ex);
        } catch (JacksonException ex) {
            throw new DeployException(file + " is not valid JSON: " + ex.getOriginalMessage() + " (line "
                    + ex.getLocation().getLineNr() + ", column "
                    + ex.getLocation().getColumnNr() + ")");
        }
    }
}
