package ecstest.deploy.stack;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.SdkCalls;
import ecstest.deploy.pricing.Bill;
import ecstest.deploy.settings.Setting;
import ecstest.deploy.settings.StackSettings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One kind of AWS resource of the stack, and all the CLI knows of it: the settings it reads (declared here, once), the
 * calls that make it (templates in the AWS CLI's shapes), what it produces for the kinds after it, how to find it by
 * its tags and names, how what exists compares with the settings and what updates converge it (or why it cannot
 * change in place), what to wait for once it is made, how to delete it, and what the leak audit looks for.
 * {@link StackPlan} orders the kinds so that each needs only those before it: {@code up} walks them forward,
 * {@code down} backward, and the audit asks each.
 */
public abstract class Resource {

    /** What {@code down} and the audit call it, e.g. "NAT gateways". */
    abstract String title();

    /** The settings it reads, declared once: the registry, the checks and the reference are made of these. */
    List<Setting> settings() {
        return List.of();
    }

    /** What it produces that the kinds after it read (IDs, ARNs, values worked out from them). */
    List<Output> outputs() {
        return List.of();
    }

    /** What the settings may not be, together, for it (a subnet outside the VPC): one line each, before any request. */
    List<String> check(StackSettings settings) {
        return List.of();
    }

    /** Parts of requests rendered once per run from templates chosen by the settings. */
    List<Fragment> fragments(StackSettings settings) {
        return List.of();
    }

    /** Its calls in the order AWS needs them, for the stack's settings. */
    abstract List<Step> steps(StackSettings settings);

    /** What its rendered calls ask that AWS would refuse (a Fargate size it does not offer): one line each. */
    List<String> checkRequests(List<RenderedStep> plan) {
        return List.of();
    }

    /** Adds the outputs of what exists of it to {@code state}, found by the tags and names its templates give. */
    void discover(StackContext stack, StackSettings settings, StackState state) {}

    /**
     * What of it, found by the name the stack gives it, belongs to another stack or to none, one line each: kinds
     * whose names are unique in the account or region (a load balancer, a role, a log group...). {@code up} and
     * {@code plan} stop on any before their first call; discovery, {@code down} and the audit leave them alone.
     */
    List<String> claimedElsewhere(StackContext stack) {
        return List.of();
    }

    /** Refuses, before any call of the run, a setting that would need it rebuilt. */
    void refuse(StackContext stack, StackSettings settings, StackState state) {}

    /**
     * One step's resource in the account, next to the step's request: read-only.
     *
     * @throws DeployException naming the setting, when AWS cannot change the difference in place
     */
    abstract Diff diff(StackContext stack, Step step, SdkRequest request, StackState state);

    /** Before a step's call creates it: a check that says more than AWS's refusal would, or a wait for what it needs. */
    void beforeCreate(StackContext stack, Step step, SdkRequest request) {}

    /** Before one of its changes is sent: a wait for what the change needs (a certificate being issued). */
    void beforeChange(StackContext stack, Step step, Change change) {}

    /** The output a step's call produced, once the resource can be used (some are made asynchronously). */
    String created(StackContext stack, Step step, SdkResponse response) {
        return usable(stack, step, (String) SdkCalls.at(response, step.producedAt()));
    }

    /**
     * After a step's call made what it makes ({@code id} its output, "" for none), and the output is recorded: what
     * else of it later steps need (the load balancer's DNS name, a certificate's validation record).
     */
    void made(StackContext stack, Step step, String id, StackState state) {}

    /** The output of what a step made, returned once what it names can be used (a NAT gateway, the load balancer). */
    String usable(StackContext stack, Step step, String id) {
        return id;
    }

    /**
     * After a step's create call failed in a way that may have taken effect (its answer lost on the wire, a retry met
     * by "already exists"): what the call made, found as discovery finds it (by the stack's tag and name), once usable;
     * "" for a call that produces nothing; empty when it made nothing.
     */
    Optional<String> madeAfterAll(
            StackContext stack,
            Step step,
            SdkRequest request,
            SdkException failure,
            StackState state,
            StackSettings settings) {
        if (step.produces() == null) {
            return diff(stack, step, request, state).exists() ? Optional.of("") : Optional.empty();
        }
        StackState found = state.copy();
        discover(stack, settings, found);
        return found.get(step.produces()).map(id -> usable(stack, step, id));
    }

    /**
     * After an update's call failed in a way that may have taken effect: whether it did, read from the account (the
     * step's resource no longer asks for that call). Recording what later steps need of it is this method's, then.
     */
    boolean changedAfterAll(StackContext stack, Step step, SdkRequest request, Change change, StackState state) {
        return diff(stack, step, request, state).changes().stream()
                .noneMatch(c -> c.call().equals(change.call()));
    }

    /**
     * After one of its changes was sent ({@code response} null in a dry run): what later steps need to know of it.
     */
    void applied(Step step, Change change, SdkResponse response, StackState state) {}

    /** After one of its removals was sent: a wait for AWS to finish it, where the next removal needs that. */
    void removed(StackContext stack, Change removal) {}

    /** What the settings no longer ask for and {@code up} removes after its walk (the plan has no step for it). */
    List<Change> removals(StackContext stack, StackSettings settings, StackState state) {
        return List.of();
    }

    /** After {@code up}'s walk: waits for it to settle, and says what {@code up} left as it found it. */
    void settle(StackContext stack, StackSettings settings) {}

    /** What of it bills, for these settings: its lines (count × hourly or monthly price) and rates of use. */
    void bill(StackSettings settings, Bill.Builder bill) {}

    /** Deletes what exists of it (nothing when it is gone already), waiting for what AWS deletes asynchronously. */
    abstract void delete(StackContext stack, StackState state);

    /** What of it still exists, one line each: the leak audit after {@code down}. */
    abstract List<String> leftovers(StackContext stack, StackSettings settings);

    /** A step whose product is an output exists when discovery (or an earlier call) found it. */
    static boolean known(Step step, StackState state) {
        return state.has(step.produces());
    }

    /**
     * Stops the run when a setting AWS cannot change in place differs from what the stack was built with.
     *
     * @param what what AWS cannot change, e.g. "a VPC's CIDR block"
     */
    static void refuseIfMoved(Setting setting, String existing, String wanted, String what) {
        if (existing != null && !Objects.equals(existing, wanted)) {
            throw new DeployException(
                    "%s is %s but the stack was built with %s: AWS cannot change %s in place; set it back, or `down --yes`"
                                    .formatted(setting.name(), wanted, existing, what)
                            + " and `up` to rebuild the stack with it");
        }
    }
}
