package ecstest.deploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.fixtures.EmulatedAccount;
import ecstest.deploy.fixtures.Moto;
import ecstest.deploy.fixtures.RecordingInterceptor;
import ecstest.testsupport.RequiresTools;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentLifecycleStage;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * `deploy`, `rollback` against the extended emulator: new revisions pinned by digest, in use by the services;
 * unchanged is a no-op; an alarm in ALARM rolls a deployment back; `rollback` stops one under way.
 */
@RequiresTools("moto_server")
class RolloutEmulatorTests {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private EmulatedAccount account;
    private RecordingInterceptor calls;
    private AwsClients aws;

    @BeforeEach
    void startEmulatorAndBuildTheStack() throws Exception {
        account = EmulatedAccount.built();
        calls = account.calls;
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
    void deployRegistersRevisionsPinnedByDigestAndTheServicesUseThem() {
        Images images = images(DIGEST);

        assertThat(rollout().deploy(images, false)).as(account.console()).isTrue();

        for (String service : List.of("gate-server", "data-server")) {
            String running = aws.ecs()
                    .describeServices(r -> r.cluster("ecs-test").services(service))
                    .services()
                    .getFirst()
                    .taskDefinition();
            TaskDefinition revision = aws.ecs()
                    .describeTaskDefinition(r -> r.taskDefinition(running))
                    .taskDefinition();
            assertThat(revision.revision()).isEqualTo(2);
            assertThat(revision.containerDefinitions().getFirst().image())
                    .isEqualTo(images.of(service))
                    .contains("@" + DIGEST);
        }
        assertThat(account.console()).contains("service deployment").contains("successful");

        calls.clear();
        assertThat(rollout().deploy(images, false)).isTrue();
        assertThat(calls.sent(RegisterTaskDefinitionRequest.class))
                .as("the same images again register nothing")
                .isEmpty();
    }

    @Test
    void dryRunShowsTheRevisionsItWouldRegisterAndRegistersNone() {
        calls.clear();

        assertThat(rollout().deploy(images(DIGEST), true)).isTrue();

        assertThat(calls.mutating()).isEmpty();
        assertThat(account.console()).contains("would register a new revision of ecs-test-gate-server with");
    }

    @Test
    void anAlarmInAlarmRollsTheDeploymentBackAndDeployFailsNamingIt() {
        aws.cloudWatch()
                .setAlarmState(r -> r.alarmName("ecs-test-gate-server-5xx")
                        .stateValue(StateValue.ALARM)
                        .stateReason("5 responses 5xx in a minute"));

        assertThat(rollout().deploy(images(DIGEST), false))
                .as(account.console())
                .isFalse();

        assertThat(account.console())
                .contains("data-server: deployment")
                .contains("successful")
                .containsPattern("gate-server: deployment \\S+ rolled back: alarm ecs-test-gate-server-5xx went into"
                        + " ALARM");
        assertThat(runningRevision("gate-server"))
                .as("gate-server back on its old revision")
                .isEqualTo(1);
        assertThat(runningRevision("data-server"))
                .as("data-server's deployment watches other alarms")
                .isEqualTo(2);

        // a pipeline's next step, `watch`, once nothing is under way: the verdict of the deployment that ended
        EmulatedAccount.Run gate = account.cli("watch", "gate-server");
        EmulatedAccount.Run data = account.cli("watch", "data-server");
        assertThat(gate.exitCode()).as(gate.console()).isEqualTo(1);
        assertThat(gate.out())
                .contains("gate-server: no deployment under way; the newest, ")
                .contains("ended ROLLBACK_SUCCESSFUL")
                .containsPattern("rolled back: alarm ecs-test-gate-server-5xx went into ALARM")
                .contains("alarm ecs-test-gate-server-5xx: 5 responses 5xx in a minute");
        assertThat(data.exitCode()).as(data.console()).isZero();
        assertThat(data.out())
                .contains("data-server: no deployment under way; the newest, ")
                .contains("successful");
    }

    @Test
    void rollbackStopsTheDeploymentUnderWayAndTheServiceReturnsToItsRevision() throws Exception {
        try (EmulatedAccount slow = EmulatedAccount.start(6); // a rolling deployment's stages last 5 s each
                AwsClients slowAws = slow.clients()) {
            slow.provisioner(slowAws).up(false);
            Rollout rollout = slow.rollout(slowAws);

            assertThat(rollout.deploy(images(DIGEST), false, ServiceDeploymentLifecycleStage.SCALE_UP))
                    .as(slow.console())
                    .isTrue();
            assertThat(slow.console()).contains("gate-server: deployment").contains("reached SCALE_UP");
            assertThat(rollout.rollback("gate-server", false))
                    .as(slow.console())
                    .isTrue();

            assertThat(slow.console()).contains("gate-server: rolled back; it runs");
            assertThat(EmulatedAccount.service(slowAws, "gate-server").taskDefinition())
                    .endsWith("ecs-test-gate-server:1");
            assertThatThrownBy(() -> rollout.rollback("gate-server", false))
                    .hasMessageContaining("gate-server has no deployment under way to roll back");
        }
    }

    private int runningRevision(String service) {
        String running = aws.ecs()
                .describeServices(r -> r.cluster("ecs-test").services(service))
                .services()
                .getFirst()
                .taskDefinition();
        return Integer.parseInt(running.substring(running.lastIndexOf(':') + 1));
    }

    private Rollout rollout() {
        return account.rollout(aws);
    }

    private static Images images(String digest) {
        String registry = Moto.ACCOUNT_ID + ".dkr.ecr." + Moto.REGION + ".amazonaws.com/";
        return Images.of(service -> registry + service + "@" + digest);
    }
}
