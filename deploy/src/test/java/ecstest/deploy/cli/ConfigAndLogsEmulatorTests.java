package ecstest.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.fixtures.Moto;
import ecstest.deploy.fixtures.TestStack;
import ecstest.testsupport.RequiresTools;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/** config and logs through the CLI against moto_server's SSM and CloudWatch Logs. */
@RequiresTools("moto_server")
class ConfigAndLogsEmulatorTests {

    private static Moto.Lease moto;
    private static AwsClients aws;

    @BeforeAll
    static void startEmulator() throws IOException {
        moto = Moto.lease();
        Moto.useDummyCredentials();
        aws = new AwsClients(Moto.REGION, null, moto.endpoint());
    }

    @AfterAll
    static void stopEmulator() {
        if (aws != null) {
            aws.close();
        }
        Moto.clearDummyCredentials();
        if (moto != null) {
            moto.close();
        }
    }

    record Outcome(int exitCode, String out, String err) {}

    private static Outcome cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--home", TestStack.HOME.toString(),
                "--region", Moto.REGION,
                "--endpoint-url", moto.endpoint().toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EcsTestCli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void setGetListAndUnsetASetting() {
        Outcome set = cli("config", "set", "gate-server", "data-server.read-timeout", "300ms");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).startsWith("set /ecs-test/gate-server/data-server.read-timeout = 300ms (version 1)");
        // what the service's import reads: the parameter itself
        assertThat(aws.ssm()
                        .getParameter(r -> r.name("/ecs-test/gate-server/data-server.read-timeout"))
                        .parameter()
                        .value())
                .isEqualTo("300ms");

        Outcome get = cli("config", "get", "gate-server", "data-server.read-timeout");
        assertThat(get.out()).isEqualTo("300ms\n");

        Outcome list = cli("config", "list");
        assertThat(list.out()).isEqualTo("gate-server data-server.read-timeout = 300ms\n");

        Outcome unset = cli("config", "unset", "gate-server", "data-server.read-timeout");
        assertThat(unset.out()).isEqualTo("deleted /ecs-test/gate-server/data-server.read-timeout\n");
        Outcome gone = cli("config", "get", "gate-server", "data-server.read-timeout");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err())
                .contains(
                        "/ecs-test/gate-server/data-server.read-timeout is not set: gate-server uses the value in its image");
        assertThat(cli("config", "list", "gate-server").out())
                .isEqualTo("gate-server: nothing set under /ecs-test/gate-server/ (the image's values apply)\n");
    }

    @Test
    void logsPrintsTheEventsSinceTheGivenAgeFiltersAndFollows() throws Exception {
        String group = "/ecs/ecs-test/gate-server";
        aws.logs().createLogGroup(r -> r.logGroupName(group));
        String stream = "gate-server/gate-server/0a1b2c";
        aws.logs().createLogStream(r -> r.logGroupName(group).logStreamName(stream));
        Instant now = Instant.now();
        put(group, stream, now.minus(Duration.ofMinutes(30)), "{\"message\":\"too old\"}");
        put(group, stream, now.minus(Duration.ofMinutes(4)), "{\"message\":\"GET / -> 200\",\"status\":200}");
        put(group, stream, now.minus(Duration.ofMinutes(3)), "{\"message\":\"GET / -> 504\",\"status\":504}");

        Outcome recent = cli("logs", "gate-server", "--since", "10m");
        assertThat(recent.exitCode()).as(recent.err()).isZero();
        assertThat(recent.out().lines())
                .containsExactly(
                        now.minus(Duration.ofMinutes(4)).truncatedTo(ChronoUnit.MILLIS) + " " + stream
                                + " {\"message\":\"GET / -> 200\",\"status\":200}",
                        now.minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.MILLIS) + " " + stream
                                + " {\"message\":\"GET / -> 504\",\"status\":504}");

        Outcome filtered = cli("logs", "gate-server", "--since", "1h", "--filter", "504");
        assertThat(filtered.out().lines()).hasSize(1).allMatch(line -> line.endsWith("\"status\":504}"));

        // --follow prints what arrives later, each event once, until interrupted
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread follower = Thread.ofPlatform()
                .start(() -> exit.set(EcsTestCli.run(
                        new String[] {
                            "logs",
                            "gate-server",
                            "--since",
                            "10m",
                            "--follow",
                            "--region",
                            Moto.REGION,
                            "--endpoint-url",
                            moto.endpoint().toString(),
                            "--home",
                            TestStack.HOME.toString()
                        },
                        new PrintWriter(out, true),
                        new PrintWriter(err, true))));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(out.toString().lines()).as(err.toString()).hasSize(2));
        put(group, stream, Instant.now(), "{\"message\":\"later\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> out.toString().contains("later"));
        Thread.sleep(LogsCommand.POLL.toMillis() * 2); // two more polls: nothing printed twice
        follower.interrupt();
        follower.join(10_000);
        assertThat(exit).hasValue(0);
        assertThat(out.toString().lines()).hasSize(3);
    }

    @Test
    void logsOfAStackThatIsNotUpSaysSo() {
        Outcome outcome = cli("logs", "data-server");
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err())
                .contains("no log group /ecs/ecs-test/data-server in this account and region: is the stack up?");
    }

    private static void put(String group, String stream, Instant at, String message) {
        aws.logs()
                .putLogEvents(r -> r.logGroupName(group)
                        .logStreamName(stream)
                        .logEvents(InputLogEvent.builder()
                                .timestamp(at.toEpochMilli())
                                .message(message)
                                .build()));
    }
}
