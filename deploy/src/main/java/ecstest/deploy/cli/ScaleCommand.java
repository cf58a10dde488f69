package ecstest.deploy.cli;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.aws.Wait;
import ecstest.deploy.rollout.Rollout;
import ecstest.deploy.scaling.ScaleRequest;
import ecstest.deploy.scaling.TaskCounts;
import ecstest.deploy.settings.StackSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
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
            "  scale --all 0          pause (the network's gateways and the load balancer still bill)",
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
        StackSettings settings = options.settings();
        List<TaskCounts.Change> changes =
                new ScaleRequest(arguments, all, resume, min, max).changes(settings); // before the first request
        PrintWriter out = spec.commandLine().getOut();
        if (options.dryRun) {
            changes.forEach(change -> TaskCounts.commands(options.stack, change)
                    .forEach(command -> out.println("would run: " + command)));
            out.println(TaskCounts.cost(changes, settings));
            return 0;
        }
        try (AwsClients aws = options.clients(settings)) {
            Rollout services = options.rollout(aws, settings, out, timeout);
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
        out.println(TaskCounts.cost(changes, settings));
        return 0;
    }
}
