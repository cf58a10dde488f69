package ecstest.deploy.stack;

import ecstest.deploy.aws.SdkSubset;
import ecstest.deploy.template.RequestJson;
import ecstest.deploy.template.Step;
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

    /** Each group by its name after {@code <stack>-}, with the variable of its ARN, in creation order. */
    private static final SequencedMap<String, String> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("gate-server", "TARGET_GROUP_ARN");
        GROUPS.put("gate-alt", "ALTERNATE_TARGET_GROUP_ARN");
    }

    @Override
    String title() {
        return "target groups";
    }

    @Override
    List<Step> steps(Map<String, String> values) {
        List<Step> steps = new ArrayList<>();
        for (String name : GROUPS.keySet()) {
            steps.add(
                    Step.of("elbv2/create-target-group.json", "create-target-group", name, Map.of("TARGET_GROUP", name))
                            .producing(GROUPS.get(name), "TargetGroups.0.TargetGroupArn"));
            steps.add(Step.of(
                    "elbv2/modify-target-group-attributes.json",
                    "modify-target-group-attributes",
                    name,
                    Map.of("GROUP_ARN", "${" + GROUPS.get(name) + "}")));
        }
        return steps;
    }

    @Override
    void discover(StackContext stack, Map<String, String> values, Map<String, String> ids) {
        for (String name : GROUPS.keySet()) {
            named(stack, name)
                    .filter(arn -> stack.ours(stack.elbTags(arn)))
                    .ifPresent(arn -> ids.put(GROUPS.get(name), arn));
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
    Diff diff(StackContext stack, Step step, SdkRequest request, Map<String, String> known) {
        return switch (request) {
            case CreateTargetGroupRequest group ->
                known(step, known) ? healthCheck(stack, step, group, known) : Diff.MISSING;
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
        List<String> differences = wanted.attributes().stream()
                .filter(a -> !a.value().equals(current.get(a.key())))
                .map(a -> a.key() + " " + current.getOrDefault(a.key(), "unset") + " → " + a.value())
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
    private static Diff healthCheck(
            StackContext stack, Step step, CreateTargetGroupRequest wanted, Map<String, String> known) {
        String arn = known.get(step.produces());
        TargetGroup group = stack.aws
                .elb()
                .describeTargetGroups(r -> r.targetGroupArns(arn))
                .targetGroups()
                .getFirst();
        refuseIfMoved(
                "GATE_PORT", String.valueOf(group.port()), String.valueOf(wanted.port()), "a target group's port");
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
    void delete(StackContext stack, Map<String, String> ids) {
        for (String name : GROUPS.keySet()) {
            String group = ids.get(GROUPS.get(name));
            if (group != null) {
                stack.call(
                        "delete target group " + stack.name(name),
                        () -> stack.aws.elb().deleteTargetGroup(r -> r.targetGroupArn(group)));
            }
        }
    }

    @Override
    List<String> leftovers(StackContext stack, Map<String, String> values) {
        Map<String, String> ids = new LinkedHashMap<>();
        discover(stack, values, ids);
        return ids.values().stream().map(arn -> "target group " + arn).toList();
    }
}
