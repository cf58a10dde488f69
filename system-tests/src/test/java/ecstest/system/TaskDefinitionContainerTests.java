package ecstest.system;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.deploy.cli.EcsTestCli;
import ecstest.testsupport.Skip;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pair started from the task definitions `deploy/ecs-test render` writes, through {@link TaskDefinitionRunner}:
 * the task's cpu and memory, health checks, read-only root filesystem with its volume, stop timeout and environment,
 * exactly as rendered. data-server answers at the host name gate's task definition uses, as Cloud Map does.
 */
@ExtendWith(ContainerTestsEnabled.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TaskDefinitionContainerTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ANSWER = "응, 답!";

    private static Network network;
    private static JsonNode gateTask;
    private static JsonNode dataTask;
    private static JsonNode targetGroup;
    private static TaskDefinitionRunner gateRunner;
    private static TaskDefinitionRunner dataRunner;
    private static GenericContainer<?> gate;
    private static GenericContainer<?> data;
    private static Duration gateHealthyAfter;
    private static Duration dataHealthyAfter;
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void startThePairFromItsTaskDefinitions() throws IOException {
        Path rendered = render();
        gateTask = read(rendered, "ecs-register-task-definition-gate-server");
        dataTask = read(rendered, "ecs-register-task-definition-data-server");
        targetGroup = read(rendered, "elbv2-create-target-group-gate-server");
        network = Network.newNetwork();
        String upstreamHost = URI.create(
                        environment(gateTask.get("containerDefinitions").get(0), "UPSTREAM_URL"))
                .getHost();
        dataRunner = new TaskDefinitionRunner(
                dataTask, network, TaskDefinitionContainerTests::localImage, Map.of("data-server", upstreamHost));
        gateRunner = new TaskDefinitionRunner(gateTask, network, TaskDefinitionContainerTests::localImage, Map.of());
        long start = System.nanoTime();
        data = dataRunner.start().get("data-server");
        dataHealthyAfter = Duration.ofNanos(System.nanoTime() - start);
        start = System.nanoTime();
        gate = gateRunner.start().get("gate-server");
        gateHealthyAfter = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf(
                "from the task definitions (cpu %s / memory %s MiB): data-server healthy after %.1f s, gate-server"
                        + " after %.1f s%n",
                gateTask.get("cpu").asString(),
                gateTask.get("memory").asString(),
                dataHealthyAfter.toMillis() / 1000.0,
                gateHealthyAfter.toMillis() / 1000.0);
    }

    @AfterAll
    static void stop() {
        Stream.of(gate, data).filter(c -> c != null).forEach(GenericContainer::stop);
        if (network != null) {
            network.close();
        }
    }

    @Test
    @Order(1)
    void eachContainersOwnHealthCheckReportsHealthyWithinItsStartPeriod() {
        assertThat(dataHealthyAfter).isLessThanOrEqualTo(startPeriod(dataTask));
        assertThat(gateHealthyAfter).isLessThanOrEqualTo(startPeriod(gateTask));
        assertThat(TaskDefinitionRunner.state(gate).getHealth().getStatus()).isEqualTo("healthy");
        assertThat(TaskDefinitionRunner.state(data).getHealth().getStatus()).isEqualTo("healthy");
    }

    /** The ALB's check as rendered (path, port, matcher, timeout, threshold), its interval compressed to 1 s. */
    @Test
    @Order(2)
    void theTargetGroupsHealthCheckPassesAgainstGate() throws Exception {
        int port = targetGroup.has("HealthCheckPort")
                        && !targetGroup.get("HealthCheckPort").asString().equals("traffic-port")
                ? targetGroup.get("HealthCheckPort").asInt()
                : targetGroup.get("Port").asInt();
        URI check = URI.create("http://" + Docker.ipAddress(gate) + ":" + port
                + targetGroup.get("HealthCheckPath").asString());
        Duration timeout =
                Duration.ofSeconds(targetGroup.get("HealthCheckTimeoutSeconds").asInt());
        String matcher = targetGroup.get("Matcher").get("HttpCode").asString();

        for (int i = 0; i < targetGroup.get("HealthyThresholdCount").asInt(); i++) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(check).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(matches(matcher, response.statusCode()))
                    .as("%s answered %d, the target group wants %s", check, response.statusCode(), matcher)
                    .isTrue();
            Thread.sleep(1000);
        }
    }

    @Test
    @Order(3)
    void gateAnswersThroughDataServerAtTheNameItsTaskDefinitionUses() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(root()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(ANSWER);
    }

    /** The tutorial's scale test, ab -n 20000 -c 1000, against gate at the task's cpu and memory. */
    @Test
    @Order(4)
    void theTutorialsLoadAtTheTasksSizeFailsNothingAndKillsNothing() throws Exception {
        if (!onPath("ab")) {
            String reason = "ab is not on the PATH (Debian: apt-get install apache2-utils)";
            assertThat(Skip.inCi())
                    .as("CI=true, so the load test must run: " + reason)
                    .isFalse();
            System.out.println("[SKIPPED] " + reason);
            Assumptions.abort(reason);
        }
        // Docker runs each container's health check while the load lasts; one that failed its retries would have
        // made ECS replace the task in the middle of the load
        Set<String> unhealthy = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
        watch.scheduleWithFixedDelay(
                () -> Map.of("gate-server", gate, "data-server", data).forEach((name, container) -> {
                    String status =
                            TaskDefinitionRunner.state(container).getHealth().getStatus();
                    if (!"healthy".equals(status)) {
                        unhealthy.add(name + " " + status);
                    }
                }),
                0,
                1,
                TimeUnit.SECONDS);
        Process ab = new ProcessBuilder("ab", "-n", "20000", "-c", "1000", "-s", "30", "-r", root().toString())
                .redirectErrorStream(true)
                .start();
        String report = new String(ab.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = ab.waitFor(5, TimeUnit.MINUTES);
        watch.shutdownNow();
        System.out.println("ab -n 20000 -c 1000 at the task's size:\n"
                + report.lines()
                        .filter(line -> line.matches(
                                "(Complete|Failed|Non-2xx|Requests per second|Time taken).*|\\s+(50|99|100)%.*"))
                        .reduce("", (a, b) -> a + "  " + b + "\n"));

        System.out.printf(
                "peak RSS under the load (VmHWM): gate-server %s, data-server %s%n", peakRss(gate), peakRss(data));

        assertThat(finished).as("ab finished within 5 minutes").isTrue();
        assertThat(number(report, "Complete requests")).as(report).isEqualTo(20000);
        String problems = Stream.of(gate, data)
                .flatMap(container -> container.getLogs().lines())
                .filter(line -> line.contains("WARN") || line.contains("ERROR"))
                .limit(20)
                .reduce(report, (a, b) -> a + "\n" + b);
        assertThat(number(report, "Failed requests")).as(problems).isZero();
        assertThat(report).as(problems).doesNotContain("Non-2xx responses");
        for (GenericContainer<?> container : List.of(gate, data)) {
            assertThat(TaskDefinitionRunner.state(container).getOOMKilled()).isFalse();
        }
        assertThat(unhealthy)
                .as("containers whose health check failed during the load")
                .isEmpty();
        assertThat(gateRunner.essentialStopped()).isNull();
        assertThat(dataRunner.essentialStopped()).isNull();
    }

    /** docker stop uses the container's stopTimeout, as ECS does: SIGTERM, then SIGKILL that many seconds later. */
    @Test
    @Order(5)
    void stoppedWithItsStopTimeoutGateFinishesItsInFlightRequestsAndExitsCleanly() throws Exception {
        int stopTimeout =
                gateTask.get("containerDefinitions").get(0).get("stopTimeout").asInt();
        // as many requests as the task definition gives gate request threads, so every thread holds one at the stop
        int threads = Integer.parseInt(
                environment(gateTask.get("containerDefinitions").get(0), "SERVER_TOMCAT_THREADS_MAX"));
        // holds every request inside gate, waiting for data-server: for less than gate's upstream read timeout (2 s),
        // past which gate answers 504 by design
        Docker.pause(data);
        long held = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            inFlight.add(http.sendAsync(
                    HttpRequest.newBuilder(root())
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        }
        Docker.awaitEstablishedConnections(gate, 4000, threads, Duration.ofSeconds(20));

        long stopping = System.nanoTime();
        Process stop = new ProcessBuilder("docker", "stop", gate.getContainerId()).start(); // no -t: its stopTimeout
        Docker.awaitLogLine(gate, "Commencing graceful shutdown", Duration.ofSeconds(10));
        Docker.unpause(data);
        double heldFor = (System.nanoTime() - held) / 1e9;
        assertThat(stop.waitFor(stopTimeout + 10, TimeUnit.SECONDS)).isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - stopping);

        for (CompletableFuture<HttpResponse<String>> request : inFlight) {
            HttpResponse<String> response = request.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode())
                    .as(
                            "an in-flight request's answer (data-server held %.1f s; a 504 after 2 s is gate's upstream"
                                    + " timeout, not its shutdown)",
                            heldFor)
                    .isEqualTo(200);
            assertThat(response.body()).isEqualTo(ANSWER);
        }
        assertThat(TaskDefinitionRunner.state(gate).getExitCodeLong())
                .as("gate's exit code")
                .isZero();
        assertThat(took).as("docker stop took").isLessThan(Duration.ofSeconds(stopTimeout / 2));
        System.out.printf(
                "gate stopped with %d requests in flight, one per request thread (held %.1f s of gate's 2 s upstream"
                        + " timeout): exit 0 after %.1f s (stopTimeout %d s)%n",
                threads, heldFor, took.toMillis() / 1000.0, stopTimeout);
    }

    /** The container's main process's peak resident set, from the host's /proc (where the test may read it). */
    private static String peakRss(GenericContainer<?> container) {
        Path status = Path.of(
                "/proc", String.valueOf(TaskDefinitionRunner.state(container).getPidLong()), "status");
        try {
            return Files.readAllLines(status).stream()
                    .filter(line -> line.startsWith("VmHWM:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024 + " MiB")
                    .findFirst()
                    .orElse("n/a");
        } catch (IOException | RuntimeException ex) {
            return "n/a (" + status + " not readable here)";
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, command)));
    }

    private static URI root() {
        int port = gateTask.get("containerDefinitions")
                .get(0)
                .get("portMappings")
                .get(0)
                .get("containerPort")
                .asInt();
        return URI.create("http://" + Docker.ipAddress(gate) + ":" + port + "/");
    }

    private static boolean matches(String matcher, int status) {
        for (String part : matcher.split(",")) {
            String[] range = part.trim().split("-");
            int low = Integer.parseInt(range[0]);
            int high = range.length == 2 ? Integer.parseInt(range[1]) : low;
            if (status >= low && status <= high) {
                return true;
            }
        }
        return false;
    }

    private static long number(String report, String label) {
        Matcher matcher = Pattern.compile("(?m)^" + label + ":\\s+(\\d+)").matcher(report);
        assertThat(matcher.find()).as("%s in ab's report:%n%s", label, report).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static Duration startPeriod(JsonNode task) {
        return Duration.ofSeconds(task.get("containerDefinitions")
                .get(0)
                .get("healthCheck")
                .get("startPeriod")
                .asLong());
    }

    static String environment(JsonNode container, String name) {
        for (JsonNode variable : container.path("environment")) {
            if (variable.get("name").asString().equals(name)) {
                return variable.get("value").asString();
            }
        }
        throw new IllegalStateException("no " + name + " in " + container.get("name"));
    }

    /** The image Jib built here for the repository an ECR reference names (…/gate-server:0.1.0 → gate-server:tag). */
    static DockerImageName localImage(String reference) {
        String repository = reference.substring(reference.lastIndexOf('/') + 1, reference.lastIndexOf(':'));
        return DockerImageName.parse(repository + ":" + System.getProperty("image.tag"));
    }

    /** deploy/ecs-test render, as a user runs it: the stack's calls as AWS CLI input files. */
    static Path render() throws IOException {
        Path out = Files.createTempDirectory("rendered");
        StringWriter console = new StringWriter();
        int exit = EcsTestCli.run(
                new String[] {
                    "render", "--home", "../deploy", "--set", "ACCOUNT_ID=123456789012", "--out", out.toString()
                },
                new PrintWriter(console, true),
                new PrintWriter(console, true));
        assertThat(exit).as(console.toString()).isZero();
        return out;
    }

    static JsonNode read(Path rendered, String call) throws IOException {
        try (Stream<Path> files = Files.list(rendered)) {
            Path file = files.filter(
                            f -> f.getFileName().toString().matches("\\d\\d-" + Pattern.quote(call) + "\\.json"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("render wrote no " + call));
            return JSON.readTree(Files.readString(file));
        }
    }
}
