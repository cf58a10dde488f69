package ecstest.gate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;

/** The client over real HTTP, built exactly as the application builds it, against WireMock. */
class DataServerClientTests {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private static final DataSize MAX_ANSWER_SIZE = DataSize.ofKilobytes(64);

    @RegisterExtension
    final WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @Test
    void relaysATextAnswerUnchanged() {
        byte[] answer = "응, 답!".getBytes(StandardCharsets.UTF_8);
        upstream.stubFor(get("/").willReturn(aResponse()
                .withHeader("Content-Type", "text/plain;charset=UTF-8")
                .withBody(answer)));

        DataServerClient.Answer relayed = clientFor(upstream.baseUrl()).fetch();

        assertThat(relayed.body()).isEqualTo(answer);
        assertThat(relayed.contentType().toString()).isEqualTo("text/plain;charset=UTF-8");
    }

    @Test
    void relaysTextInAnotherDeclaredCharsetByteForByte() {
        byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
        upstream.stubFor(get("/").willReturn(aResponse()
                .withHeader("Content-Type", "text/plain;charset=ISO-8859-1")
                .withBody(latin1)));

        assertThat(clientFor(upstream.baseUrl()).fetch().body()).isEqualTo(latin1);
    }

    @Test
    void aBodyThatIsNotValidUtf8IsABadGateway() {
        byte[] broken = {(byte) 0xEC, (byte) 0x9D, 0x28, 0x21};
        upstream.stubFor(get("/").willReturn(aResponse()
                .withHeader("Content-Type", "text/plain;charset=UTF-8")
                .withBody(broken)));

        assertFailure(clientFor(upstream.baseUrl()), HttpStatus.BAD_GATEWAY, "not valid UTF-8");
    }

    @Test
    void anAnswerOfExactlyTheLimitIsRelayed() {
        byte[] answer = "a".repeat((int) MAX_ANSWER_SIZE.toBytes()).getBytes(StandardCharsets.UTF_8);
        upstream.stubFor(get("/").willReturn(declared(answer)));

        assertThat(clientFor(upstream.baseUrl()).fetch().body()).isEqualTo(answer);
    }

    @Test
    void anUndeclaredAnswerOfExactlyTheLimitIsRelayed() {
        byte[] answer = "a".repeat((int) MAX_ANSWER_SIZE.toBytes()).getBytes(StandardCharsets.UTF_8);
        upstream.stubFor(get("/").willReturn(text().withBody(answer).withChunkedDribbleDelay(4, 50)));

        assertThat(clientFor(upstream.baseUrl()).fetch().body()).isEqualTo(answer);
    }

    @Test
    void anAnswerDeclaredLargerThanTheLimitIsABadGatewayAndNotReadToItsEnd() {
        assertRefusedUnread(
                declared(new byte[1024 * 1024]),
                "answered 1048576 bytes, more than data-server.max-answer-size (65536B)");
    }

    @Test
    void anUndeclaredAnswerLargerThanTheLimitIsABadGatewayAndNotReadToItsEnd() {
        assertRefusedUnread(
                text().withBody(new byte[1024 * 1024]),
                "answered more than 65536 bytes, more than data-server.max-answer-size (65536B)");
    }

    /** The answer, sent over 5 s, fails well before: reading it to the end (to reuse the connection) takes 5 s. */
    private void assertRefusedUnread(ResponseDefinitionBuilder answer, String detail) {
        upstream.stubFor(get("/").willReturn(answer.withChunkedDribbleDelay(20, 5_000)));

        long started = System.nanoTime();
        assertFailure(clientFor(upstream.baseUrl()), HttpStatus.BAD_GATEWAY, detail);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aLimitOutsideOneByteToOneMegabyteIsRefusedByName() {
        for (DataSize limit : new DataSize[] {DataSize.ofBytes(0), DataSize.ofMegabytes(2), null}) {
            assertThatThrownBy(() -> new DataServerClientProperties(
                            URI.create("http://localhost"),
                            Duration.ofMillis(500),
                            READ_TIMEOUT,
                            50,
                            Duration.ofSeconds(20),
                            limit))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("data-server.max-answer-size must be between 1B and 1024KB, not " + limit);
        }
    }

    @Test
    void aNonTextAnswerIsABadGateway() {
        upstream.stubFor(get("/").willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{}")));

        assertFailure(clientFor(upstream.baseUrl()), HttpStatus.BAD_GATEWAY, "application/json, not text");
    }

    @Test
    void anUpstreamServerErrorIsABadGatewayAndIsNotRetried() {
        upstream.stubFor(get("/").willReturn(aResponse().withStatus(503)));

        assertFailure(clientFor(upstream.baseUrl()), HttpStatus.BAD_GATEWAY, "answered HTTP 503");
        upstream.verify(1, getRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aRedirectIsABadGatewayAndIsNotFollowed() {
        upstream.stubFor(get("/").willReturn(aResponse().withStatus(302).withHeader("Location", "/elsewhere")));
        upstream.stubFor(get("/elsewhere")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/plain;charset=UTF-8")
                        .withBody("elsewhere")));

        assertFailure(clientFor(upstream.baseUrl()), HttpStatus.BAD_GATEWAY, "answered HTTP 302");
        upstream.verify(0, getRequestedFor(urlEqualTo("/elsewhere")));
    }

    @Test
    void asksForNoCompressionAndSendsNoCookieBack() {
        upstream.stubFor(get("/").willReturn(aResponse()
                .withHeader("Content-Type", "text/plain;charset=UTF-8")
                .withHeader("Set-Cookie", "session=1")
                .withBody("ok")));
        DataServerClient client = clientFor(upstream.baseUrl());

        client.fetch();
        client.fetch();

        upstream.verify(
                2,
                getRequestedFor(urlEqualTo("/"))
                        .withoutHeader("Accept-Encoding")
                        .withoutHeader("Cookie"));
    }

    @Test
    void aSlowUpstreamIsAGatewayTimeoutWithinTheReadTimeout() {
        upstream.stubFor(get("/").willReturn(aResponse().withFixedDelay(10_000).withBody("late")));
        DataServerClient client = clientFor(upstream.baseUrl());

        long started = System.nanoTime();
        assertFailure(client, HttpStatus.GATEWAY_TIMEOUT, "did not answer within PT2S");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isBetween(READ_TIMEOUT.minusMillis(100), READ_TIMEOUT.plusMillis(750));
        upstream.verify(1, getRequestedFor(urlEqualTo("/"))); // a read timeout is never retried
    }

    @Test
    void aRefusedConnectionIsABadGatewayAtOnce() throws IOException {
        DataServerClient client = clientFor("http://127.0.0.1:" + closedPort());

        long started = System.nanoTime();
        assertFailure(client, HttpStatus.BAD_GATEWAY, "Connection refused");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void anUnresolvableNameIsABadGateway() {
        // .invalid never resolves (RFC 6761)
        assertFailure(clientFor("http://data-server.invalid:4000"), HttpStatus.BAD_GATEWAY, "cannot be resolved");
    }

    @Test
    void anHttpsUpstreamIsReachedOverTheJvmsDefaultTls() {
        WireMockServer https = new WireMockServer(wireMockConfig().dynamicPort().dynamicHttpsPort());
        https.start();
        try {
            // WireMock's certificate is self-signed: the JVM's default trust store refuses it, so a handshake ran
            assertFailure(
                    clientFor("https://localhost:" + https.httpsPort()),
                    HttpStatus.BAD_GATEWAY,
                    "PKIX path building failed");
        } finally {
            https.stop();
        }
    }

    @Test
    void anSslBundleIsRefusedByName() {
        assertThatThrownBy(() -> LazyTlsSocketStrategy.withoutBundle(SslBundle.of(SslStoreBundle.NONE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spring.http.clients.ssl.bundle");
    }

    private static void assertFailure(DataServerClient client, HttpStatus status, String detail) {
        assertThatThrownBy(client::fetch)
                .isInstanceOfSatisfying(UpstreamFailure.class, failure -> {
                    assertThat(failure.status()).isEqualTo(status);
                    assertThat(failure.upstream()).isNotNull();
                })
                .hasMessageStartingWith("data-server at ")
                .hasMessageContaining(detail);
    }

    static DataServerClient clientFor(String url) {
        DataServerClientProperties properties = new DataServerClientProperties(
                URI.create(url), Duration.ofMillis(500), READ_TIMEOUT, 50, Duration.ofSeconds(20), MAX_ANSWER_SIZE);
        RestClient restClient = RestClient.builder()
                .requestFactory(DataServerClientConfiguration.requestFactory(properties))
                .build();
        return new DataServerClient(
                new DataServerClient.RestClients(restClient, restClient), Tracer.NOOP, Propagator.NOOP, properties);
    }

    private static ResponseDefinitionBuilder text() {
        return aResponse().withHeader("Content-Type", "text/plain;charset=UTF-8");
    }

    /** With its length declared, as data-server answers (WireMock sends a large body chunked otherwise). */
    private static ResponseDefinitionBuilder declared(byte[] body) {
        return text().withHeader("Content-Length", Integer.toString(body.length))
                .withBody(body);
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static MediaType textUtf8() {
        return new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);
    }
}
