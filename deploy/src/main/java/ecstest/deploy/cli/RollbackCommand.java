package ecstest.deploy.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = {
            "Rolls back a service's deployment under way and waits until the service is back.",
            "",
            "ECS's own rollback (`aws ecs stop-service-deployment --stop-type ROLLBACK`): traffic returns to",
            "the previous revision and the new tasks stop. Exits 0 once ROLLBACK_SUCCESSFUL; with no",
            "deployment under way it changes nothing and says how to deploy earlier images instead."
        })
final class RollbackCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Mixin
    ServiceSelection selection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return selection.run(
                options, spec, "rollback", (rollout, service) -> rollout.rollback(service, options.dryRun));
    }
}
