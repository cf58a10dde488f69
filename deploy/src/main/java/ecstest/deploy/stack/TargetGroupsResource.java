package ecstest.deploy.stack;

import ecstest.deploy.aws.SdkSubset;
import ecstest.deploy.settings.Services;
import ecstest.deploy.settings.Setting;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.settings.Type;
import ecstest.deploy.template.RequestJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import tools.jackson.databind.node.ObjectNode;

/**
 * gate-server's target groups, with their attributes (deregistration delay, slow start): {@code <stack>-gate-server},
 * which serves, and {@code <stack>-gate-alt}, the second of a canary, linear or blue/green deployment (ECS swaps
 * the two).
 */
final class TargetGroupsResource extends Resource {

    static final Setting DEREGISTRATION_DELAY_SECONDS = new Setting(
            "DEREGISTRATION_DELAY_SECONDS",
            Type.whole(0, 3_600, "seconds (ELB allows 0 to 3600)").asText(), // attributes are text
            "30",
            "how long the load balancer lets a leaving gate-server task finish its requests (the tutorial's 300 s"
                    + " made every deployment wait five minutes)",
            Setting.Change.IN_PLACE);

    static final Setting GATE_SLOW_START_SECONDS = new Setting(
            "GATE_SLOW_START_SECONDS",
            Type.whole(30, 900, "seconds (ELB allows 30 to 900)").orZero("off").asText(),
            "120",
            "the load balancer's slow start: a new gate-server task's share of the requests grows from none to its"
                    + " full share over this many seconds, while its JIT compiler warms the request path (figures:"
                    + " bench/RESULTS.md, \"Warm-up\"); a canary's or blue/green's new target group gets none",
            Setting.Change.IN_PLACE);

    static final Output TARGET_GROUP_ARN = Output.of("TARGET_GROUP_ARN");
    static final Output ALTERNATE_TARGET_GROUP_ARN = Output.of("ALTERNATE_TARGET_GROUP_ARN");

    /**
     * How Application Auto Scaling names the target group behind the load balancer (for ALBRequestCountPerTarget):
     * {@code app/<lb name>/<lb id>/targetgroup/<tg name>/<tg id>}, cut from the two ARNs.
     */
    static final Output ALB_RESOURCE_LABEL = Output.derived("ALB_RESOURCE_LABEL", TargetGroupsResource::label);

    /** CloudWatch's LoadBalancer and TargetGroup dimensions: the same two parts of the ARNs. */
    static final Output LOAD_BALANCER_DIMENSION = Output.derived(
            "LOAD_BALANCER_DIMENSION",
            state -> label(state).map(label -> label.substring(0, label.indexOf("/targetgroup/"))));

    static final Output TARGET_GROUP_DIMENSION = Output.derived(
            "TARGET_GROUP_DIMENSION",
            state -> label(state).map(label -> label.substring(label.indexOf("/targetgroup/") + 1)));

    /** The settings behind the attributes the template sets, for the plan's wording. */
    private static final Map<String, Setting> ATTRIBUTES = Map.of(
            "deregistration_delay.timeout_seconds", DEREGISTRATION_DELAY_SECONDS,
            "slow_start.duration_seconds", GATE_SLOW_START_SECONDS);

    /** Each group by its name after {@code <stack>-}, with its ARN, in creation order. */
    private static final SequencedMap<String, Output> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("gate-server", TARGET_GROUP_ARN);
        GROUPS.put("gate-alt", ALTERNATE_TARGET_GROUP_ARN);
    }

    @Override
    List<Setting> settings() {
        return List.of(DEREGISTRATION_DELAY_SECONDS, GATE_SLOW_START_SECONDS);
    }

    @Override
    List<Output> outputs() {
        return List.of(
                TARGET_GROUP_ARN,
                ALTERNATE_TARGET_GROUP_ARN,
                ALB_RESOURCE_LABEL,
                LOAD_BALANCER_DIMENSION,
                TARGET_GROUP_DIMENSION);
    }

    private static Optional<String> label(StackState state) {
        Optional<String> loadBalancer = state.get(LoadBalancerResource.LOAD_BALANCER_ARN);
        Optional<String> targetGroup = state.get(TARGET_GROUP_ARN);
        if (loadBalancer.isEmpty() || targetGroup.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(albResourceLabel(loadBalancer.get(), targetGroup.get()));
    }

    static String albResourceLabel(String loadBalancerArn, String targetGroupArn) {
        int lb = loadBalancerArn.indexOf(":loadbalancer/");
        int tg = targetGroupArn.indexOf(":targetgroup/");
        if (lb < 0 || tg < 0) {
            throw new ecstest.deploy.DeployException(
                    "not a load balancer and target group ARN: " + loadBalancerArn + ", " + targetGroupArn);
        }
        return loadBalancerArn.substring(lb + ":loadbalancer/".length()) + "/" + targetGroupArn.substring(tg + 1);
    }

    @Override
    String title() {
        return "target groups";
    }

    @Override
    List<Step> steps(StackSettings settings) {
        List<Step> steps = new ArrayList<>();
        for (String name : GROUPS.keySet()) {
            steps.add(
                    Step.of("elbv2/create-target-group.json", "create-target-group", name, Map.of("TARGET_GROUP", name))
                            .producing(GROUPS.get(name), "TargetGroups.0.TargetGroupArn"));
            steps.add(Step.of(
                    "elbv2/modify-target-group-attributes.json",
                    "modify-target-group-attributes",
                    name,
                    Map.of("GROUP_ARN", "${" + GROUPS.get(name).name() + "}")));
        }
        return steps;
    }

    @Override
    void discover(StackContext stack, StackSettings settings, StackState state) {
        for (String name : GROUPS.keySet()) {
            named(stack, name)
                    .filter(arn -> stack.ours(stack.elbTags(arn)))
                    .ifPresent(arn -> state.put(GROUPS.get(name), arn));
        }
    }

    /** The target group of that name (names are unique in a region), whoever's it is. */
    private static Optional<String> named(StackContext stack, String name) {
        try {
            return stack.aws.elb().describeTargetGroups(r -> r.names(stack.name(name))).targetGroups().stream()
                    .findFirst()
                    .map(TargetGroup::targetGroupArn);
        } catch (TargetGroupNotFoundException ex) {
            return Optional.empty();
        }
    }

    @Override
    List<String> claimedElsewhere(StackContext stack) {
        List<String> claimed = new ArrayList<>();
        for (String name : GROUPS.keySet()) {
            named(stack, name)
                    .map(stack::elbTags)
                    .filter(tags -> !stack.ours(tags))
                    .ifPresent(tags -> claimed.add(stack.claimed("target group " + stack.name(name), tags)));
        }
        return claimed;
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        return switch (request) {
            case CreateTargetGroupRequest group ->
                known(step, state) ? healthCheck(stack, step, group, state) : Diff.MISSING;
            case ModifyTargetGroupAttributesRequest attributes -> attributes(stack, step, attributes);
            default -> throw new IllegalStateException("not a target group's call: " + step.operation());
        };
    }

    /** Attributes (deregistration delay, slow start) that differ are set again, in place. */
    private static Diff attributes(StackContext stack, Step step, ModifyTargetGroupAttributesRequest wanted) {
        Map<String, String> current = new java.util.HashMap<>();
        stack.aws
                .elb()
                .describeTargetGroupAttributes(r -> r.targetGroupArn(wanted.targetGroupArn()))
                .attributes()
                .forEach(a -> current.put(a.key(), a.value()));
        return attributes(step, wanted, current);
    }

    /** The group's attributes as they are, by key: those that differ are set again, in place. */
    static Diff attributes(Step step, ModifyTargetGroupAttributesRequest wanted, Map<String, String> current) {
        List<String> differences = wanted.attributes().stream()
                .filter(a -> !a.value().equals(current.get(a.key())))
                .map(a -> a.key() + " " + current.getOrDefault(a.key(), "unset") + " → " + a.value()
                        + (ATTRIBUTES.containsKey(a.key()) ? " (" + ATTRIBUTES.get(a.key()) + ")" : ""))
                .toList();
        if (differences.isEmpty()) {
            return Diff.SAME;
        }
        return Diff.of(List.of(Change.of(
                "attributes of " + step.name() + ": " + String.join(", ", differences),
                step,
                step.operation(),
                wanted)));
    }

    /** The health check changes in place (ModifyTargetGroup); the port, protocol and VPC cannot. */
    private static Diff healthCheck(StackContext stack, Step step, CreateTargetGroupRequest wanted, StackState state) {
        String arn = state.id(step.produces());
        return healthCheck(
                step,
                wanted,
                stack.aws
                        .elb()
                        .describeTargetGroups(r -> r.targetGroupArns(arn))
                        .targetGroups()
                        .getFirst());
    }

    /** The group as it is: its health check changes in place; its port cannot. */
    static Diff healthCheck(Step step, CreateTargetGroupRequest wanted, TargetGroup group) {
        String arn = group.targetGroupArn();
        refuseIfMoved(
                Services.GATE_PORT,
                String.valueOf(group.port()),
                String.valueOf(wanted.port()),
                "a target group's port");
        CreateTargetGroupRequest healthCheck = CreateTargetGroupRequest.builder()
                .healthCheckProtocol(wanted.healthCheckProtocol())
                .healthCheckPath(wanted.healthCheckPath())
                .healthCheckPort(wanted.healthCheckPort())
                .healthCheckIntervalSeconds(wanted.healthCheckIntervalSeconds())
                .healthCheckTimeoutSeconds(wanted.healthCheckTimeoutSeconds())
                .healthyThresholdCount(wanted.healthyThresholdCount())
                .unhealthyThresholdCount(wanted.unhealthyThresholdCount())
                .matcher(wanted.matcher())
                .build();
        if (SdkSubset.covers(healthCheck, group)) {
            return Diff.SAME;
        }
        ObjectNode update = (ObjectNode) RequestJson.of(healthCheck);
        update.put("TargetGroupArn", arn);
        return Diff.of(List.of(Change.of(
                "health check of %s: %s"
                        .formatted(wanted.name(), String.join(", ", SdkSubset.differences(healthCheck, group))),
                step,
                "modify-target-group",
                update)));
    }

    /** After the listener, whose rules forward to them (the listener's deletion takes its rules). */
    @Override
    void delete(StackContext stack, StackState state) {
        for (String name : GROUPS.keySet()) {
            state.get(GROUPS.get(name))
                    .ifPresent(group -> stack.call(
                            "delete target group " + stack.name(name),
                            () -> stack.aws.elb().deleteTargetGroup(r -> r.targetGroupArn(group))));
        }
    }

    @Override
    List<String> leftovers(StackContext stack, StackSettings settings) {
        StackState found = new StackState();
        discover(stack, settings, found);
        return GROUPS.values().stream()
                .flatMap(group -> found.get(group).stream())
                .map(arn -> "target group " + arn)
                .toList();
    }
}
