package ecstest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.deploy.template.TemplateRenderer;
import java.util.Map;
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

        TemplateRenderer.Rendered rendered =
                renderer.render(template, Map.of("GATE_PORT", "8080", "STACK", "s1", "GATE_CPU", "256"));

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

        TemplateRenderer.Rendered rendered = renderer.render(template, Map.of("THREE", "3"));

        assertThat(rendered.missing()).containsExactly("ONE", "TWO");
        assertThat(rendered.json().get("a").get(1).get("b").asString()).isEqualTo("x-${TWO}-${ONE}");
        assertThat(rendered.json().get("c").asString()).isEqualTo("3");
    }

    @Test
    void valuesAreInsertedAsTextNotAsJson() {
        JsonNode template = json.readTree("{\"policy\": \"${TRUST_POLICY}\"}");

        JsonNode rendered = renderer.render(template, Map.of("TRUST_POLICY", "{\"a\":\"b\\\"c\"}"))
                .json();

        assertThat(rendered.get("policy").asString()).isEqualTo("{\"a\":\"b\\\"c\"}");
    }
}
