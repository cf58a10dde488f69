package ecstest.deploy.stack;

import ecstest.deploy.aws.SdkSubset;
import ecstest.deploy.pricing.Bill;
import ecstest.deploy.settings.Services;
import ecstest.deploy.settings.Setting;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.settings.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import tools.jackson.databind.json.JsonMapper;

/**
 * gate-server's target-tracking autoscaling: its task count between GATE_MIN_TASKS and GATE_MAX_TASKS, on CPU, and
 * on the load balancer's requests per task when GATE_TARGET_REQUESTS_PER_TASK is set.
 */
public final class ScalingResource extends Resource {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static final Setting GATE_MIN_TASKS = new Setting(
            "GATE_MIN_TASKS",
            Type.whole(0, Services.MAX_TASKS, "a number of tasks"),
            "1",
            "the fewest tasks gate-server's autoscaling keeps",
            Setting.Change.IN_PLACE);

    public static final Setting GATE_MAX_TASKS = new Setting(
            "GATE_MAX_TASKS",
            Type.whole(1, Services.MAX_TASKS, "a number of tasks"),
            "4",
            "the most tasks gate-server's autoscaling starts",
            Setting.Change.IN_PLACE);

    static final Setting GATE_TARGET_CPU_PERCENT = new Setting(
            "GATE_TARGET_CPU_PERCENT",
            Type.whole(1, 100, "a CPU percentage"),
            "40",
            "the average CPU use of gate-server's tasks that its autoscaling keeps (target tracking)",
            Setting.Change.IN_PLACE);

    static final Setting GATE_TARGET_REQUESTS_PER_TASK = new Setting(
            "GATE_TARGET_REQUESTS_PER_TASK",
            Type.whole(1, 9_999_999, "requests per task per minute").orEmpty("scaling on CPU only"),
            "",
            "a second target-tracking policy, on the load balancer's requests per gate-server task per minute"
                    + " (ALBRequestCountPerTarget), e.g. 6000: scaling out on either, in on both",
            Setting.Change.IN_PLACE);

    static boolean scalesOnRequests(StackSettings settings) {
        return !settings.require(GATE_TARGET_REQUESTS_PER_TASK).isBlank();
    }

    @Override
    List<Setting> settings() {
        return List.of(GATE_MIN_TASKS, GATE_MAX_TASKS, GATE_TARGET_CPU_PERCENT, GATE_TARGET_REQUESTS_PER_TASK);
    }

    @Override
    List<String> check(StackSettings settings) {
        return settings.whole(GATE_MIN_TASKS) > settings.whole(GATE_MAX_TASKS)
                ? List.of(GATE_MIN_TASKS + "=" + settings.get(GATE_MIN_TASKS) + " is above " + GATE_MAX_TASKS + "="
                        + settings.get(GATE_MAX_TASKS))
                : List.of();
    }

    private static String resourceId(StackContext stack) {
        return "service/" + stack.stack + "/gate-server";
    }

    /** Application Auto Scaling makes two CloudWatch alarms for each target-tracking policy, in the account. */
    @Override
    void bill(StackSettings settings, Bill.Builder bill) {
        bill.monthly(
                "target-tracking alarms (two per scaling policy)",
                2 * (scalesOnRequests(settings) ? 2 : 1),
                bill.prices().alarmMonth());
    }

    @Override
    String title() {
        return "autoscaling";
    }

    @Override
    List<Step> steps(StackSettings settings) {
        List<Step> steps = new ArrayList<>(List.of(
                Step.of(
                        "application-autoscaling/register-scalable-target.json",
                        "register-scalable-target",
                        "gate-server",
                        Map.of()),
                Step.of(
                        "application-autoscaling/put-scaling-policy.json",
                        "put-scaling-policy",
                        "gate-server-cpu",
                        Map.of())));
        if (scalesOnRequests(settings)) {
            steps.add(Step.of(
                    "application-autoscaling/put-scaling-policy-requests.json",
                    "put-scaling-policy",
                    "gate-server-requests",
                    Map.of()));
        }
        return steps;
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        return switch (request) {
            case RegisterScalableTargetRequest target -> target(stack, step, target);
            case PutScalingPolicyRequest policy -> policy(stack, step, policy);
            default -> throw new IllegalStateException("not a scaling call: " + step.operation());
        };
    }

    /**
     * Bounds that differ are registered again (RegisterScalableTarget updates in place). A target `scale --all 0`
     * paused (scaling suspended) is left as it is: re-registering the configured minimum would start tasks again;
     * up reports the pause instead.
     */
    private static Diff target(StackContext stack, Step step, RegisterScalableTargetRequest wanted) {
        Optional<ScalableTarget> found = stack
                .aws
                .scaling()
                .describeScalableTargets(r -> r.serviceNamespace(wanted.serviceNamespace())
                        .resourceIds(wanted.resourceId())
                        .scalableDimension(wanted.scalableDimension()))
                .scalableTargets()
                .stream()
                .findFirst();
        return target(step, wanted, found);
    }

    /** The scalable target as it is: bounds that differ are registered again, unless `scale` paused it. */
    static Diff target(Step step, RegisterScalableTargetRequest wanted, Optional<ScalableTarget> found) {
        if (found.isEmpty()) {
            return Diff.MISSING;
        }
        ScalableTarget target = found.get();
        if (pausedByScale(target)
                || (target.minCapacity().equals(wanted.minCapacity())
                        && target.maxCapacity().equals(wanted.maxCapacity()))) {
            return Diff.SAME;
        }
        return Diff.of(List.of(Change.of(
                "bounds of gate-server's task count: %d..%d → %d..%d (%s..%s)"
                        .formatted(
                                target.minCapacity(),
                                target.maxCapacity(),
                                wanted.minCapacity(),
                                wanted.maxCapacity(),
                                GATE_MIN_TASKS,
                                GATE_MAX_TASKS),
                step,
                step.operation(),
                wanted)));
    }

    static boolean pausedByScale(ScalableTarget target) {
        return target.suspendedState() != null
                && Boolean.TRUE.equals(target.suspendedState().dynamicScalingOutSuspended());
    }

    /** A target-tracking policy whose target or cooldowns changed is put again (PutScalingPolicy replaces it). */
    private static Diff policy(StackContext stack, Step step, PutScalingPolicyRequest wanted) {
        return policy(step, wanted, policy(stack, wanted.resourceId(), wanted.policyName()));
    }

    /** The policy as it is: one whose target or cooldowns differ is put again. */
    static Diff policy(Step step, PutScalingPolicyRequest wanted, Optional<ScalingPolicy> existing) {
        if (existing.isEmpty()) {
            return Diff.MISSING;
        }
        var configured = wanted.targetTrackingScalingPolicyConfiguration();
        var found = existing.get().targetTrackingScalingPolicyConfiguration();
        if (SdkSubset.covers(configured, found)) {
            return Diff.SAME;
        }
        return Diff.of(List.of(Change.of(
                "%s: %s".formatted(wanted.policyName(), String.join(", ", SdkSubset.differences(configured, found))),
                step,
                "put-scaling-policy",
                wanted)));
    }

    /** The scaling policy of that name on that ECS service, if it exists. */
    private static Optional<ScalingPolicy> policy(StackContext stack, String resourceId, String name) {
        return stack
                .aws
                .scaling()
                .describeScalingPolicies(
                        r -> r.serviceNamespace("ecs").resourceId(resourceId).policyNames(name))
                .scalingPolicies()
                .stream()
                // by name here too: moto ignores the policyNames filter
                .filter(p -> p.policyName().equals(name))
                .findFirst();
    }

    /** The policy on the load balancer's requests, once GATE_TARGET_REQUESTS_PER_TASK is empty. */
    @Override
    List<Change> removals(StackContext stack, StackSettings settings, StackState state) {
        String name = stack.name("gate-server-requests");
        if (scalesOnRequests(settings) || policy(stack, resourceId(stack), name).isEmpty()) {
            return List.of();
        }
        Step step =
                Step.of("application-autoscaling/put-scaling-policy-requests.json", "put-scaling-policy", "", Map.of());
        return List.of(Change.of(
                GATE_TARGET_REQUESTS_PER_TASK + " is empty: the policy " + name + " goes",
                step,
                "delete-scaling-policy",
                JSON.createObjectNode()
                        .put("PolicyName", name)
                        .put("ServiceNamespace", "ecs")
                        .put("ResourceId", resourceId(stack))
                        .put("ScalableDimension", "ecs:service:DesiredCount")));
    }

    @Override
    void delete(StackContext stack, StackState state) {
        String resource = resourceId(stack);
        stack.aws
                .scaling()
                .describeScalingPolicies(r -> r.serviceNamespace("ecs").resourceId(resource))
                .scalingPolicies()
                .forEach(p -> stack.call(
                        "delete scaling policy " + p.policyName(),
                        () -> stack.aws
                                .scaling()
                                .deleteScalingPolicy(r -> r.serviceNamespace("ecs")
                                        .resourceId(resource)
                                        .scalableDimension(p.scalableDimension())
                                        .policyName(p.policyName()))));
        stack.aws
                .scaling()
                .describeScalableTargets(r -> r.serviceNamespace("ecs").resourceIds(resource))
                .scalableTargets()
                .forEach(t -> stack.call(
                        "deregister scalable target " + resource,
                        () -> stack.aws
                                .scaling()
                                .deregisterScalableTarget(r -> r.serviceNamespace("ecs")
                                        .resourceId(resource)
                                        .scalableDimension(t.scalableDimension()))));
    }

    @Override
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return stack.aws.scaling().describeScalableTargets(r -> r.serviceNamespace("ecs")).scalableTargets().stream()
                .filter(t -> t.resourceId().startsWith("service/" + stack.stack + "/"))
                .map(t -> "scalable target " + t.resourceId())
                .toList();
    }
}
