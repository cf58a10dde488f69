package ecstest.deploy.stack;

import ecstest.deploy.aws.SdkSubset;
import ecstest.deploy.pricing.Bill;
import ecstest.deploy.settings.Setting;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.settings.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;

/**
 * The CloudWatch alarms that roll a gate-server deployment back ({@code <stack>-gate-server-<name>}, from
 * templates/cloudwatch/put-metric-alarm-<name>.json): 5xx answers, p99 latency, data-server errors. They exist
 * before the service that names them.
 */
final class AlarmsResource extends Resource {

    private static final List<String> NAMES = List.of("5xx", "p99", "upstream-errors");

    static final Setting ROLLOUT_ALARM_5XX_PER_MINUTE = new Setting(
            "ROLLOUT_ALARM_5XX_PER_MINUTE",
            Type.whole(1, 1_000_000, "responses per minute"),
            "5",
            "gate-server's tasks answering the load balancer with 5xx this many times in a minute rolls a deployment"
                    + " back",
            Setting.Change.IN_PLACE);

    static final Setting ROLLOUT_ALARM_P99_SECONDS = new Setting(
            "ROLLOUT_ALARM_P99_SECONDS",
            Type.whole(1, 60, "seconds (the load balancer waits 60 s)"),
            "2",
            "gate-server's 99th percentile response time, in whole seconds over two minutes, that rolls a deployment"
                    + " back (gate gives data-server 2 s before it answers 504)",
            Setting.Change.IN_PLACE);

    static final Setting ROLLOUT_ALARM_UPSTREAM_ERRORS_PER_MINUTE = new Setting(
            "ROLLOUT_ALARM_UPSTREAM_ERRORS_PER_MINUTE",
            Type.whole(1, 1_000_000, "errors per minute"),
            "5",
            "gate-server's upstream errors (502/504) per minute that roll a deployment back: how a bad data-server"
                    + " shows",
            Setting.Change.IN_PLACE);

    @Override
    List<Setting> settings() {
        return List.of(
                ROLLOUT_ALARM_5XX_PER_MINUTE, ROLLOUT_ALARM_P99_SECONDS, ROLLOUT_ALARM_UPSTREAM_ERRORS_PER_MINUTE);
    }

    /** The alarms' full names for a stack. */
    static List<String> names(String stack) {
        return NAMES.stream().map(name -> stack + "-gate-server-" + name).toList();
    }

    @Override
    void bill(StackSettings settings, Bill.Builder bill) {
        bill.monthly(
                "CloudWatch alarms that roll deployments back", 3, bill.prices().alarmMonth());
    }

    @Override
    String title() {
        return "rollout alarms";
    }

    @Override
    List<Step> steps(StackSettings settings) {
        return NAMES.stream()
                .map(name ->
                        Step.of("cloudwatch/put-metric-alarm-" + name + ".json", "put-metric-alarm", name, Map.of()))
                .toList();
    }

    /** An alarm whose metric, threshold or periods changed is put again (PutMetricAlarm replaces it). */
    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        PutMetricAlarmRequest wanted = (PutMetricAlarmRequest) request;
        return alarm(
                step,
                wanted,
                stack.aws.cloudWatch().describeAlarms(r -> r.alarmNames(wanted.alarmName())).metricAlarms().stream()
                        .findFirst());
    }

    /** The alarm as it is: none, as the template says it, or put again with the differences named. */
    static Diff alarm(Step step, PutMetricAlarmRequest wanted, Optional<MetricAlarm> existing) {
        if (existing.isEmpty()) {
            return Diff.MISSING;
        }
        if (SdkSubset.covers(wanted, existing.get())) {
            return Diff.SAME;
        }
        return Diff.of(List.of(Change.of(
                "%s: %s"
                        .formatted(
                                wanted.alarmName(), String.join(", ", SdkSubset.differences(wanted, existing.get()))),
                step,
                "put-metric-alarm",
                wanted)));
    }

    /** After the services, which name them. */
    @Override
    void delete(StackContext stack, StackState state) {
        List<String> names = existing(stack);
        if (!names.isEmpty()) {
            stack.call(
                    "delete alarms " + String.join(", ", names),
                    () -> stack.aws.cloudWatch().deleteAlarms(r -> r.alarmNames(names)));
        }
    }

    /** The stack's alarms that exist and carry its tag. */
    private static List<String> existing(StackContext stack) {
        return named(stack).entrySet().stream()
                .filter(alarm -> stack.ours(alarm.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The alarms of the stack's names, with their tags (alarm names are unique in a region), whoever's they are. */
    private static Map<String, Tags> named(StackContext stack) {
        Map<String, Tags> alarms = new TreeMap<>();
        stack.aws
                .cloudWatch()
                .describeAlarms(r -> r.alarmNames(names(stack.stack)))
                .metricAlarms()
                .forEach(alarm -> alarms.put(
                        alarm.alarmName(),
                        Tags.of(
                                stack.aws
                                        .cloudWatch()
                                        .listTagsForResource(r -> r.resourceARN(alarm.alarmArn()))
                                        .tags(),
                                software.amazon.awssdk.services.cloudwatch.model.Tag::key,
                                software.amazon.awssdk.services.cloudwatch.model.Tag::value)));
        return alarms;
    }

    @Override
    List<String> claimedElsewhere(StackContext stack) {
        return named(stack).entrySet().stream()
                .filter(alarm -> !stack.ours(alarm.getValue()))
                .map(alarm -> stack.claimed("CloudWatch alarm " + alarm.getKey(), alarm.getValue()))
                .toList();
    }

    @Override
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return existing(stack).stream().map(name -> "CloudWatch alarm " + name).toList();
    }
}
