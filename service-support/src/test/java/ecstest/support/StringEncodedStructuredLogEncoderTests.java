package ecstest.support;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.status.Status;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class StringEncodedStructuredLogEncoderTests {

    private final LoggerContext context = new LoggerContext();

    StringEncodedStructuredLogEncoderTests() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("test", Map.of("spring.application.name", "gate-server")));
        context.putObject(Environment.class.getName(), environment);
    }

    @Test
    void writesBootsLineByteForByteOnTheFastPath() {
        for (String format : List.of("ecs", "logstash")) {
            for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE)) {
                LoggingEvent event = requestLine();
                byte[] boots =
                        started(new StructuredLogEncoder(), format, charset).encode(event);
                byte[] ours = started(new StringEncodedStructuredLogEncoder(), format, charset)
                        .encode(event);

                assertThat(new String(ours, charset)).isEqualTo(new String(boots, charset));
                assertThat(ours).isEqualTo(boots);
                assertThat(new String(ours, charset)).contains("응, 답!", "\"upstream_ms\":7", "0af7651916cd43dd");
            }
        }
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .as("no fallback to Boot's own encoding")
                .noneMatch(status -> status.getLevel() >= Status.WARN);
    }

    private StructuredLogEncoder started(StructuredLogEncoder encoder, String format, Charset charset) {
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.setCharset(charset);
        encoder.start();
        return encoder;
    }

    private LoggingEvent requestLine() {
        LoggingEvent event = new LoggingEvent();
        event.setLoggerName("ecstest.gate.GateController");
        event.setLevel(Level.INFO);
        event.setThreadName("tomcat-handler-7");
        event.setMessage("GET / -> \"{}\"");
        event.setArgumentArray(new Object[] {"응, 답!"});
        event.setTimeStamp(1_764_000_000_123L);
        event.setMDCPropertyMap(Map.of("traceId", "692f3a00e4b0a1c20af7651916cd43dd", "spanId", "b7ad6b7169203331"));
        event.addKeyValuePair(new KeyValuePair("status", 200));
        event.addKeyValuePair(new KeyValuePair("upstream_ms", 7));
        return event;
    }
}
