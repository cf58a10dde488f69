package ecstest.deploy.cli;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.logs.LogTail;
import ecstest.deploy.settings.Services;
import ecstest.deploy.settings.StackSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.AbortedException;

@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = {
            "Prints a service's log events from CloudWatch Logs (/ecs/<stack>/<service>), oldest first.",
            "",
            "Each line: time (UTC), the task's log stream, the event as the service wrote it (JSON on ECS).",
            "--follow keeps printing new events every 2 s until Ctrl-C."
        })
public final class LogsCommand implements Callable<Integer> {

    private static final Pattern AGO = Pattern.compile("(\\d+)(s|m|h|d)");
    public static final Duration POLL = Duration.ofSeconds(2);

    @Mixin
    StackOptions options;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "gate-server or data-server")
    String service;

    @Option(
            names = "--since",
            defaultValue = "10m",
            paramLabel = "AGE|TIME",
            description =
                    "From this long ago (30s, 10m, 2h, 1d) or this instant (2026-11-25T08:00:00Z) (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--follow", description = "Keep printing new events until interrupted (Ctrl-C).")
    boolean follow;

    @Option(
            names = "--filter",
            paramLabel = "TEXT",
            description = "Only events containing this text (matched by CloudWatch Logs, case-sensitive).")
    String filter;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!Services.NAMES.contains(service)) {
            throw new DeployException("unknown service '" + service + "': one of " + String.join(", ", Services.NAMES));
        }
        Instant from = start(since, Instant.now());
        String group = "/ecs/" + options.stack + "/" + service;
        PrintWriter out = spec.commandLine().getOut();
        StackSettings settings = options.settings();
        try (AwsClients aws = options.clients(settings)) {
            LogTail tail = new LogTail(aws, group, filter, from);
            tail.printNew(out);
            while (follow && pause()) {
                try {
                    tail.printNew(out);
                } catch (AbortedException interrupted) {
                    break; // interrupted during a call: stop following, as during the pause
                }
            }
        }
        return 0;
    }

    private static boolean pause() {
        try {
            Thread.sleep(POLL);
            return true;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Instant start(String since, Instant now) {
        Matcher ago = AGO.matcher(since);
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            Duration unit = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                default -> Duration.ofDays(1);
            };
            return now.minus(unit.multipliedBy(amount));
        }
        try {
            return Instant.parse(since);
        } catch (DateTimeParseException ex) {
            throw new DeployException("--since " + since
                    + ": expected an age such as 30s, 10m, 2h, 1d or an instant such as 2026-11-25T08:00:00Z");
        }
    }
}
