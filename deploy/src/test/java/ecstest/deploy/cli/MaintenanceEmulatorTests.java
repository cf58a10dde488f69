package ecstest.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.fixtures.EmulatedAccount;
import ecstest.deploy.fixtures.Moto;
import ecstest.deploy.fixtures.TestStack;
import ecstest.testsupport.RequiresTools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.ecs.model.Service;

/** The tutorial's maintenance moves as verbs, `restart` and `scale`, run as a user runs them against moto. */
@RequiresTools("moto_server")
class MaintenanceEmulatorTests {

    private EmulatedAccount account;
    private AwsClients aws;

    @BeforeEach
    void buildTheStack() throws Exception {
        account = EmulatedAccount.built();
        aws = account.clients();
    }

    @AfterEach
    void stopEmulator() {
        if (aws != null) {
            aws.close();
        }
        if (account != null) {
            account.close();
        }
    }

    @Test
    void restartStartsANewDeploymentOfTheSameRevisionAndFollowsItToItsVerdict() {
        Service before = service("gate-server");
        String dataDeployment = service("data-server").deployments().getFirst().id();

        Outcome outcome = cli("restart", "gate-server");

        assertThat(outcome.exitCode()).as(outcome.console()).isZero();
        Service after = service("gate-server");
        assertThat(after.taskDefinition()).isEqualTo(before.taskDefinition());
        assertThat(after.deployments().getFirst().id())
                .isNotEqualTo(before.deployments().getFirst().id());
        String deployment = aws.ecs()
                .listServiceDeployments(r -> r.cluster("ecs-test").service("gate-server"))
                .serviceDeployments()
                .getFirst()
                .serviceDeploymentArn();
        String id = deployment.substring(deployment.lastIndexOf('/') + 1);
        assertThat(outcome.out())
                .contains("gate-server: a new deployment of ecs-test-gate-server:1")
                .contains("gate-server: service deployment " + deployment)
                .contains("gate-server: deployment " + id + " successful");
        assertThat(service("data-server").deployments().getFirst().id())
                .as("data-server was not named")
                .isEqualTo(dataDeployment);
    }

    @Test
    void restartAllRestartsBothAndDryRunOnlySaysWhatItWouldDo() {
        String gate = service("gate-server").deployments().getFirst().id();

        Outcome dryRun = cli("restart", "--all", "--dry-run");

        assertThat(dryRun.exitCode()).as(dryRun.console()).isZero();
        assertThat(dryRun.out())
                .contains("aws ecs update-service --cluster ecs-test --service data-server --force-new-deployment")
                .contains("aws ecs update-service --cluster ecs-test --service gate-server --force-new-deployment");
        assertThat(service("gate-server").deployments().getFirst().id()).isEqualTo(gate);

        Outcome outcome = cli("restart", "--all");

        assertThat(outcome.exitCode()).as(outcome.console()).isZero();
        assertThat(outcome.out()).contains("data-server: a new deployment", "gate-server: a new deployment");
        assertThat(service("gate-server").deployments().getFirst().id()).isNotEqualTo(gate);
    }

    @Test
    void configSetWithRestartSetsTheParameterAndReplacesTheTasks() {
        String before = service("gate-server").deployments().getFirst().id();

        Outcome outcome = cli("config", "set", "gate-server", "data-server.read-timeout", "3s", "--restart");

        assertThat(outcome.exitCode()).as(outcome.console()).isZero();
        assertThat(aws.ssm()
                        .getParameter(r -> r.name("/ecs-test/gate-server/data-server.read-timeout"))
                        .parameter()
                        .value())
                .isEqualTo("3s");
        assertThat(service("gate-server").deployments().getFirst().id()).isNotEqualTo(before);
        assertThat(outcome.out()).contains("restarting gate-server").contains("successful");

        Outcome plain = cli("config", "set", "gate-server", "data-server.read-timeout", "4s");
        assertThat(plain.out()).contains("run `ecs-test restart gate-server` to apply it now");
    }

    @Test
    void scaleSetsTheCountWaitsForItAndSaysWhatItCosts() {
        Outcome outcome = cli("scale", "data-server", "2");

        assertThat(outcome.exitCode()).as(outcome.console()).isZero();
        assertThat(service("data-server").desiredCount()).isEqualTo(2);
        assertThat(outcome.out())
                .contains("service data-server: 2/2 running")
                // the stack's region, ap-northeast-2, ARM64: a task of 0.25 vCPU / 0.5 GB costs
                // 0.25 × 0.03725 + 0.5 × 0.00409 = 0.0113575 per hour; two of them 0.022715
                .containsPattern("Fargate tasks: \\$0\\.0227 per hour \\(data-server 2 × \\$0\\.0114;")
                .contains("ap-northeast-2 as of 2026-12-01");
    }

    @Test
    void gateCanGoBeyondItsBoundsOnlyWithNewBounds() {
        Outcome outcome = cli("scale", "gate-server", "6", "--max", "6");

        assertThat(outcome.exitCode()).as(outcome.console()).isZero();
        assertThat(service("gate-server").desiredCount()).isEqualTo(6);
        ScalableTarget target = scalableTarget();
        assertThat(target.minCapacity()).isEqualTo(1);
        assertThat(target.maxCapacity()).isEqualTo(6);
    }

    @Test
    void pauseThenUpReportsTheDifferenceWithoutUndoingItThenResume() {
        Outcome pause = cli("scale", "--all", "0");

        assertThat(pause.exitCode()).as(pause.console()).isZero();
        assertThat(service("gate-server").desiredCount()).isZero();
        assertThat(service("data-server").desiredCount()).isZero();
        assertThat(scalableTarget().minCapacity()).isZero();
        assertThat(scalableTarget().suspendedState().dynamicScalingOutSuspended())
                .as("autoscaling would start tasks again")
                .isTrue();
        assertThat(pause.out())
                .contains("paused: no task bills, but the network's gateways and the load balancer still bill");

        Outcome up = cli("up");

        assertThat(up.exitCode()).as(up.console()).isZero();
        assertThat(up.out())
                .contains("note: gate-server runs 0 tasks where GATE_DESIRED_COUNT=1; up leaves that as it is")
                .contains("note: data-server runs 0 tasks where DATA_DESIRED_COUNT=1")
                .contains("56 already applied");
        assertThat(service("gate-server").desiredCount()).isZero();
        assertThat(scalableTarget().minCapacity())
                .as("up re-registered the paused target")
                .isZero();

        Outcome resume = cli("scale", "--all", "--resume");

        assertThat(resume.exitCode()).as(resume.console()).isZero();
        assertThat(service("gate-server").desiredCount()).isEqualTo(1);
        assertThat(service("data-server").desiredCount()).isEqualTo(1);
        assertThat(scalableTarget().minCapacity()).isEqualTo(1);
        assertThat(scalableTarget().maxCapacity()).isEqualTo(4);
        assertThat(scalableTarget().suspendedState().dynamicScalingOutSuspended())
                .isFalse();
        assertThat(cli("up").out()).doesNotContain("note:");
    }

    private Service service(String name) {
        return EmulatedAccount.service(aws, name);
    }

    private ScalableTarget scalableTarget() {
        return aws.scaling()
                .describeScalableTargets(r -> r.serviceNamespace("ecs").resourceIds("service/ecs-test/gate-server"))
                .scalableTargets()
                .getFirst();
    }

    record Outcome(int exitCode, String out, String err) {
        String console() {
            return out + "\n" + err;
        }
    }

    private Outcome cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--home",
                TestStack.HOME.toString(),
                "--endpoint-url",
                account.moto.endpoint().toString(),
                "--set",
                "ACCOUNT_ID=" + Moto.ACCOUNT_ID));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EcsTestCli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }
}
