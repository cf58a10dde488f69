package ecstest.deploy.cli;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.stack.StackContext;
import ecstest.deploy.stack.StackTeardown;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = {
            "Deletes the whole stack, in the order AWS's dependencies demand, and audits for leftovers.",
            "",
            "Works on any partial stack and can be run again. Waits for what AWS deletes asynchronously",
            "(services and their tasks, the load balancer, the NAT gateway, Cloud Map), then lists every",
            "resource of the stack still there and exits non-zero if there is one."
        })
final class DownCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Option(names = "--yes", description = "Really delete (without it, down only says what it would delete).")
    boolean yes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StackSettings settings = options.settings();
        var out = spec.commandLine().getOut();
        try (AwsClients aws = options.clients(settings)) {
            if (!yes || options.dryRun) {
                List<String> existing =
                        new StackTeardown(aws, settings, out, StackContext.Timeouts.standard()).leftovers();
                out.printf(
                        "down would delete %d resources of stack %s%s%n",
                        existing.size(), options.stack, existing.isEmpty() ? "" : ":");
                existing.forEach(resource -> out.println("  " + resource));
                out.println("nothing deleted: run `ecs-test down --yes` to delete them");
                return 0;
            }
            List<String> left = new StackTeardown(aws, settings, out, StackContext.Timeouts.standard()).down();
            if (!left.isEmpty()) {
                spec.commandLine()
                        .getErr()
                        .printf("leak audit: %d resources of stack %s are still there:%n", left.size(), options.stack);
                left.forEach(resource -> spec.commandLine().getErr().println("  " + resource));
                spec.commandLine().getErr().println("run `ecs-test down --yes` again, or delete them by hand");
                return 1;
            }
            out.printf("stack %s is gone; the leak audit found nothing%n", options.stack);
            return 0;
        }
    }
}
