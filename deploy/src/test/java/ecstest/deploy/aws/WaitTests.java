package ecstest.deploy.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ecstest.deploy.DeployException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The deadline logic every wait shares (an emulator has every resource ready at once, so test it here). */
class WaitTests {

    private final StringWriter console = new StringWriter();
    private final Wait wait = new Wait(new PrintWriter(console, true), Duration.ofMillis(5));

    @Test
    void printsEachNewStateAndReturnsTheOneThatEndsTheWait() {
        Iterator<String> states =
                List.of("pending", "pending", "provisioning", "available").iterator();

        String last = wait.until(
                "NAT gateway nat-1", Duration.ofSeconds(5), states::next, "available"::equals, "failed"::equals);

        assertThat(last).isEqualTo("available");
        assertThat(console.toString().lines()).hasSize(3).allMatch(line -> line.startsWith("    NAT gateway nat-1: "));
    }

    @Test
    void aDeadlineFailsWithTheLastStateSeen() {
        assertThatThrownBy(() -> wait.until(
                        "deployment ecs-svc/1 of gate-server",
                        Duration.ofMillis(200),
                        () -> "IN_PROGRESS 1/2 running",
                        s -> false,
                        s -> false))
                .isInstanceOf(DeployException.class)
                .hasMessage("deployment ecs-svc/1 of gate-server is still IN_PROGRESS 1/2 running after 0.2 s;"
                        + " run the command again to keep waiting, or `down --yes` to remove the stack");
    }

    @Test
    void aStateThatWillNeverGetThereFailsAtOnce() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> wait.until(
                        "NAT gateway nat-1",
                        Duration.ofMinutes(10),
                        () -> "failed",
                        "available"::equals,
                        "failed"::equals))
                .hasMessageContaining("NAT gateway nat-1 is failed; it will not get there");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }
}
