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
 * Fills {@code ${NAME}} placeholders in a parsed template. A string that is exactly one placeholder of
 * a {@link Variables#NUMERIC numeric} variable becomes a JSON number, so templates stay valid JSON before
 * rendering and exact AWS CLI input after it; a string that is exactly one {@link Variables#FRAGMENTS fragment}
 * placeholder becomes that fragment's JSON (a template of its own, chosen by a setting), filled in turn; every
 * other placeholder is text. Unknown names are left in
 * place and reported, all of them.
 */
public final class TemplateRenderer {

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    public static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

    public record Rendered(JsonNode json, Set<String> missing) {}

    public Rendered render(JsonNode template, Map<String, String> values) {
        Set<String> missing = new TreeSet<>();
        return new Rendered(fill(template.deepCopy(), values, missing), missing);
    }

    private JsonNode fill(JsonNode node, Map<String, String> values, Set<String> missing) {
        if (node instanceof ObjectNode object) {
            for (String field : Set.copyOf(object.propertyNames())) {
                object.set(field, fill(object.get(field), values, missing));
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, fill(array.get(i), values, missing));
            }
            return array;
        }
        return node.isString() ? fillText(node.asString(), values, missing) : node;
    }

    private JsonNode fillText(String text, Map<String, String> values, Set<String> missing) {
        Matcher whole = PLACEHOLDER.matcher(text);
        if (whole.matches() && Variables.NUMERIC.contains(whole.group(1)) && values.containsKey(whole.group(1))) {
            return number(whole.group(1), values.get(whole.group(1)));
        }
        if (whole.matches() && Variables.FRAGMENTS.contains(whole.group(1)) && values.containsKey(whole.group(1))) {
            // a part of the request from a template of its own, filled with the same values
            return fill(JSON.readTree(values.get(whole.group(1))), values, missing);
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
