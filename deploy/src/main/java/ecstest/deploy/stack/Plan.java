package ecstest.deploy.stack;

import ecstest.deploy.DeployException;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.template.RequestParser;
import ecstest.deploy.template.TemplateRenderer;
import ecstest.deploy.template.TemplateRenderer.Placeholders;
import ecstest.deploy.template.Templates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stack's calls for one run's settings, built once: every resource kind's steps in the plan's order, the parts of
 * requests chosen by a setting (policy documents, gate-server's deployment configuration) rendered once, and every
 * call rendered and checked once before the first request ({@link #check()}): a missing value (all of them listed), an
 * unknown field or a wrong type (file and JSON path), a value AWS would reject. A call that needs an output made by an
 * earlier one is rendered again, with it, when its turn comes.
 */
public final class Plan {

    /** One call of the plan, with the kind that knows its resource and its place in the order (from 1). */
    public record Entry(Resource resource, Step step, int index) {
        public String fileName() {
            return step.fileName(index);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StackSettings settings;
    private final Templates templates;
    private final TemplateRenderer renderer = new TemplateRenderer();
    private final RequestParser parser = new RequestParser();
    private final List<Entry> entries = new ArrayList<>();
    private final Set<Output> outputs = new LinkedHashSet<>();
    private final Placeholders constants;
    private final Map<String, Set<String>> missing = new TreeMap<>();
    private List<RenderedStep> checked;

    private Plan(StackSettings settings, Templates templates) {
        this.settings = settings;
        this.templates = templates;
        Map<String, String> text = new HashMap<>(settings.placeholders());
        Map<String, JsonNode> json = new HashMap<>();
        for (Resource resource : StackPlan.RESOURCES) {
            outputs.addAll(resource.outputs());
            for (Fragment fragment : resource.fragments(settings)) {
                if (fragment.document()) {
                    JsonNode rendered = renderWhole(
                            fragment.template(),
                            new Placeholders(settings.placeholders(), settings.numbers(), Map.of()),
                            false);
                    text.put(fragment.placeholder(), JSON.writeValueAsString(rendered));
                } else {
                    // filled where it is placed, with the step's values and the outputs known then
                    json.put(fragment.placeholder(), templates.read(fragment.template()));
                }
            }
            for (Step step : resource.steps(settings)) {
                entries.add(new Entry(resource, step, entries.size() + 1));
            }
        }
        this.constants = new Placeholders(Map.copyOf(text), settings.numbers(), Map.copyOf(json));
    }

    /** The plan of these settings: every kind's steps, in order, with the parts chosen by the settings. */
    public static Plan of(StackSettings settings, Templates templates) {
        return new Plan(settings, templates);
    }

    public StackSettings settings() {
        return settings;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** A step a kind gives (its task definition for a service, say), rendered with the outputs known. */
    public RenderedStep render(Step step, StackState state) {
        return render(entry(step), state);
    }

    private Entry entry(Step step) {
        return entries.stream()
                .filter(entry -> entry.step().equals(step))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("not a step of this plan: " + step));
    }

    /**
     * Every call rendered with no output known (those stay placeholders) and checked, once: stops on a missing value
     * (listing every one), a bad template, or a request AWS would refuse.
     */
    public List<RenderedStep> check() {
        if (checked != null) {
            return checked;
        }
        List<RenderedStep> rendered = new ArrayList<>();
        for (Entry entry : entries) {
            rendered.add(render(entry, new StackState(), missing));
        }
        if (!missing.isEmpty()) {
            StringBuilder message = new StringBuilder("missing values (set them in stacks/" + settings.stack()
                    + ".properties, as ECS_TEST_<NAME>, or with --set NAME=VALUE):");
            missing.forEach((name, files) -> message.append("\n  ")
                    .append(name)
                    .append("  (used by ")
                    .append(String.join(", ", files))
                    .append(')'));
            throw new DeployException(message.toString());
        }
        List<String> problems = new ArrayList<>();
        StackPlan.RESOURCES.forEach(resource -> problems.addAll(resource.checkRequests(rendered)));
        if (!problems.isEmpty()) {
            throw new DeployException("the stack would not work on AWS:\n  " + String.join("\n  ", problems));
        }
        checked = List.copyOf(rendered);
        return checked;
    }

    /** Every call, checked, with the outputs known (what {@code render --discover} writes). */
    public List<RenderedStep> render(StackState state) {
        check();
        return entries.stream().map(entry -> render(entry, state)).toList();
    }

    /** One step, of a plan {@link #check() checked}, with the outputs known by now. */
    public RenderedStep render(Entry entry, StackState state) {
        Map<String, Set<String>> stillMissing = new TreeMap<>();
        RenderedStep step = render(entry, state, stillMissing);
        if (!stillMissing.isEmpty()) {
            throw new DeployException(step.fileName() + ": missing values " + stillMissing.keySet());
        }
        return step;
    }

    private RenderedStep render(Entry entry, StackState state, Map<String, Set<String>> missingSettings) {
        Step step = entry.step();
        String fileName = entry.fileName();
        Placeholders known = constants.with(state.placeholders(outputs), Set.of());
        Map<String, String> stepValues = new HashMap<>();
        Set<String> missingHere = new TreeSet<>();
        step.vars().forEach((name, value) -> {
            // a step value that refers to a missing name is itself missing: the template keeps ${NAME}
            TemplateRenderer.Rendered filled =
                    renderer.render(JSON.getNodeFactory().stringNode(value), known);
            missingHere.addAll(filled.missing());
            if (filled.missing().isEmpty()) {
                stepValues.put(name, filled.json().asString());
            }
        });
        TemplateRenderer.Rendered result =
                renderer.render(templates.read(step.template()), known.with(stepValues, step.numbers()));
        Set<String> missingInTemplate = new TreeSet<>(result.missing());
        // a step value left out above is reported by the names it refers to (which may be its own name: a var
        // X_ID of "${X_ID}", the output a resource before it makes)
        missingInTemplate.removeAll(step.vars().keySet());
        missingHere.addAll(missingInTemplate);
        Set<String> waiting = new TreeSet<>();
        for (String name : missingHere) {
            if (outputs.stream().anyMatch(output -> output.name().equals(name))) {
                waiting.add(name);
            } else {
                missingSettings.computeIfAbsent(name, n -> new TreeSet<>()).add(fileName);
            }
        }
        return new RenderedStep(
                entry.index(),
                step,
                fileName,
                result.json(),
                waiting,
                parser.parse(fileName, step.call(), result.json()));
    }

    /** A whole document (a policy, say) for the stack's settings: stops on any value the template needs but lacks. */
    public JsonNode document(String template) {
        return renderWhole(template, constants, true);
    }

    /** A whole document for the stack's settings and one value of its own (a trust policy's subject, say). */
    public JsonNode document(String template, String name, String value) {
        return renderWhole(template, constants.with(Map.of(name, value), Set.of()), true);
    }

    private JsonNode renderWhole(String template, Placeholders placeholders, boolean strict) {
        TemplateRenderer.Rendered result = renderer.render(templates.read(template), placeholders);
        if (!result.missing().isEmpty()) {
            if (strict) {
                throw new DeployException(
                        "missing values for templates/" + template + ": " + String.join(", ", result.missing()));
            }
            result.missing()
                    .forEach(name ->
                            missing.computeIfAbsent(name, n -> new TreeSet<>()).add(template));
        }
        return result.json();
    }

    public static String toJson(JsonNode json) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
    }
}
