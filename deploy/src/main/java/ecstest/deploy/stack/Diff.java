package ecstest.deploy.stack;

import java.util.List;

/**
 * What one step's resource is, next to what the step would make: missing (the step's own call creates it), as
 * configured, or different (the updates that converge it). A resource reads the account once per step to say so.
 *
 * @param provisional the changes were worked out from a value this run creates first (a task-definition revision):
 *     {@code up} asks again once that value exists
 */
record Diff(boolean exists, List<Change> changes, boolean provisional) {

    static final Diff MISSING = new Diff(false, List.of(), false);
    static final Diff SAME = new Diff(true, List.of(), false);

    static Diff of(List<Change> changes) {
        return new Diff(true, List.copyOf(changes), false);
    }

    static Diff exists(boolean exists) {
        return exists ? SAME : MISSING;
    }

    Diff asProvisional() {
        return new Diff(exists, changes, true);
    }
}
