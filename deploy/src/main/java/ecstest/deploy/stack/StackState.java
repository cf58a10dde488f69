package ecstest.deploy.stack;

import ecstest.deploy.DeployException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What of the stack exists: the outputs of its resources (IDs, ARNs), found by discovery and added to as {@code up}
 * makes them, and the task-definition revisions this run registers, which the services' step then moves to. The
 * account is the state: nothing here outlives the run.
 */
public final class StackState {

    /** A revision {@code up} registers for a service: registered (its ARN), or one a dry run would register. */
    public sealed interface NewRevision permits Registered, WouldRegister {}

    public record Registered(String arn) implements NewRevision {}

    public record WouldRegister() implements NewRevision {}

    private final Map<Output, String> outputs = new LinkedHashMap<>();
    private final Map<String, NewRevision> revisions = new LinkedHashMap<>();

    public Optional<String> get(Output output) {
        if (output.isDerived()) {
            return output.derivation().apply(this);
        }
        return Optional.ofNullable(outputs.get(output));
    }

    public boolean has(Output output) {
        return get(output).isPresent();
    }

    /** The output's value, which the caller knows to exist (a step after the one that made it). */
    public String id(Output output) {
        return get(output)
                .orElseThrow(() -> new DeployException("no " + output.name() + " known: run `up` to make the stack"));
    }

    public void put(Output output, String value) {
        if (output.isDerived()) {
            throw new IllegalArgumentException(output + " is worked out from other outputs");
        }
        outputs.put(output, value);
    }

    /** The new revision a service moves to in this run, if a change registered one. */
    public Optional<NewRevision> revision(String service) {
        return Optional.ofNullable(revisions.get(service));
    }

    public void revision(String service, NewRevision revision) {
        revisions.put(service, revision);
    }

    /** A copy: discovery into it leaves this one as it was. */
    public StackState copy() {
        StackState copy = new StackState();
        copy.outputs.putAll(outputs);
        copy.revisions.putAll(revisions);
        return copy;
    }

    /** The values of these outputs that are known, by placeholder name, derived ones included. */
    Map<String, String> placeholders(Collection<Output> known) {
        Map<String, String> values = new LinkedHashMap<>();
        known.forEach(output -> get(output).ifPresent(value -> values.put(output.name(), value)));
        return values;
    }
}
