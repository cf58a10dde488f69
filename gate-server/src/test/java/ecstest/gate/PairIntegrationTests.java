package ecstest.gate;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.data.DataServerApplication;
import ecstest.deploy.ServiceSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Both real applications on random ports in this JVM, with real HTTP between them: what the README's
 * local run starts, minus the processes.
 */
class PairIntegrationTests {

    private static final byte[] ANSWER = "응, 답!".getBytes(StandardCharsets.UTF_8);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ConfigurableApplicationContext data;
    private ConfigurableApplicationContext gate;

    @AfterEach
    void stopBoth() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {gate, data}) {
            if (context != null) {
                context.close();
            }
        }
    }

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

    static ConfigurableApplicationContext startDataServer(int port, String... args) {
        // Both services' application.yml share one classpath here; point data-server at its own file.
        URI ownConfig = URI.create("jar:"
                + DataServerApplication.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                + "!/application.yml");
        // Arguments, not builder properties: those are defaults and the yml's port would win. Parameter Store
        // off: that auto-configuration comes with gate-server's class path, not with data-server's.
        return new SpringApplicationBuilder(DataServerApplication.class)
                .run(concat(
                        args,
                        "--spring.config.location=" + ownConfig,
                        "--server.port=" + port,
                        "--spring.cloud.aws.parameterstore.enabled=false"));
    }

    static ConfigurableApplicationContext startGate(int dataPort, String... args) {
        return new SpringApplicationBuilder(GateServerApplication.class)
                .run(concat(args, "--server.port=0", "--data-server.url=http://127.0.0.1:" + dataPort));
    }

    private static String[] concat(String[] extra, String... args) {
        return Stream.concat(Arrays.stream(args), Arrays.stream(extra)).toArray(String[]::new);
    }

    static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private HttpResponse<byte[]> get(ConfigurableApplicationContext target, String... headers) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port(target) + "/");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
