package ecstest.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class XrayCompatibleIdsTests {

    private final XrayCompatibleIds ids = new XrayCompatibleIds();

    @Test
    void traceIdsStartWithTheEpochSecondAndAreValidW3cIds() {
        long before = System.currentTimeMillis() / 1000;
        String traceId = ids.generateTraceId();
        long after = System.currentTimeMillis() / 1000;

        assertThat(TraceId.isValid(traceId)).isTrue();
        assertThat(Long.parseLong(traceId.substring(0, 8), 16)).isBetween(before, after);
    }

    @Test
    void traceAndSpanIdsDoNotRepeat() {
        Set<String> traces = new HashSet<>();
        Set<String> spans = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            traces.add(ids.generateTraceId());
            String span = ids.generateSpanId();
            assertThat(SpanId.isValid(span)).isTrue();
            spans.add(span);
        }
        assertThat(traces).hasSize(10_000);
        assertThat(spans).hasSize(10_000);
    }
}
