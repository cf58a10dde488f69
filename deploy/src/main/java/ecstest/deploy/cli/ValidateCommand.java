package ecstest.deploy.cli;

import ecstest.deploy.stack.RenderedStep;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Checks the configuration and every template, without calling AWS.",
            "",
            "Missing values, unknown fields and wrong types (against the AWS SDK's request shapes),",
            "Fargate sizes, CIDR blocks, ports and names that must agree across templates."
        })
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<RenderedStep> steps = options.plan(options.settings()).check();
        long waiting =
                steps.stream().filter(step -> !step.waitingFor().isEmpty()).count();
        spec.commandLine()
                .getOut()
                .printf(
                        "ok: stack %s, %d API calls, every template valid (%d take resource IDs from earlier calls)%n",
                        options.stack, steps.size(), waiting);
        return 0;
    }
}
