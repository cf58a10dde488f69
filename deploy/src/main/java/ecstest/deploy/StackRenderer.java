package ecstest.deploy;

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
final class StackRenderer {

    /** One call, rendered. {@code waitingFor}: resource IDs not known yet (created by earlier steps). */
    record RenderedStep(
            int index, Step step, String fileName, JsonNode json, Set<String> waitingFor, SdkRequest request) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TRUST_POLICY = "iam/task-execution-trust-policy.json";

    private final Path templates;
    private final TemplateRenderer renderer = new TemplateRenderer();
    private final RequestParser parser = new RequestParser();

    StackRenderer(Path templates) {
        this.templates = templates;
    }

    /** @param values configuration values and whatever resource IDs are known */
    List<RenderedStep> render(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        Map<String, Set<String>> missingConfig = new TreeMap<>();
        TemplateRenderer.Rendered trustPolicy = renderer.render(read(TRUST_POLICY), values);
        trustPolicy
                .missing()
                .forEach(name -> missingConfig
                        .computeIfAbsent(name, n -> new TreeSet<>())
                        .add(TRUST_POLICY));
        all.put("TRUST_POLICY", JSON.writeValueAsString(trustPolicy.json()));
        List<RenderedStep> rendered = new ArrayList<>();
        int index = 1;
        for (Step step : StackPlan.steps()) {
            String fileName = step.fileName(index);
            Map<String, String> stepValues = new HashMap<>(all);
            step.vars().forEach((name, value) -> stepValues.put(name, fillText(value, all)));
            TemplateRenderer.Rendered result = renderer.render(read(step.template()), stepValues);
            Set<String> waiting = new TreeSet<>();
            for (String name : result.missing()) {
                (Variables.RESOURCE_IDS.contains(name)
                                ? waiting
                                : missingConfig.computeIfAbsent(name, n -> new TreeSet<>()))
                        .add(Variables.RESOURCE_IDS.contains(name) ? name : fileName);
            }
            rendered.add(new RenderedStep(
                    index++, step, fileName, result.json(), waiting, parser.parse(fileName, step, result.json())));
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

    static String toJson(JsonNode json) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
    }

    private JsonNode renderWhole(String template, Map<String, String> values) {
        TemplateRenderer.Rendered result = renderer.render(read(template), values);
        if (!result.missing().isEmpty()) {
            throw new DeployException(
                    "missing values for templates/" + template + ": " + String.join(", ", result.missing()));
        }
        return result.json();
    }

    private String fillText(String text, Map<String, String> values) {
        return renderer.render(JSON.getNodeFactory().stringNode(text), values)
                .json()
                .asString();
    }

    private JsonNode read(String template) {
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
