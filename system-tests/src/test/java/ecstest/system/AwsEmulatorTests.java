package ecstest.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import ecstest.deploy.cli.EcsTestCli;
import ecstest.deploy.fixtures.Moto;
import ecstest.testsupport.RequiresTools;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/**
 * gate-server with the task definitions' AWS settings against moto_server: metrics published to
 * CloudWatch, settings imported from Parameter Store (set with the deploy CLI, as a user would).
 */
@RequiresTools("moto_server")
class AwsEmulatorTests extends InProcessPair {

    private static final String STACK = "ecs-test";

    private static Moto.Lease moto;
    private static CloudWatchClient cloudWatch;

    private HttpServer slowUpstream;

    @BeforeAll
    static void startEmulator() throws IOException {
        moto = Moto.lease();
        Moto.useDummyCredentials(); // for the deploy CLI, which uses the SDK's default chain
        cloudWatch = CloudWatchClient.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.of(Moto.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
    }

    @AfterAll
    static void stopEmulator() {
        if (cloudWatch != null) {
            cloudWatch.close();
        }
        Moto.clearDummyCredentials();
        if (moto != null) {
            moto.close();
        }
    }

    @AfterEach
    void stopUpstream() {
        if (slowUpstream != null) {
            slowUpstream.stop(0);
        }
    }

    /** What the task definition gives gate-server, pointed at the emulator. */
    private static String[] awsSettings(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.cloud.aws.endpoint=" + moto.endpoint(),
                "--spring.cloud.aws.region.static=" + Moto.REGION,
                "--spring.cloud.aws.credentials.access-key=testing",
                "--spring.cloud.aws.credentials.secret-key=testing",
                "--spring.config.import=optional:aws-parameterstore:/" + STACK + "/gate-server/"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void gatesRequestCountReachesCloudWatchAndOnlyTheMetersTheStackUses() throws Exception {
        data = startDataServer(0);
        gate = startGate(
                port(data),
                awsSettings(
                        "--management.cloudwatch.metrics.export.enabled=true",
                        "--management.cloudwatch.metrics.export.namespace=" + STACK,
                        "--management.cloudwatch.metrics.export.step=1s"));
        Instant start = Instant.now().minusSeconds(60);

        for (int i = 0; i < 5; i++) {
            assertThat(get(gate).statusCode()).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(requestCount(start)).isEqualTo(5));
        // percentiles, and nothing else of the service's many meters (JVM, Tomcat, ...): each costs money there
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(cloudWatch.listMetrics(r -> r.namespace(STACK)).metrics().stream()
                                .map(Metric::metricName)
                                .distinct())
                        .containsExactlyInAnyOrder(
                                "http.server.requests.count",
                                "http.server.requests.sum",
                                "http.server.requests.avg",
                                "http.server.requests.max",
                                "http.server.requests.percentile.value",
                                "gate.upstream.errors.count"));
    }

    /** The sum of every http.server.requests.count series for GET / answered 200, through GetMetricData. */
    private static double requestCount(Instant start) {
        // one series per set of dimensions (moto lists a metric again for every datum it received)
        Map<Map<String, String>, Metric> byDimensions = new HashMap<>();
        for (Metric metric : cloudWatch
                .listMetrics(r -> r.namespace(STACK).metricName("http.server.requests.count"))
                .metrics()) {
            Map<String, String> dimensions =
                    metric.dimensions().stream().collect(Collectors.toMap(Dimension::name, Dimension::value));
            if ("/".equals(dimensions.get("uri")) && "200".equals(dimensions.get("status"))) {
                byDimensions.putIfAbsent(dimensions, metric);
            }
        }
        List<Metric> series = List.copyOf(byDimensions.values());
        if (series.isEmpty()) {
            return 0;
        }
        List<MetricDataQuery> queries = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            Metric metric = series.get(i);
            queries.add(MetricDataQuery.builder()
                    .id("q" + i)
                    .metricStat(stat -> stat.metric(metric).period(60).stat("Sum"))
                    .build());
        }
        return cloudWatch
                .getMetricData(r -> r.metricDataQueries(queries)
                        .startTime(start)
                        .endTime(Instant.now().plusSeconds(60)))
                .metricDataResults()
                .stream()
                .map(MetricDataResult::values)
                .flatMap(List::stream)
                .mapToDouble(Double::doubleValue)
                .sum();
    }

    @Test
    void aTimeoutSetWithConfigSetTakesEffectAtTheNextStartAndAbsentParametersChangeNothing() throws Exception {
        int upstream = startSlowUpstream(Duration.ofMillis(1200));
        gate = startGate(upstream, awsSettings());
        // nothing in Parameter Store yet: the image's 2 s read timeout, so a 1.2 s answer arrives
        assertThat(gate.getEnvironment().getProperty("data-server.read-timeout"))
                .isEqualTo("2s");
        assertThat(get(gate).statusCode()).isEqualTo(200);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = EcsTestCli.run(
                new String[] {
                    "config",
                    "set",
                    "gate-server",
                    "data-server.read-timeout",
                    "300ms",
                    "--home",
                    "../deploy",
                    "--region",
                    Moto.REGION,
                    "--endpoint-url",
                    moto.endpoint().toString()
                },
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();
        // a running task keeps what it read at start
        assertThat(get(gate).statusCode()).isEqualTo(200);

        gate.close();
        gate = startGate(upstream, awsSettings());
        long sent = System.nanoTime();
        HttpResponse<byte[]> timedOut = get(gate);
        Duration waited = Duration.ofNanos(System.nanoTime() - sent);

        assertThat(timedOut.statusCode()).isEqualTo(504);
        assertThat(new String(timedOut.body(), StandardCharsets.UTF_8)).contains("did not answer within PT0.3S");
        assertThat(waited).isLessThan(Duration.ofMillis(1100));
    }

    @Test
    void configSetWithRestartReplacesTheTasksAndTheNewOnesReadTheSetting() throws Exception {
        CliOutcome admin = cli(
                "admin-setup",
                "--apply",
                "--out",
                Files.createTempDirectory("iam").toString());
        assertThat(admin.exitCode()).as(admin.console()).isZero();
        CliOutcome up = cli("up"); // the stack, so that there is a service to restart
        assertThat(up.exitCode()).as(up.console()).isZero();
        int upstream = startSlowUpstream(Duration.ofMillis(1200));
        try {
            CliOutcome set = cli("config", "set", "gate-server", "data-server.read-timeout", "400ms", "--restart");

            assertThat(set.exitCode()).as(set.console()).isZero();
            assertThat(set.out()).contains("restarting gate-server", "gate-server: a new deployment", "successful");
            // ECS now starts new tasks of the same revision; a new gate-server process plays one of them
            gate = startGate(upstream, awsSettings());
            assertThat(gate.getEnvironment().getProperty("data-server.read-timeout"))
                    .isEqualTo("400ms");
            assertThat(get(gate).statusCode()).isEqualTo(504);
        } finally {
            // the other Parameter Store test starts with nothing set (the tests share one emulator)
            assertThat(cli("config", "unset", "gate-server", "data-server.read-timeout")
                            .exitCode())
                    .isZero();
        }
    }

    record CliOutcome(int exitCode, String out, String err) {
        String console() {
            return out + "\n" + err;
        }
    }

    private static CliOutcome cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--home",
                "../deploy",
                "--region",
                Moto.REGION,
                "--endpoint-url",
                moto.endpoint().toString(),
                "--set",
                "ACCOUNT_ID=" + Moto.ACCOUNT_ID));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = EcsTestCli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliOutcome(exit, out.toString(), err.toString());
    }

    private int startSlowUpstream(Duration delay) throws IOException {
        slowUpstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slowUpstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        slowUpstream.createContext("/", exchange -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "응, 답!".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain;charset=UTF-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        slowUpstream.start();
        return slowUpstream.getAddress().getPort();
    }
}
