package ecstest.deploy.scaling;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.pricing.Prices;
import ecstest.deploy.settings.Location;
import ecstest.deploy.settings.Services;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.stack.TaskDefinitionsResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The services' task counts as {@code scale} sets them: a count per service and, for gate-server, its autoscaling
 * bounds (suspended at 0, where scaling would start tasks again), what the change costs per hour, and the same
 * change as AWS CLI commands.
 */
public final class TaskCounts {

    /** What one service is to become: its count and, for gate-server, its scalable target's bounds. */
    public record Change(String service, int count, Integer min, Integer max) {
        /** " (autoscaling 1..6)" for gate-server's bounds, empty for data-server. */
        public String bounds() {
            if (min == null) {
                return "";
            }
            return " (autoscaling " + min + ".." + max + (count == 0 ? ", suspended)" : ")");
        }
    }

    private final AwsClients aws;
    private final String stack;

    public TaskCounts(AwsClients aws, String stack) {
        this.aws = aws;
        this.stack = stack;
    }

    /** Sets the service's count, and gate-server's bounds and whether its scaling is suspended (at 0). */
    public void apply(Change change) {
        if (change.min() != null) {
            boolean paused = change.count() == 0;
            aws.scaling()
                    .registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS)
                            .resourceId(resourceId(change.service()))
                            .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                            .minCapacity(change.min())
                            .maxCapacity(change.max())
                            .suspendedState(s -> s.dynamicScalingInSuspended(paused)
                                    .dynamicScalingOutSuspended(paused)
                                    .scheduledScalingSuspended(paused)));
        }
        aws.ecs().updateService(r -> r.cluster(stack).service(change.service()).desiredCount(change.count()));
    }

    private String resourceId(String service) {
        return "service/" + stack + "/" + service;
    }

    /** The same changes as AWS CLI commands, for a dry run. */
    public static List<String> commands(String stack, Change change) {
        List<String> commands = new ArrayList<>();
        if (change.min() != null) {
            boolean paused = change.count() == 0;
            commands.add(
                    ("aws application-autoscaling register-scalable-target --service-namespace ecs --resource-id %s"
                                    + " --scalable-dimension ecs:service:DesiredCount --min-capacity %d --max-capacity %d"
                                    + " --suspended-state DynamicScalingInSuspended=%b,DynamicScalingOutSuspended=%b,"
                                    + "ScheduledScalingSuspended=%b")
                            .formatted(
                                    "service/" + stack + "/" + change.service(),
                                    change.min(),
                                    change.max(),
                                    paused,
                                    paused,
                                    paused));
        }
        commands.add("aws ecs update-service --cluster %s --service %s --desired-count %d"
                .formatted(stack, change.service(), change.count()));
        return commands;
    }

    /** "2/2 running", with the pending tasks when there are. */
    public static String running(Service service) {
        return service.runningCount() + "/" + service.desiredCount() + " running"
                + (service.pendingCount() > 0 ? ", " + service.pendingCount() + " pending" : "");
    }

    /** What the tasks cost per hour after the change, at the stack's region's list prices (see {@link Prices}). */
    public static String cost(List<Change> changes, StackSettings settings) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        changes.forEach(change -> counts.put(change.service(), change.count()));
        double total = 0;
        List<String> parts = new ArrayList<>();
        Prices prices = Prices.of(settings.require(Location.REGION));
        String architecture = settings.require(TaskDefinitionsResource.CPU_ARCHITECTURE);
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            boolean gate = entry.getKey().equals(Services.GATE);
            double perTask = prices.taskHour(
                    architecture,
                    settings.whole(gate ? TaskDefinitionsResource.GATE_CPU : TaskDefinitionsResource.DATA_CPU),
                    settings.whole(gate ? TaskDefinitionsResource.GATE_MEMORY : TaskDefinitionsResource.DATA_MEMORY));
            total += perTask * entry.getValue();
            parts.add("%s %d × $%.4f".formatted(entry.getKey(), entry.getValue(), perTask));
        }
        String line = "Fargate tasks: $%.4f per hour (%s; Linux/%s, %s)"
                .formatted(total, String.join(", ", parts), architecture, prices.source());
        if (counts.values().stream().allMatch(count -> count == 0) && counts.size() == Services.NAMES.size()) {
            line += "\npaused: no task bills, but the network's gateways and the load balancer still bill by the hour"
                    + " until `ecs-test down --yes`; `ecs-test scale --all --resume` brings the tasks back";
        }
        return line;
    }
}
