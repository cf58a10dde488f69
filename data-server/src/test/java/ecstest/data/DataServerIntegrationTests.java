package ecstest.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class DataServerIntegrationTests {

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersTheExactBytesOverHttpAndLogsOneLinePerRequest(CapturedOutput output) throws Exception {
        HttpResponse<byte[]> response = send("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
        assertThat(response.body()).containsExactly(0xEC, 0x9D, 0x91, 0x2C, 0x20, 0xEB, 0x8B, 0xB5, 0x21);
        // logging is asynchronous: the line arrives shortly after the answer
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(output.getOut().lines().filter(line -> line.contains("GET / -> 200")))
                        .hasSize(1)
                        .allMatch(line -> line.contains(" INFO ")));
    }

    @Test
    void exposesLivenessAndReadinessProbes() throws Exception {
        assertThat(send("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(send("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    private HttpResponse<byte[]> send(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
