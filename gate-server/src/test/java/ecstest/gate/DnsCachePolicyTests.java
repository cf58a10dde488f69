package ecstest.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The JVM forgets resolved addresses within 5 s and failed lookups within 1 s (measured in a fresh JVM). */
class DnsCachePolicyTests {

    @Test
    void cachedAddressesAndMissesExpireWithinTheirTtl() throws Exception {
        Map<String, Long> lifetimes = runProbe();

        assertThat(lifetimes.get("positive"))
                .as(
                        "a resolved address is cached, then asked for again within %d s",
                        DnsCachePolicy.POSITIVE_TTL_SECONDS)
                .isBetween(
                        DnsCachePolicy.POSITIVE_TTL_SECONDS * 1000L - 1000,
                        DnsCachePolicy.POSITIVE_TTL_SECONDS * 1000L + 500);
        assertThat(lifetimes.get("negative"))
                .as("a failed lookup is retried within %d s", DnsCachePolicy.NEGATIVE_TTL_SECONDS)
                .isBetween(
                        DnsCachePolicy.NEGATIVE_TTL_SECONDS * 1000L - 500,
                        DnsCachePolicy.NEGATIVE_TTL_SECONDS * 1000L + 500);
    }

    private static Map<String, Long> runProbe() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), DnsTtlProbe.class.getName())
                .redirectErrorStream(true)
                .start();
        assertThat(probe.waitFor(30, TimeUnit.SECONDS)).as("probe finished").isTrue();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.exitValue()).as(output).isZero();
        Map<String, Long> lifetimes = new HashMap<>();
        output.lines()
                .filter(line -> line.matches("(positive|negative)=-?\\d+"))
                .forEach(line -> {
                    String[] parts = line.split("=");
                    lifetimes.put(parts[0], Long.parseLong(parts[1]));
                });
        assertThat(lifetimes).as(output).containsKeys("positive", "negative");
        return lifetimes;
    }
}
