package ecstest.deploy;

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

    @Parameters(arity = "0..2", paramLabel = "SERVICE", description = "gate-server and/or data-server")
    List<String> services = List.of();

    @Option(names = "--all", description = "Both services, data-server first.")
    boolean all;

    @Option(
            names = "--wait-until",
            paramLabel = "STAGE",
            converter = StageConverter.class,
            description = "Return once the deployment reaches this lifecycle stage (e.g. BAKE_TIME).")
    ServiceDeploymentLifecycleStage waitUntil;

    @Option(
            names = "--timeout",
            defaultValue = "PT15M",
            description = "How long to follow each deployment (default: 15 min).")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<String> chosen = Services.chosen(services, all, "watch");
        Map<String, String> values = options.values();
        try (AwsClients aws = options.clients(values)) {
            Rollout rollout = options.rollout(aws, spec.commandLine().getOut(), timeout);
            for (String service : chosen) {
                if (!rollout.watch(service, waitUntil)) {
                    return 1;
                }
            }
        }
        return 0;
    }
}
