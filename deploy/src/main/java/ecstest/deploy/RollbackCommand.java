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

    @Parameters(arity = "0..2", paramLabel = "SERVICE", description = "gate-server and/or data-server")
    List<String> services = List.of();

    @Option(names = "--all", description = "Both services, data-server first.")
    boolean all;

    @Option(
            names = "--timeout",
            defaultValue = "PT15M",
            description = "How long to wait for each rollback (default: 15 min).")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<String> chosen = Services.chosen(services, all, "rollback");
        Map<String, String> values = options.values();
        try (AwsClients aws = options.clients(values)) {
            Rollout rollout = options.rollout(aws, spec.commandLine().getOut(), timeout);
            for (String service : chosen) {
                if (!rollout.rollback(service, options.dryRun)) {
                    return 1;
                }
            }
        }
        return 0;
    }
}
