package ecstest.deploy.stack;

import ecstest.deploy.settings.StackSettings;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;

/**
 * The load balancer's HTTP listener (port 80) and its production rule (priority 1, forward to both target groups
 * with weights 100/0), whose weights ECS moves during a canary, linear or blue/green deployment.
 */
final class ListenerResource extends Resource {

    static final Output LISTENER_ARN = Output.of("LISTENER_ARN");
    static final Output PRODUCTION_LISTENER_RULE_ARN = Output.of("PRODUCTION_LISTENER_RULE_ARN");

    @Override
    List<Output> outputs() {
        return List.of(LISTENER_ARN, PRODUCTION_LISTENER_RULE_ARN);
    }

    @Override
    String title() {
        return "listener";
    }

    @Override
    List<Step> steps(StackSettings settings) {
        return List.of(
                Step.of("elbv2/create-listener.json", "create-listener", "http", Map.of())
                        .producing(LISTENER_ARN, "Listeners.0.ListenerArn"),
                Step.of("elbv2/create-rule.json", "create-rule", "production", Map.of())
                        .producing(PRODUCTION_LISTENER_RULE_ARN, "Rules.0.RuleArn"));
    }

    @Override
    void discover(StackContext stack, StackSettings settings, StackState state) {
        String loadBalancer = state.get(LoadBalancerResource.LOAD_BALANCER_ARN).orElse(null);
        if (loadBalancer == null) {
            return;
        }
        stack.aws.elb().describeListeners(r -> r.loadBalancerArn(loadBalancer)).listeners().stream()
                .filter(l -> l.port() == 80)
                .findFirst()
                .ifPresent(listener -> {
                    state.put(LISTENER_ARN, listener.listenerArn());
                    stack.aws.elb().describeRules(r -> r.listenerArn(listener.listenerArn())).rules().stream()
                            .filter(rule -> "1".equals(rule.priority()))
                            .findFirst()
                            .ifPresent(rule -> state.put(PRODUCTION_LISTENER_RULE_ARN, rule.ruleArn()));
                });
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        return Diff.exists(known(step, state));
    }

    /** Every listener of the load balancer; each takes its rules with it. */
    @Override
    void delete(StackContext stack, StackState state) {
        String loadBalancer = state.get(LoadBalancerResource.LOAD_BALANCER_ARN).orElse(null);
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
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return List.of();
    }
}
