package ecstest.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import ecstest.deploy.fixtures.TestStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad input gets one clear error and a non-zero exit, and reaches no AWS endpoint: the CLI
 * is pointed at a loopback HTTP server that counts every request it receives.
 */
class BadInputTests {

    @TempDir
    Path home;

    private HttpServer endpoint;
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void copyTheRepositorysTemplatesAndStartACountingEndpoint() throws IOException {
        TestStack.copyHome(home);
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        endpoint.start();
    }

    @AfterEach
    void stopEndpoint() {
        endpoint.stop(0);
    }

    @Test
    void theUntouchedStackValidates() {
        Outcome outcome = cli("validate", "--set", "ACCOUNT_ID=123456789012");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).startsWith("ok: stack ecs-test, 56 API calls");
        assertThat(calls).hasValue(0);
    }

    @Test
    void aMisspeltFieldNamesTheFileAndThePath() throws IOException {
        edit("ecs/register-task-definition-gate-server.json", "\"portMappings\"", "\"portMapings\"");

        for (String verb : List.of("validate", "up", "plan")) {
            Outcome outcome = cli(verb, "--set", "ACCOUNT_ID=123456789012");

            assertOneError(
                    outcome,
                    "52-ecs-register-task-definition-gate-server.json: unknown field 'portMapings' at $.containerDefinitions[0].portMapings");
        }
    }

    @Test
    void aWrongTypeNamesTheFileAndThePath() throws IOException {
        edit("elbv2/create-listener.json", "\"Port\": 80", "\"Port\": \"80\"");

        Outcome outcome = cli("validate", "--set", "ACCOUNT_ID=123456789012");

        assertOneError(
                outcome,
                "38-elbv2-create-listener-http.json: wrong type at $.Port for elbv2 create-listener: found text \"80\", expected a number");
    }

    @Test
    void everyMissingValueIsListedAtOnce() throws IOException {
        edit("ecs/create-cluster.json", "\"clusterName\": \"${STACK}\"", "\"clusterName\": \"${CLUSTER_NAME}\"");

        Outcome outcome = cli("render", "--out", home.resolve("out").toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err())
                .contains("missing values")
                .contains("ACCOUNT_ID  (used by")
                .contains("CLUSTER_NAME  (used by 46-ecs-create-cluster.json)");
        assertThat(home.resolve("out")).doesNotExist();
        assertThat(calls).hasValue(0);
    }

    @Test
    void anInvalidCidrIsRejected() {
        Outcome outcome =
                cli("validate", "--set", "ACCOUNT_ID=123456789012", "--set", "PUBLIC_SUBNET_A_CIDR=10.0.300.0/24");

        assertOneError(
                outcome,
                "PUBLIC_SUBNET_A_CIDR=10.0.300.0/24 must be an IPv4 CIDR block such as 10.0.0.0/16: '300' is not a number"
                        + " from 0 to 255");
    }

    @Test
    void aCpuAndMemoryCombinationFargateDoesNotOfferIsRejected() {
        Outcome outcome = cli(
                "validate", "--set", "ACCOUNT_ID=123456789012", "--set", "GATE_CPU=256", "--set", "GATE_MEMORY=4096");

        assertOneError(
                outcome,
                "52-ecs-register-task-definition-gate-server.json: Fargate does not offer cpu 256 with memory 4096");
    }

    @Test
    void aGateContainerPortThatDiffersFromTheTargetGroupsIsRejected() throws IOException {
        edit(
                "ecs/register-task-definition-gate-server.json",
                "\"containerPort\": \"${GATE_PORT}\"",
                "\"containerPort\": 8081");

        Outcome outcome = cli("validate", "--set", "ACCOUNT_ID=123456789012");

        assertOneError(
                outcome,
                "54-ecs-create-service-gate-server.json: container gate-server of ecs-test-gate-server maps no port 8080 (its ports: [8081])");
    }

    @Test
    void aRequestScalingTargetThatIsNotAWholePositiveNumberIsRejected() {
        assertOneError(
                cli("validate", "--set", "ACCOUNT_ID=123456789012", "--set", "GATE_TARGET_REQUESTS_PER_TASK=0"),
                "GATE_TARGET_REQUESTS_PER_TASK=0 must be empty (scaling on CPU only) or requests per task per minute,"
                        + " a whole number from 1 to");
        assertOneError(
                cli("validate", "--set", "ACCOUNT_ID=123456789012", "--set", "GATE_TARGET_REQUESTS_PER_TASK=abc"),
                "GATE_TARGET_REQUESTS_PER_TASK=abc must be empty (scaling on CPU only)");
    }

    @Test
    void aSettingAServiceDoesNotHaveIsRejectedWithTheOnesItHas() {
        Outcome outcome = cli("config", "set", "gate-server", "data-server.read-timout", "3s");

        assertOneError(
                outcome,
                "gate-server has no setting 'data-server.read-timout'; its settings: data-server.url, "
                        + "data-server.connect-timeout, data-server.read-timeout, data-server.max-connections, "
                        + "data-server.connection-time-to-live, data-server.max-answer-size");
    }

    @Test
    void aValueThatWouldNotStartTheServiceIsRejected() {
        Outcome outcome = cli("config", "set", "gate-server", "data-server.read-timeout", "3 seconds");

        assertOneError(
                outcome,
                "gate-server data-server.read-timeout: '3 seconds' is not a duration such as 500ms, 2s, 1m or PT2S");
    }

    @Test
    void anUnknownServiceIsRejected() {
        assertOneError(
                cli("logs", "gateway", "--since", "5m"), "unknown service 'gateway': one of data-server, gate-server");
    }

    @Test
    void anUnreadableSinceIsRejected() {
        assertOneError(
                cli("logs", "gate-server", "--since", "yesterday"),
                "--since yesterday: expected an age such as 30s, 10m, 2h, 1d or an instant such as 2026-11-25T08:00:00Z");
    }

    @Test
    void aGateCountOutsideItsAutoscalingBoundsIsRefusedWithTheWayToChangeThem() {
        assertOneError(
                cli("scale", "gate-server", "9", "--set", "ACCOUNT_ID=123456789012"),
                "gate-server's count 9 is outside its autoscaling bounds 1..4 (GATE_MIN_TASKS..GATE_MAX_TASKS):"
                        + " change them too, e.g. scale gate-server 9 --min 1 --max 9");
    }

    @Test
    void boundsThatCrossAreRefused() {
        assertOneError(
                cli("scale", "gate-server", "2", "--min", "3", "--max", "2", "--set", "ACCOUNT_ID=123456789012"),
                "gate-server's bounds would be 3..2: --min must not exceed --max");
    }

    @Test
    void aCountThatIsNotAWholeNumberOfTasksIsRefused() {
        assertOneError(
                cli("scale", "data-server", "-1", "--set", "ACCOUNT_ID=123456789012"),
                "COUNT must be 0 to 100 tasks: -1");
        assertOneError(
                cli("scale", "data-server", "two", "--set", "ACCOUNT_ID=123456789012"),
                "COUNT must be a whole number of tasks, 0 to 100: two");
    }

    @Test
    void aMisspeltServiceOfScaleOrRestartGetsASuggestion() {
        assertOneError(
                cli("scale", "gate-srever", "2", "--set", "ACCOUNT_ID=123456789012"),
                "the stack has no service gate-srever: did you mean gate-server?");
        assertOneError(
                cli("restart", "data", "--set", "ACCOUNT_ID=123456789012"),
                "the stack has no service data: did you mean data-server?");
        assertOneError(
                cli("restart", "--set", "ACCOUNT_ID=123456789012"),
                "restart: name a service (data-server, gate-server) or pass --all");
    }

    @Test
    void boundsForDataServerWhichHasNoAutoscalingAreRefused() {
        assertOneError(
                cli("scale", "data-server", "2", "--max", "3", "--set", "ACCOUNT_ID=123456789012"),
                "--min and --max bound gate-server's autoscaling");
    }

    @Test
    void anAccountIdThatIsNotOneStopsUpBeforeAnyRequest() {
        assertOneError(cli("up", "--set", "ACCOUNT_ID="), "ACCOUNT_ID='' must be an AWS account ID (12 digits)");
        assertOneError(
                cli("up", "--set", "ACCOUNT_ID=12345"), "ACCOUNT_ID=12345 must be an AWS account ID (12 digits)");
    }

    @Test
    void stackNamesAreNamesShortEnoughForTheTargetGroupAndNeverPaths() {
        String rule = "a stack name is 1 to 20 letters, digits and inner hyphens";
        assertOneError(cli("up", "--stack", "Bad_Stack", "--set", "ACCOUNT_ID=123456789012"), rule);
        assertOneError(cli("up", "--stack", "a".repeat(21), "--set", "ACCOUNT_ID=123456789012"), rule);
        assertOneError(cli("status", "--stack", "../stacks/x"), rule);
    }

    @Test
    void portsCountsAndEnumerationsAreCheckedBeforeAnyRequest() {
        assertOneError(
                cli("up", "--set", "ACCOUNT_ID=123456789012", "--set", "GATE_PORT=99999"),
                "GATE_PORT=99999 must be a TCP port, a whole number from 1 to 65535");
        assertOneError(
                cli("up", "--set", "ACCOUNT_ID=123456789012", "--set", "GATE_DESIRED_COUNT=-1"),
                "GATE_DESIRED_COUNT=-1 must be a number of tasks, a whole number from 0 to 100");
        assertOneError(
                cli("up", "--set", "ACCOUNT_ID=123456789012", "--set", "CPU_ARCHITECTURE=arm64"),
                "CPU_ARCHITECTURE=arm64 must be one of ARM64, X86_64");
        assertOneError(
                cli("up", "--set", "ACCOUNT_ID=123456789012", "--set", "GATE_SLOW_START_SECONDS=10"),
                "GATE_SLOW_START_SECONDS=10 must be 0 (off) or seconds (ELB allows 30 to 900), a whole number from 30"
                        + " to 900");
    }

    @Test
    void aNamespaceThatIsNotADnsNameIsRefused() {
        assertOneError(
                cli("up", "--set", "ACCOUNT_ID=123456789012", "--set", "NAMESPACE=ecs;$(reboot)"),
                "NAMESPACE=ecs;$(reboot) must be a DNS name");
    }

    @Test
    void aDomainThatIsNotANameOrACertificateOfAnotherRegionIsRefusedBeforeAnyRequest() {
        assertOneError(
                cli("up", "--set", "ACCOUNT_ID=123456789012", "--set", "DOMAIN_NAME=API.Example.com"),
                "DOMAIN_NAME=API.Example.com must be empty (HTTP on the load balancer's own name) or a DNS name");
        assertOneError(
                cli("up", "--set", "ACCOUNT_ID=123456789012", "--set", "DOMAIN_NAME=localhost"),
                "DOMAIN_NAME=localhost is not a name under a zone (e.g. api.example.com)");
        assertOneError(
                cli(
                        "up",
                        "--set",
                        "ACCOUNT_ID=123456789012",
                        "--set",
                        "DOMAIN_NAME=api.example.com",
                        "--set",
                        "CERTIFICATE_ARN=arn:aws:acm:us-east-1:123456789012:certificate/0f0e0d0c-0b0a-0908"),
                "CERTIFICATE_ARN is a certificate of us-east-1, the stack is in ap-northeast-2: a load balancer"
                        + " presents only certificates of its own region");
        assertOneError(
                cli(
                        "up",
                        "--set",
                        "ACCOUNT_ID=123456789012",
                        "--set",
                        "CERTIFICATE_ARN=arn:aws:acm:ap-northeast-2:123456789012:certificate/0f0e0d0c"),
                "CERTIFICATE_ARN=arn:aws:acm:ap-northeast-2:123456789012:certificate/0f0e0d0c without DOMAIN_NAME");
        assertOneError(
                cli("up", "--set", "ACCOUNT_ID=123456789012", "--set", "CERTIFICATE_ARN=not-an-arn"),
                "CERTIFICATE_ARN=not-an-arn must be empty (up requests one for DOMAIN_NAME) or an ACM certificate ARN");
    }

    @Test
    void anEgressThatIsNotOneOrANatGatewayPerAzWithoutNatIsRefusedBeforeAnyRequest() {
        assertOneError(
                cli("up", "--set", "ACCOUNT_ID=123456789012", "--set", "EGRESS=none"),
                "EGRESS=none must be one of nat, public, endpoints");
        assertOneError(
                cli("up", "--set", "ACCOUNT_ID=123456789012", "--set", "EGRESS=public", "--set", "NAT_PER_AZ=true"),
                "NAT_PER_AZ=true needs EGRESS=nat (EGRESS=public makes no NAT gateway)");
    }

    @Test
    void aGitHubRepositoryBranchOrEnvironmentThatCannotBeTrustedExactlyIsRefusedBeforeAnythingIsWritten() {
        Path out = home.resolve("github-iam");
        String account = "ACCOUNT_ID=123456789012";
        assertOneError(
                cli("admin-setup", "--apply", "--set", account, "--out", out.toString(), "--github", "ecs-test"),
                "--github ecs-test: not a GitHub repository; give OWNER/REPO, e.g. --github my-org/ecs-test");
        assertOneError(
                cli("admin-setup", "--set", account, "--out", out.toString(), "--github", "my-org/*"),
                "--github my-org/*: not a GitHub repository");
        assertOneError(
                cli(
                        "admin-setup",
                        "--set",
                        account,
                        "--out",
                        out.toString(),
                        "--github",
                        "my-org/ecs-test",
                        "--branch",
                        "release/*"),
                "--branch release/*: not a branch name (git check-ref-format; no wildcards: the role trusts exactly"
                        + " one branch)");
        assertOneError(
                cli(
                        "admin-setup",
                        "--set",
                        account,
                        "--out",
                        out.toString(),
                        "--github",
                        "my-org/ecs-test",
                        "--branch",
                        "main",
                        "--environment",
                        "production"),
                "--branch and --environment: give one.");
        assertOneError(
                cli("admin-setup", "--set", account, "--out", out.toString(), "--environment", "production"),
                "--branch and --environment say which GitHub runs may deploy: give --github OWNER/REPO with them");
        assertThat(out).doesNotExist();
    }

    @Test
    void aMisspeltSettingIsNamedWithTheNearestOne() {
        assertOneError(
                cli("up", "--set", "ACCOUNT_ID=123456789012", "--set", "GATE_CPUS=512"),
                "--set GATE_CPUS: no stack setting has that name; did you mean GATE_CPU? (`ecs-test settings` lists them)");
    }

    @Test
    void aRegionTheSdkDoesNotKnowIsRefusedOnEveryVerb() {
        String message = "REGION=ap-northeast-9 must be an AWS region the SDK knows";
        assertOneError(cli("up", "--set", "ACCOUNT_ID=123456789012", "--region", "ap-northeast-9"), message);
        assertOneError(cli("status", "--region", "ap-northeast-9"), message);
    }

    @Test
    void aStageThatIsNotOneGetsOneLineListingTheStagesNotTheUsage() {
        for (String verb : List.of("deploy", "watch")) {
            Outcome outcome = verb.equals("deploy")
                    ? cli("deploy", "--wait-until", "NOT_A_STAGE", "--set", "ACCOUNT_ID=123456789012")
                    : cli("watch", "gate-server", "--wait-until", "NOT_A_STAGE");

            assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(2);
            assertThat(outcome.err().lines().toList())
                    .as(outcome.err())
                    .singleElement()
                    .asString()
                    .startsWith("ecs-test " + verb + ": Invalid value for option '--wait-until': 'NOT_A_STAGE' is not"
                            + " a deployment lifecycle stage; one of RECONCILE_SERVICE, PRE_SCALE_UP,")
                    .endsWith("(`ecs-test " + verb + " --help` lists what it takes)");
            assertThat(outcome.out()).isEmpty();
        }
        assertThat(calls).hasValue(0);
    }

    @Test
    void anUnknownOptionGetsOneLine() {
        Outcome outcome = cli("status", "--stak", "shop");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("ecs-test status: Unknown options: '--stak', 'shop'");
        assertThat(calls).hasValue(0);
    }

    private void assertOneError(Outcome outcome, String message) {
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains(message);
        assertThat(outcome.err().lines().filter(line -> line.startsWith("ecs-test ") || line.startsWith("  ")))
                .as("one error: %s", outcome.err())
                .hasSize(outcome.err().contains("would not work on AWS") ? 2 : 1);
        assertThat(calls).as("requests that reached the AWS endpoint").hasValue(0);
    }

    record Outcome(int exitCode, String out, String err) {}

    private Outcome cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--home",
                home.toString(),
                "--endpoint-url",
                "http://127.0.0.1:" + endpoint.getAddress().getPort()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EcsTestCli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    private void edit(String template, String from, String to) throws IOException {
        Path file = home.resolve("templates").resolve(template);
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }
}
