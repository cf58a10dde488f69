package ecstest.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ShutdownDrainTests {

    private final ShutdownDrain drain = new ShutdownDrain(new DataServerProperties(Duration.ofMillis(200)));

    @Test
    void keepsConnectionsOpenWhileRunning() throws Exception {
        drain.start();

        assertThat(filter().getHeader("Connection")).isNull();
        assertThat(drain.isRunning()).isTrue();
    }

    @Test
    void closesEachConnectionAfterItsAnswerOnceStoppingAndWaitsTheDrainPeriod() throws Exception {
        drain.start();

        long started = System.nanoTime();
        drain.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(filter().getHeader("Connection")).isEqualTo("close");
        assertThat(drain.isRunning()).isFalse();
    }

    @Test
    void isStoppedBeforeTheWebServersGracefulShutdown() {
        assertThat(drain.getPhase()).isEqualTo(Integer.MAX_VALUE);
    }

    private MockHttpServletResponse filter() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        drain.doFilter(new MockHttpServletRequest("GET", "/"), response, new MockFilterChain());
        return response;
    }
}
