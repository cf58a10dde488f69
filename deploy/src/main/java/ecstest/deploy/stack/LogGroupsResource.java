package ecstest.deploy.stack;

import ecstest.deploy.pricing.Bill;
import ecstest.deploy.settings.Setting;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.settings.Type;
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

    static final Setting LOG_RETENTION_DAYS = new Setting(
            "LOG_RETENTION_DAYS",
            Type.oneOf(
                    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
                    3653),
            "14",
            "how many days CloudWatch Logs keeps the services' logs (one of the periods it offers)",
            Setting.Change.IN_PLACE);

    @Override
    List<Setting> settings() {
        return List.of(LOG_RETENTION_DAYS);
    }

    @Override
    void bill(StackSettings settings, Bill.Builder bill) {
        bill.rate("log ingestion (CloudWatch Logs)", bill.prices().logsIngestionGb(), "GB");
    }

    @Override
    String title() {
        return "log groups";
    }

    @Override
    List<Step> steps(StackSettings settings) {
        List<Step> steps = new ArrayList<>();
        for (String service : List.of("gate-server", "data-server")) {
            steps.add(Step.of("logs/create-log-group.json", "create-log-group", service, Map.of("SERVICE", service)));
            steps.add(Step.of(
                    "logs/put-retention-policy.json", "put-retention-policy", service, Map.of("SERVICE", service)));
        }
        return steps;
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        return switch (request) {
            case CreateLogGroupRequest group -> Diff.exists(retention(stack, group.logGroupName()) != null);
            case PutRetentionPolicyRequest retention -> retention(stack, step, retention);
            default -> throw new IllegalStateException("not a log group's call: " + step.operation());
        };
    }

    /** A group kept for another number of days is set to the configured one, in place. */
    private static Diff retention(StackContext stack, Step step, PutRetentionPolicyRequest wanted) {
        return retention(step, wanted, retention(stack, wanted.logGroupName()));
    }

    /** The group's retention in days as it is (0: forever; null: no group yet), set to the configured one. */
    static Diff retention(Step step, PutRetentionPolicyRequest wanted, Integer days) {
        if (days == null) {
            return Diff.MISSING; // the group itself is made first
        }
        if (Objects.equals(days, wanted.retentionInDays())) {
            return Diff.SAME;
        }
        return Diff.of(List.of(Change.of(
                "retention of %s: %s → %d days (%s)"
                        .formatted(
                                wanted.logGroupName(),
                                days == 0 ? "forever" : days,
                                wanted.retentionInDays(),
                                LOG_RETENTION_DAYS),
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
    void delete(StackContext stack, StackState state) {
        ours(stack)
                .forEach(name -> stack.call(
                        "delete log group " + name, () -> stack.aws.logs().deleteLogGroup(r -> r.logGroupName(name))));
    }

    /** The groups under {@code /ecs/<stack>/}, by name, with their tags (names are unique in a region). */
    private static Map<String, Tags> existing(StackContext stack) {
        Map<String, Tags> groups = new TreeMap<>();
        stack.aws
                .logs()
                .describeLogGroupsPaginator(r -> r.logGroupNamePrefix("/ecs/" + stack.stack + "/"))
                .logGroups()
                .forEach(group -> groups.put(
                        group.logGroupName(),
                        new Tags(stack.aws
                                .logs()
                                .listTagsForResource(r -> r.resourceArn(group.logGroupArn()))
                                .tags())));
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
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return ours(stack).stream().map(name -> "log group " + name).toList();
    }
}
