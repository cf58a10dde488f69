package ecstest.deploy.rollout;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentLifecycleStage;
import software.amazon.awssdk.services.ecs.model.ServiceRevisionSummary;

/**
 * How one service deployment stands, from a DescribeServiceDeployments answer: the line to print, whether it is
 * over and how, and why it failed. A pure decision, tested on built answers.
 */
public record DeploymentProgress(String line, Outcome outcome, String cause, ServiceDeploymentLifecycleStage stage) {

    public enum Outcome {
        IN_PROGRESS,
        SUCCEEDED,
        ROLLED_BACK,
        STOPPED,
        ROLLBACK_FAILED;

        boolean over() {
            return this != IN_PROGRESS;
        }
    }

    /** The lifecycle stages in the order a deployment passes them (the ECS API reference's order). */
    public static final List<ServiceDeploymentLifecycleStage> STAGES = List.of(
            ServiceDeploymentLifecycleStage.RECONCILE_SERVICE,
            ServiceDeploymentLifecycleStage.PRE_SCALE_UP,
            ServiceDeploymentLifecycleStage.SCALE_UP,
            ServiceDeploymentLifecycleStage.POST_SCALE_UP,
            ServiceDeploymentLifecycleStage.TEST_TRAFFIC_SHIFT,
            ServiceDeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT,
            ServiceDeploymentLifecycleStage.PRODUCTION_TRAFFIC_SHIFT,
            ServiceDeploymentLifecycleStage.POST_PRODUCTION_TRAFFIC_SHIFT,
            ServiceDeploymentLifecycleStage.BAKE_TIME,
            ServiceDeploymentLifecycleStage.CLEAN_UP);

    public static DeploymentProgress of(ServiceDeployment deployment) {
        String status = deployment.statusAsString();
        ServiceDeploymentLifecycleStage stage = deployment.lifecycleStage();
        StringBuilder line = new StringBuilder(status);
        if (deployment.lifecycleStageAsString() != null) {
            line.append(' ').append(deployment.lifecycleStageAsString());
        }
        ServiceRevisionSummary target = deployment.targetServiceRevision();
        if (target != null && target.requestedProductionTrafficWeight() != null) {
            line.append(", production traffic %.0f%% new".formatted(target.requestedProductionTrafficWeight()));
        }
        if (target != null && target.requestedTaskCount() != null) {
            line.append(", new tasks %d/%d running"
                    .formatted(
                            target.runningTaskCount() == null ? 0 : target.runningTaskCount(),
                            target.requestedTaskCount()));
        }
        Outcome outcome = switch (status == null ? "" : status) {
            case "SUCCESSFUL" -> Outcome.SUCCEEDED;
            case "ROLLBACK_SUCCESSFUL" -> Outcome.ROLLED_BACK;
            case "ROLLBACK_FAILED" -> Outcome.ROLLBACK_FAILED;
            case "STOPPED" -> Outcome.STOPPED;
            default -> Outcome.IN_PROGRESS;
        };
        return new DeploymentProgress(line.toString(), outcome, cause(deployment), stage);
    }

    /** True once the deployment has reached {@code wanted} or a later stage, or succeeded. */
    public boolean reached(ServiceDeploymentLifecycleStage wanted) {
        if (outcome == Outcome.SUCCEEDED) {
            return true;
        }
        return outcome == Outcome.IN_PROGRESS
                && stage != null
                && stage != ServiceDeploymentLifecycleStage.UNKNOWN_TO_SDK_VERSION
                && STAGES.indexOf(stage) >= STAGES.indexOf(wanted);
    }

    /** What the deployment says about why it went back or stopped: alarms, circuit breaker, its reason. */
    private static String cause(ServiceDeployment deployment) {
        List<String> causes = new ArrayList<>();
        if (deployment.alarms() != null
                && !deployment.alarms().triggeredAlarmNames().isEmpty()) {
            causes.add("alarm " + String.join(", ", deployment.alarms().triggeredAlarmNames()) + " went into ALARM");
        }
        if (deployment.deploymentCircuitBreaker() != null
                && "TRIGGERED".equals(deployment.deploymentCircuitBreaker().statusAsString())) {
            causes.add("the circuit breaker tripped after "
                    + deployment.deploymentCircuitBreaker().failureCount() + " failed tasks");
        }
        if (deployment.statusReason() != null) {
            causes.add(deployment.statusReason());
        } else if (deployment.rollback() != null && deployment.rollback().reason() != null) {
            causes.add(deployment.rollback().reason());
        }
        return causes.isEmpty() ? "no reason given" : String.join("; ", causes);
    }
}
