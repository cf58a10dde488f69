package ecstest.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ecstest.deploy.servicesettings.ServiceSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** gate → data in this JVM: the answer relayed, an upstream outage and recovery, the settings contract. */
class PairIntegrationTests extends InProcessPair {

    private static final byte[] ANSWER = "응, 답!".getBytes(StandardCharsets.UTF_8);

    @Test
    void gateRelaysDataServersAnswerByteForByte() throws Exception {
        data = startDataServer(0);
        gate = startGate(port(data));

        HttpResponse<byte[]> response = get(gate);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
        assertThat(response.body()).isEqualTo(ANSWER);
    }

    @Test
    void gateTimesItsRequestsButNotItsCallsToDataServer() throws Exception {
        data = startDataServer(0);
        gate = startGate(port(data));

        assertThat(get(gate).statusCode()).isEqualTo(200);

        // The server's observation stops after the response is written, so the timer may lag the answer.
        MeterRegistry registry = gate.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(registry.find("http.server.requests").timers())
                                .isNotEmpty());
        assertThat(registry.find("http.client.requests").meters()).isEmpty();
    }

    @Test
    void gateAnswers502WhileDataServerIsDownAnd200AgainOnceItIsBack() throws Exception {
        data = startDataServer(0);
        int dataPort = port(data);
        gate = startGate(dataPort);
        assertThat(get(gate).statusCode()).isEqualTo(200); // leaves a pooled keep-alive connection behind

        data.close();
        long killed = System.nanoTime();
        HttpResponse<byte[]> whileDown = get(gate);
        Duration toFailure = Duration.ofNanos(System.nanoTime() - killed);

        assertThat(whileDown.statusCode()).isEqualTo(502);
        assertThat(whileDown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(toFailure).isLessThan(Duration.ofMillis(1500));

        data = startDataServer(dataPort);
        long restarted = System.nanoTime();
        HttpResponse<byte[]> back = get(gate);
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).isEqualTo(ANSWER);
        assertThat(Duration.ofNanos(System.nanoTime() - restarted)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void everySettingTheDeployCliOffersIsOneTheServicesRead() {
        data = startDataServer(0);
        gate = startGate(port(data));

        for (ServiceSettings.Setting setting : ServiceSettings.ALL) {
            ConfigurableApplicationContext service = setting.service().equals("gate-server") ? gate : data;
            assertThat(service.getEnvironment().getProperty(setting.name()))
                    .as("%s reads %s", setting.service(), setting.name())
                    .isNotBlank();
        }
    }
}
