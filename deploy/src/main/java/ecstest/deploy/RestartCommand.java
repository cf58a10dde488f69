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

    @Parameters(arity = "0..2", paramLabel = "SERVICE", description = "gate-server and/or data-server")
    List<String> services = List.of();

    @Option(names = "--all", description = "Both services, data-server first.")
    boolean all;

    @Option(
            names = "--timeout",
            defaultValue = "PT15M",
            description = "How long to wait for each deployment (default: 15 min).")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<String> chosen = Services.chosen(services, all, "restart");
        Map<String, String> values = options.values();
        try (AwsClients aws = options.clients(values)) {
            Rollout rollout = options.rollout(aws, spec.commandLine().getOut(), timeout);
            for (String service : chosen) {
                if (!rollout.restart(service, options.dryRun)) {
                    return 1;
                }
            }
        }
        return 0;
    }
}
