package ecstest.gate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole gate over real HTTP, with WireMock standing in for data-server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GateServerIntegrationTests {

    @RegisterExtension
    static final WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @DynamicPropertySource
    static void upstreamUrl(DynamicPropertyRegistry registry) {
        registry.add("data-server.url", upstream::baseUrl);
    }

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void relaysTheAnswerOverHttp() throws Exception {
        byte[] answer = "응, 답!".getBytes(StandardCharsets.UTF_8);
        upstream.stubFor(get("/").willReturn(aResponse()
                .withHeader("Content-Type", "text/plain;charset=UTF-8")
                .withBody(answer)));

        HttpResponse<byte[]> response = send("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
        assertThat(response.body()).isEqualTo(answer);
    }

    @Test
    void anUpstreamErrorIsAProblemDocumentWithoutAStackTrace() throws Exception {
        upstream.stubFor(get("/").willReturn(aResponse().withStatus(500).withBody("boom")));

        HttpResponse<byte[]> response = send("/");
        String body = new String(response.body(), StandardCharsets.UTF_8);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(body)
                .contains("\"upstream\":\"" + upstream.baseUrl() + "\"")
                .contains("answered HTTP 500")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void exposesLivenessAndReadinessProbes() throws Exception {
        assertThat(send("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(send("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    private HttpResponse<byte[]> send(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
