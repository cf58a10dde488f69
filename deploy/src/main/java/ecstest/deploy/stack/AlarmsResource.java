package ecstest.deploy.stack;

import ecstest.deploy.aws.SdkSubset;
import ecstest.deploy.template.Step;
import java.util.HashMap;
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

    /** The alarms' full names for a stack. */
    static List<String> names(String stack) {
        return NAMES.stream().map(name -> stack + "-gate-server-" + name).toList();
    }

    @Override
    String title() {
        return "rollout alarms";
    }

    @Override
    List<Step> steps(Map<String, String> values) {
        return NAMES.stream()
                .map(name ->
                        Step.of("cloudwatch/put-metric-alarm-" + name + ".json", "put-metric-alarm", name, Map.of()))
                .toList();
    }

    /** An alarm whose metric, threshold or periods changed is put again (PutMetricAlarm replaces it). */
    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, Map<String, String> known) {
        PutMetricAlarmRequest wanted = (PutMetricAlarmRequest) request;
        Optional<MetricAlarm> existing =
                stack.aws.cloudWatch().describeAlarms(r -> r.alarmNames(wanted.alarmName())).metricAlarms().stream()
                        .findFirst();
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
    void delete(StackContext stack, Map<String, String> ids) {
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
    private static Map<String, Map<String, String>> named(StackContext stack) {
        Map<String, Map<String, String>> alarms = new TreeMap<>();
        stack.aws
                .cloudWatch()
                .describeAlarms(r -> r.alarmNames(names(stack.stack)))
                .metricAlarms()
                .forEach(alarm -> {
                    Map<String, String> tags = new HashMap<>();
                    stack.aws
                            .cloudWatch()
                            .listTagsForResource(r -> r.resourceARN(alarm.alarmArn()))
                            .tags()
                            .forEach(tag -> tags.put(tag.key(), tag.value()));
                    alarms.put(alarm.alarmName(), tags);
                });
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
    List<String> leftovers(StackContext stack, Map<String, String> values) {
        return existing(stack).stream().map(name -> "CloudWatch alarm " + name).toList();
    }
}
