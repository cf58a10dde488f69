package ecstest.deploy.scaling;

import ecstest.deploy.DeployException;
import ecstest.deploy.settings.Services;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.stack.EcsServicesResource;
import ecstest.deploy.stack.ScalingResource;
import java.util.List;

/**
 * What {@code scale} is asked, turned into each service's change, every check before the first request: a service
 * and its count, or both (with a count, 0 pausing them, or {@code --resume} to the stack's settings); gate-server's
 * count within its autoscaling bounds, the stack's or new ones.
 *
 * @param arguments {@code [SERVICE] COUNT}
 */
public record ScaleRequest(List<String> arguments, boolean all, boolean resume, Integer min, Integer max) {

    public List<TaskCounts.Change> changes(StackSettings settings) {
        if ((min != null || max != null) && (all || arguments.isEmpty() || !"gate-server".equals(arguments.get(0)))) {
            throw new DeployException(
                    "--min and --max bound gate-server's autoscaling: scale gate-server COUNT --min N --max M");
        }
        if (resume) {
            if (!all || !arguments.isEmpty()) {
                throw new DeployException("--resume goes with --all and no count: scale --all --resume");
            }
            return Services.NAMES.stream()
                    .map(service -> gated(
                            service, settings.whole(EcsServicesResource.desiredCount(service)), null, null, settings))
                    .toList();
        }
        if (all) {
            if (arguments.size() != 1) {
                throw new DeployException("scale --all takes one COUNT (0 pauses the stack's tasks) or --resume");
            }
            int count = count(arguments.get(0), "COUNT");
            // --all 0 is the pause: gate-server's lower bound goes to 0 with it
            return Services.NAMES.stream()
                    .map(service -> gated(service, count, count == 0 ? 0 : null, null, settings))
                    .toList();
        }
        if (arguments.size() != 2) {
            throw new DeployException("scale takes a SERVICE and a COUNT, e.g. scale gate-server 2 (or --all)");
        }
        Services.check(arguments.get(0));
        return List.of(gated(arguments.get(0), count(arguments.get(1), "COUNT"), min, max, settings));
    }

    /** The change for a service; for gate-server with the bounds it will have, checked against the count. */
    private static TaskCounts.Change gated(
            String service, int count, Integer newMin, Integer newMax, StackSettings settings) {
        if (!"gate-server".equals(service)) {
            return new TaskCounts.Change(service, count, null, null);
        }
        int lower = newMin != null ? count(newMin.toString(), "--min") : settings.whole(ScalingResource.GATE_MIN_TASKS);
        int upper = newMax != null ? count(newMax.toString(), "--max") : settings.whole(ScalingResource.GATE_MAX_TASKS);
        if (lower > upper) {
            throw new DeployException(
                    "gate-server's bounds would be " + lower + ".." + upper + ": --min must not exceed --max");
        }
        if (count < lower || count > upper) {
            throw new DeployException("gate-server's count " + count + " is outside its autoscaling bounds " + lower
                    + ".." + upper + " ("
                    + (newMin == null && newMax == null
                            ? ScalingResource.GATE_MIN_TASKS + ".." + ScalingResource.GATE_MAX_TASKS
                            : "as given")
                    + "): change them too, e.g. scale gate-server " + count + " --min " + Math.min(lower, count)
                    + " --max " + Math.max(upper, Math.max(count, 1)));
        }
        return new TaskCounts.Change(service, count, lower, upper);
    }

    private static int count(String text, String what) {
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException ex) {
            throw new DeployException(
                    what + " must be a whole number of tasks, 0 to " + Services.MAX_TASKS + ": " + text);
        }
        if (value < 0 || value > Services.MAX_TASKS) {
            throw new DeployException(what + " must be 0 to " + Services.MAX_TASKS + " tasks: " + value);
        }
        return value;
    }
}
