package ecstest.gate;

import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C trace ids whose first 8 hex digits are the epoch second the trace started, the rest random: the
 * form AWS X-Ray requires (as {@code 1-<8 hex>-<24 hex>}), so these traces can go to X-Ray unchanged.
 * Span ids are OpenTelemetry's random ones.
 */
final class XrayCompatibleIds implements IdGenerator {

    private static final IdGenerator RANDOM = IdGenerator.random();

    @Override
    public String generateSpanId() {
        return RANDOM.generateSpanId();
    }

    @Override
    public String generateTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long epochSecond = System.currentTimeMillis() / 1000;
        long high = (epochSecond << 32) | (random.nextInt() & 0xFFFF_FFFFL);
        long low;
        do {
            low = random.nextLong();
        } while (low == 0);
        return TraceId.fromLongs(high, low);
    }
}
