package ecstest.deploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.deploy.cli.StageConverter;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentLifecycleStage;

/** What `deploy` makes of a DescribeServiceDeployments answer: the line, the outcome, the cause, the stage. */
class DeploymentProgressTests {

    @Test
    void aCanaryInItsTrafficShiftIsUnderWayAndShowsItsWeight() {
        DeploymentProgress progress = DeploymentProgress.of(ServiceDeployment.builder()
                .status("IN_PROGRESS")
                .lifecycleStage("PRODUCTION_TRAFFIC_SHIFT")
                .targetServiceRevision(r -> r.requestedProductionTrafficWeight(10.0)
                        .requestedTaskCount(1)
                        .runningTaskCount(1))
                .build());

        assertThat(progress.outcome()).isEqualTo(DeploymentProgress.Outcome.IN_PROGRESS);
        assertThat(progress.line())
                .isEqualTo("IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT, production traffic 10% new, new tasks 1/1 running");
        assertThat(progress.reached(ServiceDeploymentLifecycleStage.SCALE_UP)).isTrue();
        assertThat(progress.reached(ServiceDeploymentLifecycleStage.PRODUCTION_TRAFFIC_SHIFT))
                .isTrue();
        assertThat(progress.reached(ServiceDeploymentLifecycleStage.BAKE_TIME)).isFalse();
    }

    @Test
    void aRollbackByAnAlarmNamesTheAlarmAndTheReason() {
        DeploymentProgress progress = DeploymentProgress.of(ServiceDeployment.builder()
                .status("ROLLBACK_SUCCESSFUL")
                .lifecycleStage("BAKE_TIME")
                .statusReason("rolled back because of alarm gate-5xx")
                .alarms(a ->
                        a.status("TRIGGERED").alarmNames("gate-5xx", "gate-p99").triggeredAlarmNames("gate-5xx"))
                .build());

        assertThat(progress.outcome()).isEqualTo(DeploymentProgress.Outcome.ROLLED_BACK);
        assertThat(progress.cause()).isEqualTo("alarm gate-5xx went into ALARM; rolled back because of alarm gate-5xx");
        assertThat(progress.reached(ServiceDeploymentLifecycleStage.PRE_SCALE_UP))
                .as("a rolled-back deployment reaches no stage")
                .isFalse();
    }

    @Test
    void theCircuitBreakerAndAStopAreCausesToo() {
        DeploymentProgress breaker = DeploymentProgress.of(ServiceDeployment.builder()
                .status("ROLLBACK_IN_PROGRESS")
                .deploymentCircuitBreaker(b -> b.status("TRIGGERED").failureCount(3))
                .build());
        DeploymentProgress stopped = DeploymentProgress.of(ServiceDeployment.builder()
                .status("STOPPED")
                .rollback(r -> r.reason("stopped by a user"))
                .build());

        assertThat(breaker.outcome()).isEqualTo(DeploymentProgress.Outcome.IN_PROGRESS);
        assertThat(breaker.cause()).isEqualTo("the circuit breaker tripped after 3 failed tasks");
        assertThat(stopped.outcome()).isEqualTo(DeploymentProgress.Outcome.STOPPED);
        assertThat(stopped.cause()).isEqualTo("stopped by a user");
    }

    @Test
    void successReachesEveryStage() {
        DeploymentProgress done = DeploymentProgress.of(
                ServiceDeployment.builder().status("SUCCESSFUL").build());

        assertThat(done.outcome()).isEqualTo(DeploymentProgress.Outcome.SUCCEEDED);
        assertThat(DeploymentProgress.STAGES)
                .allSatisfy(stage -> assertThat(done.reached(stage)).isTrue());
    }

    @Test
    void waitUntilTakesStagesInAnyCaseAndRefusesOthers() {
        StageConverter converter = new StageConverter();

        assertThat(converter.convert("bake_time")).isEqualTo(ServiceDeploymentLifecycleStage.BAKE_TIME);
        assertThat(converter.convert("ecs:BAKE_TIME")).isEqualTo(ServiceDeploymentLifecycleStage.BAKE_TIME);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> converter.convert("BAKING"))
                .hasMessageContaining("'BAKING' is not a deployment lifecycle stage; one of RECONCILE_SERVICE,");
    }
}
