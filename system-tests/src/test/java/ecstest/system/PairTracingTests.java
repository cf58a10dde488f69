package ecstest.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Both real applications with the task definitions' log format, following one request from gate to data.
 * Runs in a JVM of its own (see the pom): Boot keeps a JVM's first logging settings in system properties.
 */
@ExtendWith(OutputCaptureExtension.class)
class PairTracingTests extends InProcessPair {

    /** What the task definitions set: JSON log lines. */
    private static final String JSON_LOGS = "--logging.structured.format.console=ecs";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aRequestYieldsOneJsonLineInEachServiceWithTheSameTraceId(CapturedOutput output) throws Exception {
        data = startDataServer(0, JSON_LOGS);
        gate = startGate(port(data), JSON_LOGS);
        // a caller's W3C trace context (what a traced client or another service sends) is continued
        String callerTraceId = "6a1f3c2e9b8d47f0a1b2c3d4e5f60718";
        int before = output.getOut().length();

        HttpResponse<byte[]> response = get(gate, "traceparent", "00-" + callerTraceId + "-1a2b3c4d5e6f7081-01");
        HttpResponse<byte[]> untraced = get(gate);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(untraced.statusCode()).isEqualTo(200);
        List<Map<String, Object>> lines =
                await().until(() -> requestLines(output.getOut().substring(before)), found -> found.size() == 4);
        Map<String, Object> gateLine = lines.get(1);
        Map<String, Object> dataLine = lines.get(0);
        assertThat(gateLine)
                .containsEntry("log", Map.of("level", "INFO", "logger", "ecstest.gate.GateController"))
                .containsEntry("traceId", callerTraceId)
                .containsEntry("status", 200);
        assertThat(((Number) gateLine.get("upstream_ms")).longValue()).isNotNegative();
        assertThat(dataLine)
                .containsEntry("log", Map.of("level", "INFO", "logger", "ecstest.data.AnswerController"))
                .containsEntry("traceId", callerTraceId);
        // without a caller's context gate starts a trace, and data-server joins it
        assertThat(lines.get(3).get("traceId"))
                .isEqualTo(lines.get(2).get("traceId"))
                .isNotEqualTo(callerTraceId)
                .asString()
                .matches("[0-9a-f]{32}");
    }

    /** The JSON lines of both services' request logs, in the order written (data-server's first). */
    private static List<Map<String, Object>> requestLines(String out) {
        return out.lines()
                .filter(line -> line.startsWith("{"))
                .map(line -> JSON.readValue(line, new TypeReference<Map<String, Object>>() {}))
                .filter(line -> String.valueOf(line.get("message")).startsWith("GET / -> "))
                .toList();
    }
}
