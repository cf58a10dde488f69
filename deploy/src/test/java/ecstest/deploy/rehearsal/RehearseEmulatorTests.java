package ecstest.deploy.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ecstest.deploy.cli.EcsTestCli;
import ecstest.testsupport.RequiresTools;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `rehearse`: the whole lifecycle against an emulator it starts and stops itself, as a user runs it. */
@RequiresTools("moto_server")
class RehearseEmulatorTests {

    private static final Pattern ENDPOINT = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+), log");
    private static final Pattern PID = Pattern.compile("emulator \\(pid (\\d+),");

    @Test
    void runsEveryVerbAndStopsTheEmulatorWithNothingLeft() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode =
                EcsTestCli.run(new String[] {"rehearse"}, new PrintWriter(out, true), new PrintWriter(err, true));

        String console = out + "\n" + err;
        assertThat(exitCode).as(console).isZero();
        assertThat(out.toString())
                .contains("== up: ok", "== deploy: ok", "== status: ok", "== down: ok")
                .contains("== smoke: skipped")
                .contains("the leak audit found nothing")
                .contains("gate-server: registered", "data-server: registered");
        assertThat(out.toString()).containsPattern("(?m)^  down +ok +\\d+\\.\\d s$");
        URI endpoint = endpoint(out.toString());
        assertThatThrownBy(() -> get(endpoint))
                .as("the emulator is stopped when rehearse ends")
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void keepLeavesTheStackAndTheEmulatorUpAndSaysHowToReachThem() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode = EcsTestCli.run(
                new String[] {"rehearse", "--keep"}, new PrintWriter(out, true), new PrintWriter(err, true));

        Matcher pid = PID.matcher(out.toString());
        assertThat(pid.find()).as(out.toString()).isTrue();
        try {
            assertThat(exitCode).as(out + "\n" + err).isZero();
            URI endpoint = endpoint(out.toString());
            assertThat(out.toString())
                    .doesNotContain("== down")
                    .contains("--endpoint-url " + endpoint)
                    .contains("kill " + pid.group(1));
            assertThat(get(endpoint)).isEqualTo(200);
        } finally {
            ProcessHandle.of(Long.parseLong(pid.group(1))).ifPresent(ProcessHandle::destroy);
        }
    }

    private static URI endpoint(String output) {
        Matcher matcher = ENDPOINT.matcher(output);
        assertThat(matcher.find()).as(output).isTrue();
        return URI.create(matcher.group(1));
    }

    private static int get(URI endpoint) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }
}
