package ecstest.deploy;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.model.AssociateRouteTableRequest;
import software.amazon.awssdk.services.ec2.model.CreateSubnetRequest;
import software.amazon.awssdk.services.ec2.model.CreateVpcRequest;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.iam.model.CreateRoleRequest;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.servicediscovery.model.Operation;
import software.amazon.awssdk.services.servicediscovery.model.OperationTargetType;

/**
 * {@code up}: walks the plan; for each call, asks the account whether its resource exists, makes the call when it
 * does not, and otherwise brings what exists to the settings ({@link Convergence}). So a second {@code up} with
 * nothing changed makes no mutating call, an {@code up} that stopped half-way resumes where it stopped, without
 * duplicates, and a changed setting reaches AWS or is refused before the first call.
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

    record Outcome(int created, int updated, int unchanged, String url) {}

    private final AwsClients aws;
    private final StackRenderer renderer;
    private final String stack;
    private final PrintWriter out;
    private final Timeouts timeouts;
    private final Wait wait;
    private final Convergence convergence;

    StackProvisioner(AwsClients aws, StackRenderer renderer, String stack, PrintWriter out, Timeouts timeouts) {
        this.aws = aws;
        this.renderer = renderer;
        this.stack = stack;
        this.out = out;
        this.timeouts = timeouts;
        this.wait = new Wait(out, timeouts.poll());
        this.convergence = new Convergence(aws, stack);
    }

    /**
     * The calls {@code up} would make now, read-only: those not applied yet, and those that need IDs
     * earlier calls will create ({@link StackRenderer.RenderedStep#waitingFor()} not empty).
     */
    List<Call> pending(Map<String, String> values) {
        renderer.render(values); // every template and value checked before the first AWS call
        Map<String, String> known = discovered(values);
        refuseWhatCannotChange(values, known);
        List<Call> pending = new ArrayList<>();
        int total = StackPlan.steps(values).size();
        for (int i = 0; i < total; i++) {
            StackRenderer.RenderedStep step = renderer.render(i, known);
            if (!step.waitingFor().isEmpty()) {
                pending.add(new Call(step, null));
                continue;
            }
            for (Call call : needed(step, known)) {
                pending.add(call);
                if (call.change() != null && call.change().request() instanceof RegisterTaskDefinitionRequest task) {
                    known.put(Convergence.revisionKey(serviceOf(task.family())), "(the revision registered above)");
                }
            }
        }
        pending.addAll(removals(values));
        return pending;
    }

    /**
     * A call {@code up} makes for a step: the step's own (its resource is missing) or an update of the resource
     * that exists ({@link Convergence}).
     */
    record Call(StackRenderer.RenderedStep step, Convergence.Change change) {
        String verb() {
            return change == null ? "create" : change.step().operation().startsWith("delete") ? "remove" : "update";
        }

        String describe() {
            return change == null
                    ? step.fileName()
                    : step.fileName() + " → " + change.step().operation() + ": " + change.why();
        }

        /** The call as a rendered step of its own, for plan's `aws …` lines. */
        StackRenderer.RenderedStep rendered() {
            return change == null
                    ? step
                    : new StackRenderer.RenderedStep(
                            step.index(), change.step(), describe(), change.json(), Set.of(), change.request());
        }

        /** How many of the plan's steps these calls leave as they are (removals belong to no step). */
        static int untouched(List<Call> calls, int steps) {
            return steps
                    - (int) calls.stream()
                            .map(c -> c.step().index())
                            .filter(index -> index > 0)
                            .distinct()
                            .count();
        }
    }

    /** Removals of what the settings no longer ask for, as calls of no step of the plan. */
    private List<Call> removals(Map<String, String> values) {
        return convergence.removals(values).stream()
                .map(change -> new Call(
                        new StackRenderer.RenderedStep(
                                0, change.step(), "(no step)", change.json(), Set.of(), change.request()),
                        change))
                .toList();
    }

    private List<Call> needed(StackRenderer.RenderedStep step, Map<String, String> known) {
        if (step.request() instanceof AssociateRouteTableRequest) {
            // a subnet associated with another of the stack's tables moves (AWS refuses a second association)
            List<Call> moves = convergence.changes(step.step(), step.request(), known).stream()
                    .map(change -> new Call(step, change))
                    .toList();
            if (!moves.isEmpty()) {
                return moves;
            }
        }
        boolean exists = step.request() instanceof RegisterTaskDefinitionRequest task
                        && convergence.serviceOf(task.family()).isPresent()
                || state().applied(step.step(), step.request(), known);
        if (!exists) {
            return List.of(new Call(step, null));
        }
        return convergence.changes(step.step(), step.request(), known).stream()
                .map(change -> new Call(step, change))
                .toList();
    }

    /**
     * Settings AWS cannot change in place (CIDR blocks, AZs, the target group's port) are compared before any call
     * of the run, so a refusal leaves the stack as it was.
     */
    private void refuseWhatCannotChange(Map<String, String> values, Map<String, String> known) {
        if (!Boolean.parseBoolean(values.getOrDefault("NAT_PER_AZ", "false"))
                && known.containsKey("NAT_B_GATEWAY_ID")) {
            throw new DeployException("NAT_PER_AZ is false but the stack was built with true: up does not remove a NAT"
                    + " gateway that AZ b's tasks reach the internet through; set it back, or `down --yes` and `up` to"
                    + " rebuild the stack with one");
        }
        int total = StackPlan.steps(values).size();
        for (int i = 0; i < total; i++) {
            StackRenderer.RenderedStep step = renderer.render(i, known);
            boolean immutable = step.request() instanceof CreateVpcRequest
                    || step.request() instanceof CreateSubnetRequest
                    || step.request() instanceof CreateTargetGroupRequest;
            if (immutable && step.waitingFor().isEmpty() && state().applied(step.step(), step.request(), known)) {
                convergence.changes(step.step(), step.request(), known);
            }
        }
    }

    private String serviceOf(String family) {
        return family.substring(stack.length() + 1);
    }

    Outcome up(Map<String, String> values, boolean dryRun) {
        int total = StackPlan.steps(values).size();
        if (dryRun) {
            List<Call> pending = pending(values);
            pending.forEach(call -> out.printf(
                    "  would %s  %s%s%n",
                    call.verb(),
                    call.describe(),
                    call.step().waitingFor().isEmpty()
                            ? ""
                            : " (with IDs the calls above create: "
                                    + String.join(", ", call.step().waitingFor()) + ")"));
            out.printf(
                    "dry run: %d calls to make, %d already applied; nothing changed%n",
                    pending.size(), Call.untouched(pending, total));
            return new Outcome(pending.size(), 0, Call.untouched(pending, total), null);
        }
        renderer.render(values); // every template and value checked before the first AWS call
        Map<String, String> known = discovered(values);
        refuseWhatCannotChange(values, known);
        int created = 0;
        int updated = 0;
        int untouched = 0;
        for (int i = 0; i < total; i++) {
            StackRenderer.RenderedStep step = renderer.render(i, known);
            if (!step.waitingFor().isEmpty()) {
                throw new IllegalStateException(
                        step.fileName() + " needs " + step.waitingFor() + " that no earlier step made");
            }
            List<Call> calls = needed(step, known);
            if (calls.isEmpty()) {
                untouched++;
            }
            for (Call call : calls) {
                out.printf("  %s  %s%n", call.verb(), call.describe());
                if (call.change() == null) {
                    apply(step, known);
                    created++;
                } else {
                    SdkResponse response = send(
                            call.change().step(), step.fileName(), call.change().request());
                    if (call.change().request() instanceof RegisterTaskDefinitionRequest task) {
                        known.put(Convergence.revisionKey(serviceOf(task.family())), (String)
                                SdkCalls.at(response, "taskDefinition.taskDefinitionArn"));
                    }
                    updated++;
                }
            }
        }
        for (Call call : removals(values)) {
            out.printf("  remove  %s%n", call.change().why());
            send(call.change().step(), "(no step)", call.change().request());
            updated++;
        }
        int unchanged = untouched;
        awaitServicesStable();
        reportCountsApart(values);
        String url = "http://"
                + aws.elb()
                        .describeLoadBalancers(r -> r.loadBalancerArns(known.get("LOAD_BALANCER_ARN")))
                        .loadBalancers()
                        .getFirst()
                        .dnsName()
                + "/";
        out.printf(
                "stack %s is up: %d calls made (%d created, %d updated), %d already applied%n  %s%n",
                stack, created + updated, created, updated, unchanged, url);
        int nats = known.containsKey("NAT_B_GATEWAY_ID") ? 2 : 1;
        out.printf(
                "billed by the hour while it is up: %d NAT gateway%s and %s Elastic IP%s, the load balancer, the Fargate"
                        + " tasks (`ecs-test down --yes` removes everything)%n",
                nats, nats == 1 ? "" : "s", nats == 1 ? "its" : "their", nats == 1 ? "" : "s");
        return new Outcome(created, updated, unchanged, url);
    }

    private void apply(StackRenderer.RenderedStep step, Map<String, String> known) {
        if (step.request() instanceof CreateRoleRequest role) {
            requireBoundary(role.permissionsBoundary());
        }
        SdkResponse response = send(step.step(), step.fileName(), step.request());
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

    private SdkResponse send(Step call, String fileName, SdkRequest request) {
        try {
            return SdkCalls.call(aws.forService(call.service()), call, request);
        } catch (AwsServiceException ex) {
            throw new DeployException(
                    "%s %s %s failed (%s): %s; %s"
                            .formatted(
                                    call.service(),
                                    call.operation(),
                                    fileName,
                                    ex.awsErrorDetails().errorCode(),
                                    ex.awsErrorDetails().errorMessage(),
                                    nextStep(ex)),
                    ex);
        } catch (SdkClientException ex) {
            throw new DeployException(
                    "%s %s %s could not reach AWS: %s; run `up` again once it is reachable"
                            .formatted(call.service(), call.operation(), fileName, ex.getMessage()),
                    ex);
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
     * What `up` leaves as it finds it, said with the way back: a count set by `scale` or autoscaling under an
     * unchanged setting ({@link Convergence#DESIRED_COUNT_TAG}), and images other than the configured ones (those
     * are `deploy`'s: a new revision keeps what runs).
     */
    private void reportCountsApart(Map<String, String> values) {
        for (String name : Rollout.SERVICES) {
            String configured = values.get(Services.desiredCountSetting(name));
            Service service = aws.ecs()
                    .describeServices(r -> r.cluster(stack).services(name))
                    .services()
                    .getFirst();
            Integer desired = service.desiredCount();
            if (configured != null && !configured.equals(String.valueOf(desired))) {
                out.printf(
                        "  note: %s runs %d tasks where %s=%s; up leaves that as it is (set by `ecs-test scale` or by"
                                + " autoscaling): `ecs-test scale %s %s` or `ecs-test scale --all --resume` goes back%n",
                        name, desired, Services.desiredCountSetting(name), configured, name, configured);
            }
            String setting = Services.prefix(name) + "_IMAGE";
            String image = aws.ecs()
                    .describeTaskDefinition(r -> r.taskDefinition(service.taskDefinition()))
                    .taskDefinition()
                    .containerDefinitions()
                    .getFirst()
                    .image();
            if (values.get(setting) != null && !values.get(setting).equals(image)) {
                out.printf(
                        "  note: %s runs %s, not %s=%s: images are `ecs-test deploy`'s (up keeps what runs)%n",
                        name, image, setting, values.get(setting));
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
