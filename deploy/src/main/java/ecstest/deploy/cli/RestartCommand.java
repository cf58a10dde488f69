package ecstest.deploy.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "restart",
        mixinStandardHelpOptions = true,
        description = {
            "Replaces a service's tasks with new ones of the same revision, and waits for that deployment.",
            "",
            "What `aws ecs update-service --force-new-deployment` does, followed as `deploy` follows a",
            "rollout: new tasks read their Parameter Store settings (`config set`) again. Exits non-zero",
            "when the deployment fails, rolls back or does not finish in time. --dry-run prints the call."
        })
final class RestartCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Mixin
    ServiceSelection selection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return selection.run(options, spec, "restart", (rollout, service) -> rollout.restart(service, options.dryRun));
    }
}
