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
            "For a deployment started elsewhere, or after Ctrl-C or --wait-until in `deploy`. With none under",
            "way, it says how the newest one ended. Exits 0 when that deployment is SUCCESSFUL (or has reached",
            "--wait-until), 1 when it rolled back or stopped, naming the alarm or reason: a pipeline step after",
            "`deploy --wait-until` fails if an alarm rolled the deployment back meanwhile. To see what runs",
            "without a verdict: `ecs-test status`."
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
