package ecstest.deploy.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentLifecycleStage;

@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {
            "Follows the deployment under way of a service, as `deploy` does, to its end.",
            "",
            "For a deployment started elsewhere, or after Ctrl-C or --wait-until in `deploy`. Exits 0 when",
            "it is SUCCESSFUL (or has reached --wait-until) or when none is under way, 1 when it rolls back."
        })
final class WatchCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Mixin
    ServiceSelection selection;

    @Option(
            names = "--wait-until",
            paramLabel = "STAGE",
            converter = StageConverter.class,
            description = "Return once the deployment reaches this lifecycle stage (e.g. BAKE_TIME).")
    ServiceDeploymentLifecycleStage waitUntil;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return selection.run(options, spec, "watch", (rollout, service) -> rollout.watch(service, waitUntil));
    }
}
