package ecstest.deploy.cli;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.aws.Wait;
import ecstest.deploy.config.Services;
import ecstest.deploy.ops.TaskCounts;
import ecstest.deploy.rollout.Rollout;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "scale",
        mixinStandardHelpOptions = true,
        description = {
            "Sets how many tasks a service runs, and waits until that many run.",
            "",
            "  scale gate-server 3 [--min 1] [--max 6]   within gate's autoscaling bounds",
            "  scale data-server 2",
            "  scale --all 0          pause (the NAT gateway and the ALB still bill)",
            "  scale --all --resume   back to the stack's configured counts and bounds",
            "",
            "gate-server's count must lie within its autoscaling bounds: the stack's",
            "GATE_MIN_TASKS..GATE_MAX_TASKS, or --min/--max given with it. At 0 its",
            "dynamic scaling is suspended (it would start tasks again); any other count",
            "resumes it. `up` reports a count set here and leaves it. Prints what the",
            "tasks cost per hour."
        })
final class ScaleCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Parameters(arity = "0..2", paramLabel = "[SERVICE] COUNT", description = "a service and its task count")
    List<String> arguments = List.of();

    @Option(names = "--all", description = "Both services (with COUNT, or --resume).")
    boolean all;

    @Option(names = "--resume", description = "With --all: the counts and bounds of the stack's properties.")
    boolean resume;

    @Option(names = "--min", description = "gate-server's new lower bound for autoscaling.")
    Integer min;

    @Option(names = "--max", description = "gate-server's new upper bound for autoscaling.")
    Integer max;

    @Option(
            names = "--timeout",
            defaultValue = "PT15M",
            description = "How long to wait for the running count (default: 15 min).")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, String> values = options.values();
        List<TaskCounts.Change> changes = changes(values); // every check before the first request
        PrintWriter out = spec.commandLine().getOut();
        if (options.dryRun) {
            changes.forEach(change -> TaskCounts.commands(options.stack, change)
                    .forEach(command -> out.println("would run: " + command)));
            out.println(TaskCounts.cost(changes, values));
            return 0;
        }
        try (AwsClients aws = options.clients(values)) {
            Rollout services = options.rollout(aws, out, timeout);
            changes.forEach(change -> services.existing(change.service())); // all there, before changing one
            TaskCounts counts = new TaskCounts(aws, options.stack);
            for (TaskCounts.Change change : changes) {
                counts.apply(change);
                out.printf("  %s: desired count %d%s%n", change.service(), change.count(), change.bounds());
            }
            Wait wait = new Wait(out, Duration.ofSeconds(5));
            for (TaskCounts.Change change : changes) {
                wait.until(
                        "service " + change.service(),
                        timeout,
                        () -> TaskCounts.running(services.existing(change.service())),
                        state -> state.equals(change.count() + "/" + change.count() + " running"),
                        state -> false);
            }
        }
        out.println(TaskCounts.cost(changes, values));
        return 0;
    }

    List<TaskCounts.Change> changes(Map<String, String> values) {
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
                            service,
                            count(
                                    values.get(Services.desiredCountSetting(service)),
                                    Services.desiredCountSetting(service)),
                            null,
                            null,
                            values))
                    .toList();
        }
        if (all) {
            if (arguments.size() != 1) {
                throw new DeployException("scale --all takes one COUNT (0 pauses the stack's tasks) or --resume");
            }
            int count = count(arguments.get(0), "COUNT");
            // --all 0 is the pause: gate-server's lower bound goes to 0 with it
            return Services.NAMES.stream()
                    .map(service -> gated(service, count, count == 0 ? 0 : null, null, values))
                    .toList();
        }
        if (arguments.size() != 2) {
            throw new DeployException("scale takes a SERVICE and a COUNT, e.g. scale gate-server 2 (or --all)");
        }
        Services.check(arguments.get(0));
        return List.of(gated(arguments.get(0), count(arguments.get(1), "COUNT"), min, max, values));
    }

    /** The change for a service; for gate-server with the bounds it will have, checked against the count. */
    private static TaskCounts.Change gated(
            String service, int count, Integer newMin, Integer newMax, Map<String, String> values) {
        if (!"gate-server".equals(service)) {
            return new TaskCounts.Change(service, count, null, null);
        }
        int lower = newMin != null ? bound(newMin, "--min") : count(values.get("GATE_MIN_TASKS"), "GATE_MIN_TASKS");
        int upper = newMax != null ? bound(newMax, "--max") : count(values.get("GATE_MAX_TASKS"), "GATE_MAX_TASKS");
        if (lower > upper) {
            throw new DeployException(
                    "gate-server's bounds would be " + lower + ".." + upper + ": --min must not exceed --max");
        }
        if (count < lower || count > upper) {
            throw new DeployException("gate-server's count " + count + " is outside its autoscaling bounds " + lower
                    + ".."
                    + upper + " (" + (newMin == null && newMax == null ? "GATE_MIN_TASKS..GATE_MAX_TASKS" : "as given")
                    + "): change them too, e.g. scale gate-server " + count + " --min " + Math.min(lower, count)
                    + " --max " + Math.max(upper, Math.max(count, 1)));
        }
        return new TaskCounts.Change(service, count, lower, upper);
    }

    private static int count(String text, String what) {
        int value;
        try {
            value = Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException ex) {
            throw new DeployException(
                    what + " must be a whole number of tasks, 0 to " + Services.MAX_TASKS + ": " + text);
        }
        if (value < 0 || value > Services.MAX_TASKS) {
            throw new DeployException(what + " must be 0 to " + Services.MAX_TASKS + " tasks: " + value);
        }
        return value;
    }

    private static int bound(int value, String what) {
        return count(Integer.toString(value), what);
    }
}
