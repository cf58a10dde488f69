package ecstest.deploy.stack;

import ecstest.deploy.template.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyRequest;

/** A CloudWatch Logs group per service ({@code /ecs/<stack>/<service>}), kept LOG_RETENTION_DAYS. */
final class LogGroupsResource extends Resource {

    @Override
    String title() {
        return "log groups";
    }

    @Override
    List<Step> steps(Map<String, String> values) {
        List<Step> steps = new ArrayList<>();
        for (String service : List.of("gate-server", "data-server")) {
            steps.add(Step.of("logs/create-log-group.json", "create-log-group", service, Map.of("SERVICE", service)));
            steps.add(Step.of(
                    "logs/put-retention-policy.json", "put-retention-policy", service, Map.of("SERVICE", service)));
        }
        return steps;
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, Map<String, String> known) {
        return switch (request) {
            case CreateLogGroupRequest group -> Diff.exists(retention(stack, group.logGroupName()) != null);
            case PutRetentionPolicyRequest retention -> retention(stack, step, retention);
            default -> throw new IllegalStateException("not a log group's call: " + step.operation());
        };
    }

    /** A group kept for another number of days is set to the configured one, in place. */
    private static Diff retention(StackContext stack, Step step, PutRetentionPolicyRequest wanted) {
        Integer days = retention(stack, wanted.logGroupName());
        if (days == null) {
            return Diff.MISSING; // the group itself is made first
        }
        if (Objects.equals(days, wanted.retentionInDays())) {
            return Diff.SAME;
        }
        return Diff.of(List.of(Change.of(
                "retention of %s: %s → %d days (LOG_RETENTION_DAYS)"
                        .formatted(wanted.logGroupName(), days == 0 ? "forever" : days, wanted.retentionInDays()),
                step,
                step.operation(),
                wanted)));
    }

    /** The group's retention in days, 0 when it keeps logs forever, null when there is no such group. */
    private static Integer retention(StackContext stack, String name) {
        return stack.aws.logs().describeLogGroups(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name))
                .findFirst()
                .map(g -> g.retentionInDays() == null ? 0 : g.retentionInDays())
                .orElse(null);
    }

    @Override
    void delete(StackContext stack, Map<String, String> ids) {
        ours(stack)
                .forEach(name -> stack.call(
                        "delete log group " + name, () -> stack.aws.logs().deleteLogGroup(r -> r.logGroupName(name))));
    }

    /** The groups under {@code /ecs/<stack>/}, by name, with their tags (names are unique in a region). */
    private static Map<String, Map<String, String>> existing(StackContext stack) {
        Map<String, Map<String, String>> groups = new TreeMap<>();
        stack.aws
                .logs()
                .describeLogGroupsPaginator(r -> r.logGroupNamePrefix("/ecs/" + stack.stack + "/"))
                .logGroups()
                .forEach(group -> groups.put(
                        group.logGroupName(),
                        stack.aws
                                .logs()
                                .listTagsForResource(r -> r.resourceArn(group.logGroupArn()))
                                .tags()));
        return groups;
    }

    private static List<String> ours(StackContext stack) {
        return existing(stack).entrySet().stream()
                .filter(group -> stack.ours(group.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }

    @Override
    List<String> claimedElsewhere(StackContext stack) {
        return existing(stack).entrySet().stream()
                .filter(group -> !stack.ours(group.getValue()))
                .map(group -> stack.claimed("log group " + group.getKey(), group.getValue()))
                .toList();
    }

    @Override
    List<String> leftovers(StackContext stack, Map<String, String> values) {
        return ours(stack).stream().map(name -> "log group " + name).toList();
    }
}
