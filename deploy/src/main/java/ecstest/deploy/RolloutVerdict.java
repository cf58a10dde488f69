package ecstest.deploy;

import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * How one deployment (by ID) of a service stands, from a describe-services answer. A pure decision, so it
 * is tested on recorded answers: an emulator completes every deployment at once.
 */
record RolloutVerdict(State state, String detail) {

    enum State {
        IN_PROGRESS,
        COMPLETED,
        FAILED,
        ROLLED_BACK;

        boolean finished() {
            return this != IN_PROGRESS;
        }
    }

    static RolloutVerdict of(Service service, String deploymentId) {
        Optional<Deployment> ours = service.deployments().stream()
                .filter(d -> d.id().equals(deploymentId))
                .findFirst();
        if (ours.isEmpty()) {
            String now = service.deployments().stream()
                    .filter(d -> "PRIMARY".equals(d.status()))
                    .findFirst()
                    .map(d -> d.id() + " (" + d.taskDefinition() + ")")
                    .orElse("none");
            return new RolloutVerdict(
                    State.ROLLED_BACK, "deployment " + deploymentId + " is gone; the service now runs " + now);
        }
        Deployment deployment = ours.get();
        String progress = "%s %d/%d running, %d pending"
                .formatted(
                        deployment.rolloutStateAsString(),
                        deployment.runningCount(),
                        deployment.desiredCount(),
                        deployment.pendingCount());
        String reason = deployment.rolloutStateReason() == null ? "" : ": " + deployment.rolloutStateReason();
        return switch (deployment.rolloutStateAsString() == null ? "" : deployment.rolloutStateAsString()) {
            case "COMPLETED" ->
                "PRIMARY".equals(deployment.status())
                        ? new RolloutVerdict(State.COMPLETED, progress)
                        : new RolloutVerdict(
                                State.ROLLED_BACK,
                                "deployment " + deploymentId + " is " + deployment.status() + reason);
            case "FAILED" ->
                rolledBack(service, deployment)
                        ? new RolloutVerdict(
                                State.ROLLED_BACK,
                                "the circuit breaker rolled deployment " + deploymentId + " back" + reason)
                        : new RolloutVerdict(State.FAILED, "deployment " + deploymentId + " failed" + reason);
            default -> new RolloutVerdict(State.IN_PROGRESS, progress);
        };
    }

    /** A failed deployment that is no longer PRIMARY, next to a newer PRIMARY one, was rolled back. */
    private static boolean rolledBack(Service service, Deployment failed) {
        return !"PRIMARY".equals(failed.status())
                || (failed.rolloutStateReason() != null
                        && failed.rolloutStateReason().contains("rolling back"));
    }
}
