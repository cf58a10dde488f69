package ecstest.deploy;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.iam.model.CreateRoleRequest;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.servicediscovery.model.Operation;
import software.amazon.awssdk.services.servicediscovery.model.OperationTargetType;

/**
 * {@code up}: walks the plan; for each call, asks the account whether it is already applied, and makes
 * the call only when it is not. So a second {@code up} with nothing changed makes no mutating call, and
 * an {@code up} that stopped half-way resumes where it stopped, without duplicates.
 */
final class StackProvisioner {

    record Timeouts(Duration natGateway, Duration loadBalancer, Duration namespace, Duration services, Duration poll) {
        static Timeouts standard() {
            return new Timeouts(
                    Duration.ofMinutes(10),
                    Duration.ofMinutes(10),
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(15),
                    Duration.ofSeconds(5));
        }
    }

    record Outcome(int created, int unchanged, String url) {}

    private final AwsClients aws;
    private final StackRenderer renderer;
    private final String stack;
    private final PrintWriter out;
    private final Timeouts timeouts;
    private final Wait wait;

    StackProvisioner(AwsClients aws, StackRenderer renderer, String stack, PrintWriter out, Timeouts timeouts) {
        this.aws = aws;
        this.renderer = renderer;
        this.stack = stack;
        this.out = out;
        this.timeouts = timeouts;
        this.wait = new Wait(out, timeouts.poll());
    }

    /**
     * The calls {@code up} would make now, read-only: those not applied yet, and those that need IDs
     * earlier calls will create ({@link StackRenderer.RenderedStep#waitingFor()} not empty).
     */
    List<StackRenderer.RenderedStep> pending(Map<String, String> values) {
        renderer.render(values); // every template and value checked before the first AWS call
        Map<String, String> known = discovered(values);
        List<StackRenderer.RenderedStep> pending = new ArrayList<>();
        int total = StackPlan.steps(values).size();
        for (int i = 0; i < total; i++) {
            StackRenderer.RenderedStep step = renderer.render(i, known);
            if (!step.waitingFor().isEmpty() || !state().applied(step.step(), step.request(), known)) {
                pending.add(step);
            }
        }
        return pending;
    }

    Outcome up(Map<String, String> values, boolean dryRun) {
        int total = StackPlan.steps(values).size();
        if (dryRun) {
            List<StackRenderer.RenderedStep> pending = pending(values);
            pending.forEach(step -> out.printf(
                    "  would create  %s%s%n",
                    step.fileName(),
                    step.waitingFor().isEmpty()
                            ? ""
                            : " (with IDs the calls above create: " + String.join(", ", step.waitingFor()) + ")"));
            out.printf(
                    "dry run: %d calls to make, %d already applied; nothing changed%n",
                    pending.size(), total - pending.size());
            return new Outcome(pending.size(), total - pending.size(), null);
        }
        renderer.render(values); // every template and value checked before the first AWS call
        Map<String, String> known = discovered(values);
        int created = 0;
        for (int i = 0; i < total; i++) {
            StackRenderer.RenderedStep step = renderer.render(i, known);
            if (!step.waitingFor().isEmpty()) {
                throw new IllegalStateException(
                        step.fileName() + " needs " + step.waitingFor() + " that no earlier step made");
            }
            if (!state().applied(step.step(), step.request(), known)) {
                out.printf("  create  %s%n", step.fileName());
                apply(step, known);
                created++;
            }
        }
        int unchanged = total - created;
        awaitServicesStable();
        reportCountsApart(values);
        String url = "http://"
                + aws.elb()
                        .describeLoadBalancers(r -> r.loadBalancerArns(known.get("LOAD_BALANCER_ARN")))
                        .loadBalancers()
                        .getFirst()
                        .dnsName()
                + "/";
        out.printf("stack %s is up: %d calls made, %d already applied%n  %s%n", stack, created, unchanged, url);
        int nats = known.containsKey("NAT_B_GATEWAY_ID") ? 2 : 1;
        out.printf(
                "billed by the hour while it is up: %d NAT gateway%s and %s Elastic IP%s, the load balancer, the Fargate"
                        + " tasks (`ecs-test down --yes` removes everything)%n",
                nats, nats == 1 ? "" : "s", nats == 1 ? "its" : "their", nats == 1 ? "" : "s");
        return new Outcome(created, unchanged, url);
    }

    private void apply(StackRenderer.RenderedStep step, Map<String, String> known) {
        SdkResponse response;
        try {
            if (step.request() instanceof CreateRoleRequest role) {
                requireBoundary(role.permissionsBoundary());
            }
            response = SdkCalls.call(aws.forService(step.step().service()), step.step(), step.request());
        } catch (AwsServiceException ex) {
            throw new DeployException(
                    "%s %s failed (%s): %s; %s"
                            .formatted(
                                    step.step().service(),
                                    step.fileName(),
                                    ex.awsErrorDetails().errorCode(),
                                    ex.awsErrorDetails().errorMessage(),
                                    nextStep(ex)),
                    ex);
        } catch (SdkClientException ex) {
            throw new DeployException(
                    "%s %s could not reach AWS: %s; run `up` again once it is reachable"
                            .formatted(step.step().service(), step.fileName(), ex.getMessage()),
                    ex);
        }
        Step plan = step.step();
        if (plan.produces() == null) {
            return;
        }
        String id = "@namespace".equals(plan.producedAt())
                ? awaitNamespace((String) SdkCalls.at(response, "OperationId"))
                : (String) SdkCalls.at(response, plan.producedAt());
        known.put(plan.produces(), id);
        switch (plan.produces()) {
            case "NAT_GATEWAY_ID", "NAT_B_GATEWAY_ID" ->
                wait.until(
                        "NAT gateway " + id,
                        timeouts.natGateway(),
                        () -> aws.ec2()
                                .describeNatGateways(r -> r.natGatewayIds(id))
                                .natGateways()
                                .getFirst()
                                .stateAsString(),
                        "available"::equals,
                        state -> state.equals("failed") || state.startsWith("delet"));
            case "LOAD_BALANCER_ARN" ->
                wait.until(
                        "load balancer " + stack,
                        timeouts.loadBalancer(),
                        () -> aws.elb()
                                .describeLoadBalancers(r -> r.loadBalancerArns(id))
                                .loadBalancers()
                                .getFirst()
                                .state()
                                .codeAsString(),
                        "active"::equals,
                        "failed"::equals);
            default -> {}
        }
    }

    /**
     * The stack's roles are created with a permissions boundary an administrator creates once (the deploying role
     * may not): without it AWS refuses the role with a less helpful message.
     */
    private void requireBoundary(String arn) {
        try {
            aws.iam().getPolicy(r -> r.policyArn(arn));
        } catch (NoSuchEntityException ex) {
            throw new DeployException(("the permissions boundary %s does not exist: an administrator creates it once"
                            + " (`deploy/ecs-test admin-setup --stack %s` prints the commands, or runs them with"
                            + " --apply), then run `up` again")
                    .formatted(arn, stack));
        }
    }

    private String awaitNamespace(String operationId) {
        wait.until(
                "Cloud Map namespace (operation " + operationId + ")",
                timeouts.namespace(),
                () -> operation(operationId).statusAsString(),
                "SUCCESS"::equals,
                "FAIL"::equals);
        return operation(operationId).targets().get(OperationTargetType.NAMESPACE);
    }

    private Operation operation(String id) {
        return aws.cloudMap().getOperation(r -> r.operationId(id)).operation();
    }

    private void awaitServicesStable() {
        for (String service : List.of("data-server", "gate-server")) {
            wait.until(
                    "service " + service,
                    timeouts.services(),
                    () -> serviceState(service),
                    state -> state.startsWith("stable"),
                    state -> state.contains("FAILED"));
        }
    }

    /**
     * `up` creates services with the configured counts but does not move an existing service's count: a count
     * set since by `scale` (a pause, say) or by autoscaling stays, and is reported here with the way back.
     */
    private void reportCountsApart(Map<String, String> values) {
        for (String name : Rollout.SERVICES) {
            String configured = values.get(Services.desiredCountSetting(name));
            Integer desired = aws.ecs()
                    .describeServices(r -> r.cluster(stack).services(name))
                    .services()
                    .getFirst()
                    .desiredCount();
            if (configured != null && !configured.equals(String.valueOf(desired))) {
                out.printf(
                        "  note: %s runs %d tasks where %s=%s; up leaves that as it is (set by `ecs-test scale` or by"
                                + " autoscaling): `ecs-test scale %s %s` or `ecs-test scale --all --resume` goes back%n",
                        name, desired, Services.desiredCountSetting(name), configured, name, configured);
            }
        }
    }

    /** "stable" once one deployment runs all desired tasks; else what it is doing, e.g. "IN_PROGRESS 1/2 running". */
    private String serviceState(String name) {
        Service service = aws.ecs()
                .describeServices(r -> r.cluster(stack).services(name))
                .services()
                .getFirst();
        Deployment primary = service.deployments().stream()
                .filter(d -> "PRIMARY".equals(d.status()))
                .findFirst()
                .orElse(service.deployments().getFirst());
        boolean stable = service.deployments().size() == 1
                && service.runningCount().equals(service.desiredCount())
                && !"IN_PROGRESS".equals(primary.rolloutStateAsString());
        return (stable ? "stable " : primary.rolloutStateAsString() + " ") + service.runningCount() + "/"
                + service.desiredCount() + " running";
    }

    private Map<String, String> discovered(Map<String, String> values) {
        Map<String, String> known = new HashMap<>(values);
        known.putAll(new StackDiscovery(aws, stack).existingIds(values));
        return known;
    }

    private StepState state() {
        return new StepState(aws);
    }

    private static String nextStep(AwsServiceException ex) {
        String code = ex.awsErrorDetails().errorCode();
        if (code.contains("AddressLimitExceeded")) {
            return "raise the Elastic IP quota of the region (Service Quotas), or release unused addresses, then run `up` again";
        }
        if (code.contains("LimitExceeded") || code.contains("QuotaExceeded")) {
            return "raise that quota (Service Quotas), then run `up` again";
        }
        if (code.contains("AccessDenied") || code.contains("UnauthorizedOperation")) {
            return "give the deploying role the stack's deployer policies (`deploy/ecs-test admin-setup`), then run `up` again";
        }
        return "fix the cause and run `up` again (it resumes), or `down --yes` to remove the partial stack";
    }
}
