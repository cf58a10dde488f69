package ecstest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Service;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rollout verdict on describe-services answers in AWS's shape (an emulator completes every deployment
 * at once, so rollbacks and failures are written here as AWS reports them).
 */
class RolloutVerdictTests {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Test
    void aPrimaryDeploymentThatCompletedHasCompleted() {
        Service service = service("""
                {"deployments": [
                  {"id": "ecs-svc/new", "status": "PRIMARY", "taskDefinition": "td:2", "desiredCount": 2, "runningCount": 2,
                   "pendingCount": 0, "rolloutState": "COMPLETED", "rolloutStateReason": "ECS deployment ecs-svc/new completed."}]}""");

        assertThat(RolloutVerdict.of(service, "ecs-svc/new").state()).isEqualTo(RolloutVerdict.State.COMPLETED);
    }

    @Test
    void stillReplacingTasksIsInProgress() {
        Service service = service("""
                {"deployments": [
                  {"id": "ecs-svc/new", "status": "PRIMARY", "taskDefinition": "td:2", "desiredCount": 2, "runningCount": 1,
                   "pendingCount": 1, "rolloutState": "IN_PROGRESS"},
                  {"id": "ecs-svc/old", "status": "ACTIVE", "taskDefinition": "td:1", "desiredCount": 2, "runningCount": 2,
                   "pendingCount": 0, "rolloutState": "COMPLETED"}]}""");

        RolloutVerdict verdict = RolloutVerdict.of(service, "ecs-svc/new");

        assertThat(verdict.state()).isEqualTo(RolloutVerdict.State.IN_PROGRESS);
        assertThat(verdict.detail()).isEqualTo("IN_PROGRESS 1/2 running, 1 pending");
    }

    @Test
    void theCircuitBreakerRollingBackIsARollback() {
        Service service = service("""
                {"deployments": [
                  {"id": "ecs-svc/rollback", "status": "PRIMARY", "taskDefinition": "td:1", "desiredCount": 2, "runningCount": 1,
                   "pendingCount": 1, "rolloutState": "IN_PROGRESS"},
                  {"id": "ecs-svc/new", "status": "ACTIVE", "taskDefinition": "td:2", "desiredCount": 0, "runningCount": 0,
                   "pendingCount": 0, "rolloutState": "FAILED",
                   "rolloutStateReason": "ECS deployment circuit breaker: tasks failed to start. Rolling back to deployment ecs-svc/old."}]}""");

        RolloutVerdict verdict = RolloutVerdict.of(service, "ecs-svc/new");

        assertThat(verdict.state()).isEqualTo(RolloutVerdict.State.ROLLED_BACK);
        assertThat(verdict.detail()).contains("circuit breaker").contains("tasks failed to start");
    }

    @Test
    void aFailedPrimaryDeploymentWithoutRollbackHasFailed() {
        Service service = service("""
                {"deployments": [
                  {"id": "ecs-svc/new", "status": "PRIMARY", "taskDefinition": "td:2", "desiredCount": 1, "runningCount": 0,
                   "pendingCount": 0, "rolloutState": "FAILED", "rolloutStateReason": "ECS deployment circuit breaker: tasks failed to start."}]}""");

        assertThat(RolloutVerdict.of(service, "ecs-svc/new").state()).isEqualTo(RolloutVerdict.State.FAILED);
    }

    @Test
    void aDeploymentReplacedByAnotherIsNotASuccess() {
        Service service = service("""
                {"deployments": [
                  {"id": "ecs-svc/other", "status": "PRIMARY", "taskDefinition": "td:1", "desiredCount": 1, "runningCount": 1,
                   "pendingCount": 0, "rolloutState": "COMPLETED"}]}""");

        RolloutVerdict verdict = RolloutVerdict.of(service, "ecs-svc/new");

        assertThat(verdict.state()).isEqualTo(RolloutVerdict.State.ROLLED_BACK);
        assertThat(verdict.detail()).contains("ecs-svc/new is gone").contains("ecs-svc/other (td:1)");
    }

    private static Service service(String json) {
        return ((Service.Builder) JSON.readValue(json, Service.serializableBuilderClass())).build();
    }
}
