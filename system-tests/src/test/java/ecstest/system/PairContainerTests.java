package ecstest.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ecstest.gate.DnsCachePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.utility.DockerImageName;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Jib-built images on a bridge network with the alias {@code data-server.ecs-test}, exactly as
 * docker-compose.yml runs them, and the failures ECS puts them through: a stopped, replaced, drained
 * data-server and a gate stopped mid-load.
 */
@ExtendWith(ContainerTestsEnabled.class)
class PairContainerTests {

    static final String ALIAS = "data-server.ecs-test";
    static final String ANSWER = "응, 답!";

    /** What the task definitions set: Spring Boot's JSON (Elastic Common Schema) log lines. */
    static final String JSON_LOGS = "LOGGING_STRUCTURED_FORMAT_CONSOLE";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Network network = Network.newNetwork();
    private final List<GenericContainer<?>> containers = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void removeContainers() {
        containers.forEach(GenericContainer::stop);
        network.close();
    }

    @Test
    void gateAnswersThroughTheAliasOnABridgeNetwork() throws Exception {
        dataServer();
        GenericContainer<?> gate = gate();

        HttpResponse<String> response = get(gate);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
        assertThat(response.body()).isEqualTo(ANSWER);
    }

    @Test
    void withTheTaskDefinitionsLogFormatARequestIsOneJsonLineInEachImageWithOneTraceId() throws Exception {
        GenericContainer<?> data = dataServer(JSON_LOGS);
        GenericContainer<?> gate = gate().withEnv(JSON_LOGS, "ecs");

        assertThat(get(gate).statusCode()).isEqualTo(200);

        Map<String, Object> gateLine = await().until(() -> requestLine(gate), Objects::nonNull);
        Map<String, Object> dataLine = await().until(() -> requestLine(data), Objects::nonNull);
        assertThat(gateLine).containsEntry("status", 200).containsKey("upstream_ms");
        assertThat(gateLine.get("traceId")).asString().matches("[0-9a-f]{32}");
        assertThat(dataLine.get("traceId")).isEqualTo(gateLine.get("traceId"));
    }

    /** The container's one JSON request line ("GET / -> ..."), or null while there is none. */
    private static Map<String, Object> requestLine(GenericContainer<?> container) {
        List<Map<String, Object>> lines = container
                .getLogs()
                .lines()
                .filter(line -> line.startsWith("{"))
                .map(line -> JSON.readValue(line, new TypeReference<Map<String, Object>>() {}))
                .filter(line -> String.valueOf(line.get("message")).startsWith("GET / -> "))
                .toList();
        assertThat(lines).hasSizeLessThanOrEqualTo(1);
        return lines.isEmpty() ? null : lines.getFirst();
    }

    @Test
    void aStoppedDataServerIsA502ProblemWithinTwoSeconds() throws Exception {
        GenericContainer<?> data = dataServer();
        GenericContainer<?> gate = gate();
        assertThat(get(gate).statusCode()).isEqualTo(200);

        Docker.stopGracefully(data);
        long stopped = System.nanoTime();
        HttpResponse<String> response = get(gate);
        Duration took = Duration.ofNanos(System.nanoTime() - stopped);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"upstream\":\"http://data-server.ecs-test:4000\"");
        assertThat(took).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aReplacedDataServerIsFoundAtItsNewAddressWithinTheDnsTtl() throws Exception {
        GenericContainer<?> old = dataServer();
        GenericContainer<?> gate = gate();
        assertThat(get(gate).statusCode()).isEqualTo(200);

        GenericContainer<?> replacement = dataServer(); // started first, so its address must differ
        assertThat(Docker.ipAddress(replacement)).isNotEqualTo(Docker.ipAddress(old));
        Docker.stopGracefully(old);

        Duration budget = Duration.ofSeconds(DnsCachePolicy.POSITIVE_TTL_SECONDS + 2);
        long deadline = System.nanoTime() + budget.toNanos();
        HttpResponse<String> response = get(gate);
        while (response.statusCode() != 200 && System.nanoTime() < deadline) {
            response = get(gate);
        }
        assertThat(response.statusCode())
                .as("gate answers 200 again within %s", budget)
                .isEqualTo(200);
        assertThat(response.body()).isEqualTo(ANSWER);
        assertThat(Docker.isRunning(gate)).as("gate was not restarted").isTrue();
    }

    @Test
    void stoppingOneOfTwoReplicasUnderLoadFailsNoRequest() throws Exception {
        GenericContainer<?> first = dataServer();
        GenericContainer<?> second = dataServer();
        GenericContainer<?> gate = gate();
        URI uri = uri(gate);

        // Counts, not rates: the drill must hold on a busy 2-core machine too. Bounded: 20,000 requests or 90 s.
        BoundedLoad load = BoundedLoad.start(http, uri, 16, 20_000, Duration.ofSeconds(90));
        load.awaitCompleted(200, Duration.ofSeconds(30));
        Docker.stopGracefully(first); // returns once the replica has drained and exited
        long completedAtStop = load.completed();
        load.awaitCompleted(completedAtStop + 300, Duration.ofSeconds(30));
        BoundedLoad.Result result = load.stop();

        assertThat(result.failures())
                .as("failed requests: %s", result.firstFailures())
                .isEmpty();
        assertThat(result.ok()).isGreaterThan(completedAtStop);
        assertThat(Docker.countLines(first, "GET / -> 200"))
                .as("the stopped replica had a share")
                .isPositive();
        assertThat(Docker.countLines(second, "GET / -> 200")).isPositive();
    }

    @Test
    void aGateStoppedWithSigtermFinishesItsInFlightRequests() throws Exception {
        GenericContainer<?> data = dataServer();
        GenericContainer<?> gate = gate().withEnv("DATA_SERVER_READ_TIMEOUT", "15s");
        assertThat(get(gate).statusCode()).isEqualTo(200);
        URI uri = uri(gate);

        // A paused data-server holds every request in flight inside gate until it is unpaused.
        Docker.pause(data);
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            inFlight.add(http.sendAsync(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        }
        Docker.awaitEstablishedConnections(gate, 4000, 16, Duration.ofSeconds(10));

        Instant signalled = Instant.now();
        Docker.signal(gate, "SIGTERM");
        Docker.awaitLogLine(gate, "Commencing graceful shutdown", Duration.ofSeconds(10));
        Docker.unpause(data);

        for (CompletableFuture<HttpResponse<String>> request : inFlight) {
            HttpResponse<String> response = request.get();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(ANSWER);
        }
        Docker.awaitLogLine(gate, "Graceful shutdown complete", signalled, Duration.ofSeconds(30));
    }

    private GenericContainer<?> dataServer(String... jsonLogs) {
        GenericContainer<?> data = new GenericContainer<>(image("data-server"))
                .withNetwork(network)
                .withNetworkAliases(ALIAS)
                .withExposedPorts(4000)
                .waitingFor(ready());
        for (String variable : jsonLogs) {
            data.withEnv(variable, "ecs");
        }
        return started(data);
    }

    private GenericContainer<?> gate() {
        GenericContainer<?> gate = new GenericContainer<>(image("gate-server"))
                .withNetwork(network)
                .withEnv("UPSTREAM_URL", "http://" + ALIAS + ":4000")
                .withExposedPorts(8080)
                .waitingFor(ready());
        containers.add(gate);
        return gate; // started lazily by get()/uri(), so a test can add settings first
    }

    private GenericContainer<?> started(GenericContainer<?> container) {
        containers.add(container);
        container.start();
        return container;
    }

    private static WaitStrategy ready() {
        return Wait.forHttp("/actuator/health/readiness").forStatusCode(200).withStartupTimeout(Duration.ofSeconds(60));
    }

    private static DockerImageName image(String name) {
        return DockerImageName.parse(name + ":" + System.getProperty("image.tag"));
    }

    private URI uri(GenericContainer<?> gate) {
        if (!gate.isRunning()) {
            gate.start();
        }
        return URI.create("http://" + gate.getHost() + ":" + gate.getMappedPort(8080) + "/");
    }

    private HttpResponse<String> get(GenericContainer<?> gate) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(gate))
                .timeout(Duration.ofSeconds(10))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
