package ecstest.deploy.stack;

import ecstest.deploy.aws.SdkSubset;
import ecstest.deploy.settings.StackSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;

/**
 * The load balancer's listeners and the production rule (priority 1, forward to both target groups with weights
 * 100/0), whose weights ECS moves during a canary, linear or blue/green deployment. Without a domain: HTTP on port 80,
 * the rule on it. With one ({@code DOMAIN_NAME}): HTTPS on 443 with the domain's certificate and a current TLS policy,
 * the rule on it, and port 80 redirecting to it (301). Adding or removing the domain on a built stack moves the rule
 * (the services follow it) and changes port 80's action in place.
 */
final class ListenerResource extends Resource {

    /** TLS 1.3, with TLS 1.2 for older clients (Elastic Load Balancing's recommended policy). */
    static final String TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    static final Output HTTP_LISTENER_ARN = Output.of("HTTP_LISTENER_ARN");
    static final Output PRODUCTION_LISTENER_RULE_ARN = Output.of("PRODUCTION_LISTENER_RULE_ARN");

    @Override
    List<Output> outputs() {
        return List.of(HTTP_LISTENER_ARN, DomainResource.HTTPS_LISTENER_ARN, PRODUCTION_LISTENER_RULE_ARN);
    }

    @Override
    String title() {
        return "listeners";
    }

    @Override
    List<Step> steps(StackSettings settings) {
        boolean named = DomainResource.named(settings);
        List<Step> steps = new ArrayList<>();
        steps.add(Step.of(
                        named ? "elbv2/create-listener-redirect.json" : "elbv2/create-listener.json",
                        "create-listener",
                        "http",
                        Map.of())
                .producing(HTTP_LISTENER_ARN, "Listeners.0.ListenerArn"));
        if (named) {
            steps.add(Step.of("elbv2/create-listener-https.json", "create-listener", "https", Map.of())
                    .producing(DomainResource.HTTPS_LISTENER_ARN, "Listeners.0.ListenerArn"));
        }
        steps.add(Step.of(
                        "elbv2/create-rule.json",
                        "create-rule",
                        "production",
                        Map.of(
                                "RULE_LISTENER_ARN",
                                "${" + (named ? DomainResource.HTTPS_LISTENER_ARN : HTTP_LISTENER_ARN) + "}"))
                .producing(PRODUCTION_LISTENER_RULE_ARN, "Rules.0.RuleArn"));
        return steps;
    }

    @Override
    void discover(StackContext stack, StackSettings settings, StackState state) {
        Optional<Listener> http = listener(stack, state, 80);
        Optional<Listener> https = listener(stack, state, 443);
        http.ifPresent(l -> state.put(HTTP_LISTENER_ARN, l.listenerArn()));
        https.ifPresent(l -> state.put(DomainResource.HTTPS_LISTENER_ARN, l.listenerArn()));
        (DomainResource.named(settings) ? https : http)
                .flatMap(l -> productionRule(stack, l.listenerArn()))
                .ifPresent(rule -> state.put(PRODUCTION_LISTENER_RULE_ARN, rule.ruleArn()));
    }

    private static Optional<Listener> listener(StackContext stack, StackState state, int port) {
        return state.get(LoadBalancerResource.LOAD_BALANCER_ARN)
                .flatMap(loadBalancer ->
                        stack.aws.elb().describeListeners(r -> r.loadBalancerArn(loadBalancer)).listeners().stream()
                                .filter(l -> l.port() == port)
                                .findFirst());
    }

    private static Optional<Rule> productionRule(StackContext stack, String listener) {
        return stack.aws.elb().describeRules(r -> r.listenerArn(listener)).rules().stream()
                .filter(rule -> "1".equals(rule.priority()))
                .findFirst();
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        if (!known(step, state)) {
            return Diff.MISSING;
        }
        if (!(request instanceof CreateListenerRequest wanted)) {
            return Diff.SAME;
        }
        String arn = state.id(step.produces());
        return listener(
                step,
                wanted,
                stack.aws
                        .elb()
                        .describeListeners(r -> r.listenerArns(arn))
                        .listeners()
                        .getFirst());
    }

    /**
     * The listener as it is: its default action (forward, or port 80's redirect to HTTPS), certificate and TLS policy
     * change in place; its port and protocol are the step's own.
     */
    static Diff listener(Step step, CreateListenerRequest wanted, Listener current) {
        CreateListenerRequest changeable = CreateListenerRequest.builder()
                .defaultActions(wanted.defaultActions())
                .certificates(wanted.certificates())
                .sslPolicy(wanted.sslPolicy())
                .build();
        if (SdkSubset.covers(changeable, current)) {
            return Diff.SAME;
        }
        ModifyListenerRequest.Builder update = ModifyListenerRequest.builder()
                .listenerArn(current.listenerArn())
                .defaultActions(wanted.defaultActions());
        if (wanted.hasCertificates()) {
            update.certificates(wanted.certificates()).sslPolicy(wanted.sslPolicy());
        }
        return Diff.of(List.of(Change.of(
                "%s listener (port %d): %s (DOMAIN_NAME)"
                        .formatted(
                                step.name().toUpperCase(java.util.Locale.ROOT),
                                current.port(),
                                String.join(", ", SdkSubset.differences(changeable, current))),
                step,
                "modify-listener",
                update.build())));
    }

    /** An HTTPS listener takes only an issued certificate: wait for AWS to validate it (minutes on AWS). */
    @Override
    void beforeCreate(StackContext stack, Step step, SdkRequest request) {
        if (request instanceof CreateListenerRequest listener && listener.hasCertificates()) {
            DomainResource.awaitIssued(stack, listener.certificates().getFirst().certificateArn());
        }
    }

    @Override
    void beforeChange(StackContext stack, Step step, Change change) {
        if (change.request() instanceof ModifyListenerRequest listener && listener.hasCertificates()) {
            DomainResource.awaitIssued(stack, listener.certificates().getFirst().certificateArn());
        }
    }

    /**
     * What the domain no longer asks for: with one, a production rule left on port 80 (the services moved to the
     * 443 listener's in this run); without one, the 443 listener (its rule goes with it).
     */
    @Override
    List<Change> removals(StackContext stack, StackSettings settings, StackState state) {
        List<Change> removals = new ArrayList<>();
        if (DomainResource.named(settings)) {
            listener(stack, state, 80)
                    .flatMap(http -> productionRule(stack, http.listenerArn()))
                    .ifPresent(rule -> removals.add(Change.of(
                            "the production rule on port 80: DOMAIN_NAME moved it to the HTTPS listener",
                            step("rule"),
                            "delete-rule",
                            DeleteRuleRequest.builder().ruleArn(rule.ruleArn()).build())));
        } else {
            listener(stack, state, 443)
                    .ifPresent(https -> removals.add(Change.of(
                            "the HTTPS listener (port 443): DOMAIN_NAME is empty",
                            step("https"),
                            "delete-listener",
                            DeleteListenerRequest.builder()
                                    .listenerArn(https.listenerArn())
                                    .build())));
        }
        return removals;
    }

    private static Step step(String name) {
        return name.equals("rule")
                ? Step.of("elbv2/create-rule.json", "create-rule", "production", Map.of())
                : Step.of("elbv2/create-listener-https.json", "create-listener", name, Map.of());
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
