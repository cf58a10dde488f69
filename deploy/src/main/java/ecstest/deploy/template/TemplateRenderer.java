package ecstest.deploy.template;

import ecstest.deploy.DeployException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fills {@code ${NAME}} placeholders in a parsed template. A string that is exactly one placeholder of a
 * {@link Placeholders#numbers() number} becomes a JSON number, so templates stay valid JSON before rendering and exact
 * AWS CLI input after it; a string that is exactly one {@link Placeholders#fragments() fragment} becomes that
 * fragment's JSON (a part of a request from a template of its own, chosen by a setting), filled in turn; every other
 * placeholder is text. Unknown names are left in place and reported, all of them.
 */
public final class TemplateRenderer {

    public static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

    /**
     * What fills the placeholders.
     *
     * @param values text by name
     * @param numbers the names whose value is a JSON number where a string is exactly the placeholder
     * @param fragments JSON by name, filled in turn where a string is exactly the placeholder
     */
    public record Placeholders(Map<String, String> values, Set<String> numbers, Map<String, JsonNode> fragments) {

        /** These, with more text values over them (a step's own). */
        public Placeholders with(Map<String, String> more, Set<String> moreNumbers) {
            Map<String, String> all = new java.util.HashMap<>(values);
            all.putAll(more);
            Set<String> allNumbers = new TreeSet<>(numbers);
            allNumbers.addAll(moreNumbers);
            return new Placeholders(all, allNumbers, fragments);
        }
    }

    public record Rendered(JsonNode json, Set<String> missing) {}

    public Rendered render(JsonNode template, Placeholders placeholders) {
        Set<String> missing = new TreeSet<>();
        return new Rendered(fill(template.deepCopy(), placeholders, missing), missing);
    }

    private JsonNode fill(JsonNode node, Placeholders placeholders, Set<String> missing) {
        if (node instanceof ObjectNode object) {
            for (String field : Set.copyOf(object.propertyNames())) {
                object.set(field, fill(object.get(field), placeholders, missing));
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, fill(array.get(i), placeholders, missing));
            }
            return array;
        }
        return node.isString() ? fillText(node.asString(), placeholders, missing) : node;
    }

    private JsonNode fillText(String text, Placeholders placeholders, Set<String> missing) {
        Map<String, String> values = placeholders.values();
        Matcher whole = PLACEHOLDER.matcher(text);
        if (whole.matches()) {
            String name = whole.group(1);
            if (placeholders.numbers().contains(name) && values.containsKey(name)) {
                return number(name, values.get(name));
            }
            if (placeholders.fragments().containsKey(name)) {
                return fill(placeholders.fragments().get(name).deepCopy(), placeholders, missing);
            }
        }
        StringBuilder out = new StringBuilder();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                missing.add(matcher.group(1));
                value = matcher.group();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return JsonNodeFactory.instance.stringNode(out.toString());
    }

    private static JsonNode number(String name, String value) {
        try {
            return value.contains(".")
                    ? JsonNodeFactory.instance.numberNode(Double.parseDouble(value))
                    : JsonNodeFactory.instance.numberNode(Long.parseLong(value));
        } catch (NumberFormatException ex) {
            throw new DeployException(name + " must be a number, not '" + value + "'");
        }
    }
}
