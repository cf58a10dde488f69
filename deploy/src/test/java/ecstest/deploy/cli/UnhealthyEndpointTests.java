package ecstest.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.fixtures.Moto;
import ecstest.deploy.fixtures.TestStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsRequest;

/**
 * Answers that are not AWS's: an endpoint that answers every request with an empty 503 (what is left once the SDK's
 * retries are spent on a bad minute) or with a proxy's HTML page. Each verb says so in one line and exits non-zero;
 * the clients retry as configured.
 */
class UnhealthyEndpointTests {

    private HttpServer endpoint;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String html;

    @BeforeEach
    void startAnEndpointThatAnswersEmpty503s() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            if (html == null) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                byte[] page = html.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html");
                exchange.sendResponseHeaders(502, page.length);
                exchange.getResponseBody().write(page);
            }
            exchange.close();
        });
        endpoint.start();
    }

    @AfterEach
    void stop() {
        endpoint.stop(0);
    }

    @Test
    void aReadVerbSaysWhatCameBackInOneLine() {
        Run status = cli("status");

        assertOneLine(status, "ecs-test status: AWS refused a call (");
        assertThat(status.err()).contains("HTTP 503").contains("no body").contains("after the SDK's retries");
    }

    @Test
    void aMutatingVerbSaysWhatCameBackInOneLine() {
        Run restart = cli("restart", "gate-server");
        Run configSet = cli("config", "set", "gate-server", "data-server.read-timeout", "300ms");

        assertOneLine(restart, "ecs-test restart: AWS refused a call (");
        assertThat(restart.err()).contains("HTTP 503");
        assertOneLine(configSet, "ecs-test config set: AWS refused a call (");
        assertThat(configSet.err()).contains("HTTP 503");
    }

    @Test
    void upStopsOnItsFirstReadWithOneLine() {
        Run up = cli("up");

        assertOneLine(up, "ecs-test up: cannot read the stack from AWS: ");
        assertThat(up.err()).contains("HTTP 503");
    }

    @Test
    void aProxysHtmlPageIsCalledWhatItIs() {
        html = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";

        Run status = cli("status");

        assertOneLine(status, "ecs-test status: AWS refused a call (");
        assertThat(status.err())
                .contains("an HTML page, not an AWS answer (HTTP 502)")
                .doesNotContain("<html");
    }

    @Test
    void eachCallIsTriedSixTimesAndACallThatRetriesItselfOnce() {
        try (AwsClients aws = new AwsClients("ap-northeast-2", null, endpoint())) {
            Moto.useDummyCredentials();
            assertThat(failure(() -> aws.ec2().describeVpcs())).isNotNull();
            assertThat(requests).as("attempts of one call").hasValue(AwsClients.MAX_ATTEMPTS);

            requests.set(0);
            assertThat(failure(() -> aws.ec2()
                            .describeVpcs(AwsClients.singleAttempt(
                                    DescribeVpcsRequest.builder().build()))))
                    .isNotNull();
            assertThat(requests).as("attempts of a single-attempt call").hasValue(1);
        } finally {
            Moto.clearDummyCredentials();
        }
    }

    private static AwsServiceException failure(Runnable call) {
        try {
            call.run();
            return null;
        } catch (AwsServiceException ex) {
            return ex;
        }
    }

    private void assertOneLine(Run run, String start) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err().lines().toList())
                .as(run.err())
                .singleElement()
                .asString()
                .startsWith(start);
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
        assertThat(requests.get()).as("requests that reached the endpoint").isPositive();
    }

    record Run(int exitCode, String out, String err) {}

    private Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--home",
                TestStack.HOME.toString(),
                "--endpoint-url",
                endpoint().toString(),
                "--set",
                "ACCOUNT_ID=123456789012"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Moto.useDummyCredentials();
        try {
            int code =
                    EcsTestCli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
            return new Run(code, out.toString(), err.toString());
        } finally {
            Moto.clearDummyCredentials();
        }
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort());
    }
}
