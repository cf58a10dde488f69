package ecstest.deploy.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TemplateRendererTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final TemplateRenderer renderer = new TemplateRenderer();

    @Test
    void aWholeNumericPlaceholderBecomesANumberAndEverythingElseText() {
        JsonNode template = json.readTree("""
                {"port": "${GATE_PORT}", "name": "${STACK}-gate", "url": "http://x:${GATE_PORT}", "cpu": "${GATE_CPU}"}""");

        TemplateRenderer.Rendered rendered = renderer.render(
                template,
                new TemplateRenderer.Placeholders(
                        Map.of("GATE_PORT", "8080", "STACK", "s1", "GATE_CPU", "256"), Set.of("GATE_PORT"), Map.of()));

        assertThat(rendered.json().get("port").isNumber()).isTrue();
        assertThat(rendered.json().get("port").asInt()).isEqualTo(8080);
        assertThat(rendered.json().get("name").asString()).isEqualTo("s1-gate");
        assertThat(rendered.json().get("url").asString()).isEqualTo("http://x:8080");
        assertThat(rendered.json().get("cpu").isString())
                .as("ECS task cpu is a string")
                .isTrue();
        assertThat(rendered.missing()).isEmpty();
    }

    @Test
    void reportsEveryMissingNameAndLeavesItInPlace() {
        JsonNode template = json.readTree("""
                {"a": ["${ONE}", {"b": "x-${TWO}-${ONE}"}], "c": "${THREE}"}""");

        TemplateRenderer.Rendered rendered = renderer.render(template, text(Map.of("THREE", "3")));

        assertThat(rendered.missing()).containsExactly("ONE", "TWO");
        assertThat(rendered.json().get("a").get(1).get("b").asString()).isEqualTo("x-${TWO}-${ONE}");
        assertThat(rendered.json().get("c").asString()).isEqualTo("3");
    }

    @Test
    void valuesAreInsertedAsTextNotAsJson() {
        JsonNode template = json.readTree("{\"policy\": \"${TRUST_POLICY}\"}");

        JsonNode rendered = renderer.render(template, text(Map.of("TRUST_POLICY", "{\"a\":\"b\\\"c\"}")))
                .json();

        assertThat(rendered.get("policy").asString()).isEqualTo("{\"a\":\"b\\\"c\"}");
    }

    @Test
    void aFragmentPlaceholderBecomesItsJsonFilledInTurn() {
        JsonNode template = json.readTree("{\"deploymentConfiguration\": \"${CONFIGURATION}\"}");
        JsonNode fragment = json.readTree("{\"bakeTimeInMinutes\": \"${BAKE}\", \"strategy\": \"CANARY\"}");

        JsonNode rendered = renderer.render(
                        template,
                        new TemplateRenderer.Placeholders(
                                Map.of("BAKE", "5"), Set.of("BAKE"), Map.of("CONFIGURATION", fragment)))
                .json();

        assertThat(rendered.get("deploymentConfiguration")
                        .get("bakeTimeInMinutes")
                        .asInt())
                .isEqualTo(5);
        assertThat(rendered.get("deploymentConfiguration").get("strategy").asString())
                .isEqualTo("CANARY");
        assertThat(fragment.get("bakeTimeInMinutes").asString())
                .as("the fragment itself")
                .isEqualTo("${BAKE}");
    }

    private static TemplateRenderer.Placeholders text(Map<String, String> values) {
        return new TemplateRenderer.Placeholders(values, Set.of(), Map.of());
    }
}
