package ecstest.deploy.stack;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.aws.AwsErrors;
import ecstest.deploy.aws.MutatingCall;
import ecstest.deploy.aws.SdkCalls;
import ecstest.deploy.template.Operation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * {@code up}: walks the plan's resource kinds forward. The plan is checked first, before any request; then a read-only
 * pass asks each step's resource what it is in the account ({@link Resource#diff}), so a setting AWS cannot change in
 * place is refused before the first call; then each missing resource is created and each different one updated. A
 * second {@code up} with nothing changed makes no mutating call, and an {@code up} that stopped half-way resumes where
 * it stopped, without duplicates.
 */
public final class StackProvisioner {

    /** What {@code up} did: calls made, steps already applied, and the stack's URL. */
    public record Outcome(int created, int updated, int unchanged, String url) {}

    private final Plan plan;
    private final StackContext stack;

    public StackProvisioner(AwsClients aws, Plan plan, PrintWriter out, StackContext.Timeouts timeouts) {
        this.plan = plan;
        this.stack = new StackContext(aws, plan.settings().stack(), out, timeouts);
    }

    /**
     * A call {@code up} makes for a step: the step's own (its resource is missing) or an update of the resource
     * that exists ({@link Change}).
     */
    public record Call(RenderedStep step, Change change) {
        public String verb() {
            return change == null ? "create" : step.index() == 0 ? "remove" : "update";
        }

        public String describe() {
            return change == null
                    ? step.fileName()
                    : step.fileName() + " → " + change.call().name() + ": " + change.why();
        }

        /** The call's service and operation, as the AWS CLI names them. */
        public Operation operation() {
            return change == null ? step.step().call() : change.call();
        }

        /** The call's input, as the AWS CLI takes it with --cli-input-json. */
        public tools.jackson.databind.JsonNode json() {
            return change == null ? step.json() : change.json();
        }

        /** The outputs of earlier calls it needs, which a dry run does not have. */
        public Set<String> waitingFor() {
            return change == null ? step.waitingFor() : Set.of();
        }

        /** How many of the plan's steps these calls leave as they are (removals belong to no step). */
        public static int untouched(List<Call> calls, int steps) {
            return steps
                    - (int) calls.stream()
                            .map(c -> c.step().index())
                            .filter(index -> index > 0)
                            .distinct()
                            .count();
        }
    }

    /** A step of the walk as the first pass found it; {@code diff} null while it waits for outputs this run makes. */
    private record Planned(Plan.Entry entry, RenderedStep step, Diff diff) {
        List<Call> calls() {
            if (diff == null || !diff.exists()) {
                return List.of(new Call(step, null));
            }
            return diff.changes().stream().map(change -> new Call(step, change)).toList();
        }
    }

    /** The number of calls in the plan. */
    public int steps() {
        return plan.entries().size();
    }

    /**
     * The first pass, read-only: the settings AWS cannot change in place compared, and each step's resource read once.
     */
    private List<Planned> firstPass(StackState state) {
        List<String> claimed = StackPlan.claimedElsewhere(stack);
        if (!claimed.isEmpty()) {
            throw new DeployException(String.join("\n", claimed));
        }
        StackPlan.RESOURCES.forEach(resource -> resource.refuse(stack, plan.settings(), state));
        List<Planned> planned = new ArrayList<>();
        for (Plan.Entry entry : plan.entries()) {
            RenderedStep step = plan.render(entry, state);
            if (!step.waitingFor().isEmpty()) {
                planned.add(new Planned(entry, step, null));
                continue;
            }
            Diff diff = entry.resource().diff(stack, entry.step(), step.request(), state);
            // what a later step needs to know of these changes, as a dry run can say it
            diff.changes().forEach(change -> entry.resource().applied(entry.step(), change, null, state));
            planned.add(new Planned(entry, step, diff));
        }
        return planned;
    }

    /**
     * The calls {@code up} would make now, read-only: those not applied yet, and those that need outputs earlier calls
     * will make ({@link RenderedStep#waitingFor()} not empty).
     */
    public List<Call> pending() {
        plan.check(); // every template and value, before the first request
        List<Call> pending = new ArrayList<>();
        StackState state = discovered();
        firstPass(state).forEach(planned -> pending.addAll(planned.calls()));
        removals(state).forEach(removal -> pending.add(removal.call()));
        return pending;
    }

    /** A removal of what the settings no longer ask for: a call of no step of the plan, and the kind it is of. */
    private record Removal(Resource resource, Change change) {
        Call call() {
            return new Call(new RenderedStep(0, null, "(no step)", change.json(), Set.of(), change.request()), change);
        }
    }

    private List<Removal> removals(StackState state) {
        // latest kind first: what uses a thing lets go of it before the thing goes (a listener, its certificate)
        return StackPlan.RESOURCES.reversed().stream()
                .flatMap(resource -> resource.removals(stack, plan.settings(), state).stream()
                        .map(change -> new Removal(resource, change)))
                .toList();
    }

    public Outcome up(boolean dryRun) {
        int total = steps();
        if (dryRun) {
            List<Call> pending = pending();
            pending.forEach(call -> stack.out.printf(
                    "  would %s  %s%s%n",
                    call.verb(),
                    call.describe(),
                    call.waitingFor().isEmpty()
                            ? ""
                            : " (with IDs the calls above create: " + String.join(", ", call.waitingFor()) + ")"));
            stack.out.printf(
                    "dry run: %d calls to make, %d already applied; nothing changed%n",
                    pending.size(), Call.untouched(pending, total));
            StackPlan.billText(plan.settings()).forEach(stack.out::println);
            return new Outcome(pending.size(), 0, Call.untouched(pending, total), null);
        }
        plan.check(); // every template and value, before the first request
        StackState state = discovered();
        Outcome walked = walk(state);
        int created = walked.created();
        int updated = walked.updated();
        for (Removal removal : removals(state)) {
            Call call = removal.call();
            stack.out.printf("  remove  %s%n", call.change().why());
            Operation operation = call.change().call();
            send(operation, "(no step)", () -> {
                try {
                    return SdkCalls.call(
                            stack.aws.forService(operation.service()),
                            operation,
                            call.change().request());
                } catch (AwsServiceException ex) {
                    if (AwsErrors.gone(ex)) {
                        return null; // removed already (the answer of a first attempt was lost)
                    }
                    throw ex;
                }
            });
            removal.resource().removed(stack, removal.change());
            updated++;
        }
        StackPlan.RESOURCES.forEach(resource -> resource.settle(stack, plan.settings()));
        String url = StackPlan.url(plan.settings(), state.id(LoadBalancerResource.LOAD_BALANCER_DNS_NAME));
        stack.out.printf(
                "stack %s is up: %d calls made (%d created, %d updated), %d already applied%n  %s%n",
                stack.stack, created + updated, created, updated, walked.unchanged(), url);
        StackPlan.billText(plan.settings()).forEach(stack.out::println);
        stack.out.println("  (`ecs-test down --yes` removes everything)");
        return new Outcome(created, updated, walked.unchanged(), url);
    }

    /**
     * The plan's steps in order: each missing resource created, each different one updated.
     *
     * @return the calls that created and that updated, the steps left as they were (no URL yet)
     */
    private Outcome walk(StackState state) {
        RetryStrategy retries = AwsClients.retryStrategy();
        int created = 0;
        int updated = 0;
        int untouched = 0;
        for (Planned first : firstPass(state)) {
            Planned now = first;
            if (first.diff() == null || first.diff().provisional()) {
                // its inputs exist now: read it once, with them
                RenderedStep step = plan.render(first.entry(), state);
                if (!step.waitingFor().isEmpty()) {
                    throw new IllegalStateException(
                            step.fileName() + " needs " + step.waitingFor() + " that no earlier step made");
                }
                Diff fresh = first.entry().resource().diff(stack, step.step(), step.request(), state);
                if (first.diff() == null && ownCallOnly(step.step(), fresh)) {
                    // an attribute of what this run just made (a new VPC's DNS names, a new target group's delay):
                    // the step's own call is part of making it
                    fresh = Diff.MISSING;
                }
                now = new Planned(first.entry(), step, fresh);
            }
            List<Call> calls = now.calls();
            if (calls.isEmpty()) {
                untouched++;
            }
            for (Call call : calls) {
                stack.out.printf("  %s  %s%n", call.verb(), call.describe());
                if (call.change() == null) {
                    create(retries, now.entry().resource(), call.step(), state);
                    created++;
                } else {
                    update(retries, now.entry().resource(), call.step(), call.change(), state);
                    updated++;
                }
            }
        }
        return new Outcome(created, updated, untouched, null);
    }

    private static boolean ownCallOnly(Step step, Diff diff) {
        return diff.exists()
                && !diff.changes().isEmpty()
                && diff.changes().stream().allMatch(c -> c.call().equals(step.call()));
    }

    /**
     * A missing resource, made by its step's call. If the call fails, the resource is looked for first (by the stack's
     * tag and name, as discovery finds it): a call whose answer was lost, or that AWS answers "already exists" when it
     * is sent again, made it, and it is not made twice ({@link MutatingCall}).
     */
    private void create(RetryStrategy retries, Resource resource, RenderedStep step, StackState state) {
        Step call = step.step();
        if (step.json().toString().contains("${")) {
            // a placeholder left in a request is a bug of the plan's: AWS (or an emulator) might take it as a value
            throw new IllegalStateException(step.fileName() + " still holds a placeholder: " + step.json());
        }
        resource.beforeCreate(stack, call, step.request());
        String id = send(
                call.call(),
                step.fileName(),
                () -> MutatingCall.send(
                        retries,
                        () -> {
                            SdkResponse response = sendOnce(call.call(), step.request());
                            return call.produces() == null ? "" : resource.created(stack, call, response);
                        },
                        failure -> resource.madeAfterAll(stack, call, step.request(), failure, state, plan.settings())
                                .map(made -> {
                                    stack.out.printf(
                                            "    the call failed (%s), but it had made %s: carrying on%n",
                                            brief(failure), made.isEmpty() ? "what it makes" : made);
                                    return made;
                                })));
        if (call.produces() != null) {
            state.put(call.produces(), id);
        }
        resource.made(stack, call, id, state);
    }

    /** An update of what exists, sent as {@link #create} sends a creation: not twice when an answer is lost. */
    private void update(RetryStrategy retries, Resource resource, RenderedStep step, Change change, StackState state) {
        resource.beforeChange(stack, step.step(), change);
        Optional<SdkResponse> answer = send(
                change.call(),
                step.fileName(),
                () -> MutatingCall.send(
                        retries, () -> Optional.of(sendOnce(change.call(), change.request())), failure -> {
                            if (!resource.changedAfterAll(stack, step.step(), step.request(), change, state)) {
                                return Optional.empty();
                            }
                            stack.out.printf(
                                    "    the call failed (%s), but the change was made: carrying on%n", brief(failure));
                            return Optional.of(Optional.<SdkResponse>empty());
                        }));
        answer.ifPresent(response -> resource.applied(step.step(), change, response, state));
    }

    private SdkResponse sendOnce(Operation call, SdkRequest request) {
        return SdkCalls.call(
                stack.aws.forService(call.service()), call, AwsClients.singleAttempt((AwsRequest) request));
    }

    private static String brief(SdkException failure) {
        return failure instanceof AwsServiceException aws
                ? AwsErrors.code(aws)
                : String.valueOf(failure.getMessage()).lines().findFirst().orElse("");
    }

    /** A call of {@code up}, its failure said as one line with the way on. */
    private <T> T send(Operation call, String fileName, Supplier<T> sending) {
        try {
            return sending.get();
        } catch (AwsServiceException ex) {
            throw new DeployException(
                    "%s %s failed (%s): %s; %s"
                            .formatted(call, fileName, AwsErrors.code(ex), AwsErrors.message(ex), nextStep(ex)),
                    ex);
        } catch (SdkClientException ex) {
            throw new DeployException(
                    "%s %s could not reach AWS: %s; run `up` again once it is reachable"
                            .formatted(call, fileName, ex.getMessage()),
                    ex);
        }
    }

    private StackState discovered() {
        return StackPlan.discover(stack, plan.settings());
    }

    private static String nextStep(AwsServiceException ex) {
        String code = AwsErrors.code(ex);
        if (code.contains("AddressLimitExceeded")) {
            return "raise the Elastic IP quota of the region (Service Quotas), or release unused addresses, then run `up` again";
        }
        if (code.contains("LimitExceeded") || code.contains("QuotaExceeded")) {
            return "raise that quota (Service Quotas), then run `up` again";
        }
        if (AwsErrors.denied(ex)) {
            return "give the deploying role the stack's deployer policies (`deploy/ecs-test admin-setup`), then run `up` again";
        }
        return "fix the cause and run `up` again (it resumes), or `down --yes` to remove the partial stack";
    }
}
