package ecstest.deploy.cli;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.rollout.Rollout;
import ecstest.deploy.settings.Services;
import ecstest.deploy.settings.StackSettings;
import java.time.Duration;
import java.util.List;
import java.util.function.BiPredicate;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code SERVICE... | --all} and {@code --timeout}: what {@code restart}, {@code watch} and {@code rollback} take,
 * and the loop they share: each chosen service in turn, data-server first, stopping at the first that fails.
 */
final class ServiceSelection {

    @Parameters(arity = "0..2", paramLabel = "SERVICE", description = "gate-server and/or data-server")
    List<String> services = List.of();

    @Option(names = "--all", description = "Both services, data-server first.")
    boolean all;

    @Option(
            names = "--timeout",
            defaultValue = "PT15M",
            description = "How long to wait for each service's deployment (default: 15 min).")
    Duration timeout;

    /** @return the exit code: 0 when {@code action} succeeded for every chosen service */
    int run(StackOptions options, CommandSpec spec, String verb, BiPredicate<Rollout, String> action) {
        List<String> chosen = Services.chosen(services, all, verb);
        StackSettings settings = options.settings();
        try (AwsClients aws = options.clients(settings)) {
            Rollout rollout = options.rollout(aws, settings, spec.commandLine().getOut(), timeout);
            for (String service : chosen) {
                if (!action.test(rollout, service)) {
                    return 1;
                }
            }
        }
        return 0;
    }
}
