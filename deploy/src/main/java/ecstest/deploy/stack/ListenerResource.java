package ecstest.deploy.stack;

import ecstest.deploy.template.Step;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;

/**
 * The load balancer's HTTP listener (port 80) and its production rule (priority 1, forward to both target groups
 * with weights 100/0), whose weights ECS moves during a canary, linear or blue/green deployment.
 */
final class ListenerResource extends Resource {

    @Override
    String title() {
        return "listener";
    }

    @Override
    List<Step> steps(Map<String, String> values) {
        return List.of(
                Step.of("elbv2/create-listener.json", "create-listener", "http", Map.of())
                        .producing("LISTENER_ARN", "Listeners.0.ListenerArn"),
                Step.of("elbv2/create-rule.json", "create-rule", "production", Map.of())
                        .producing("PRODUCTION_LISTENER_RULE_ARN", "Rules.0.RuleArn"));
    }

    @Override
    void discover(StackContext stack, Map<String, String> values, Map<String, String> ids) {
        String loadBalancer = ids.get("LOAD_BALANCER_ARN");
        if (loadBalancer == null) {
            return;
        }
        stack.aws.elb().describeListeners(r -> r.loadBalancerArn(loadBalancer)).listeners().stream()
                .filter(l -> l.port() == 80)
                .findFirst()
                .ifPresent(listener -> {
                    ids.put("LISTENER_ARN", listener.listenerArn());
                    stack.aws.elb().describeRules(r -> r.listenerArn(listener.listenerArn())).rules().stream()
                            .filter(rule -> "1".equals(rule.priority()))
                            .findFirst()
                            .ifPresent(rule -> ids.put("PRODUCTION_LISTENER_RULE_ARN", rule.ruleArn()));
                });
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, Map<String, String> known) {
        return Diff.exists(known(step, known));
    }

    /** Every listener of the load balancer; each takes its rules with it. */
    @Override
    void delete(StackContext stack, Map<String, String> ids) {
        String loadBalancer = ids.get("LOAD_BALANCER_ARN");
        if (loadBalancer == null) {
            return;
        }
        stack.aws
                .elb()
                .describeListeners(r -> r.loadBalancerArn(loadBalancer))
                .listeners()
                .forEach(l -> stack.call(
                        "delete listener " + l.port(),
                        () -> stack.aws.elb().deleteListener(r -> r.listenerArn(l.listenerArn()))));
    }

    /** A listener cannot outlive its load balancer, which the audit asks about. */
    @Override
    List<String> leftovers(StackContext stack, Map<String, String> values) {
        return List.of();
    }
}
