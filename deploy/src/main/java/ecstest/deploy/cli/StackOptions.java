package ecstest.deploy.cli;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.rollout.Rollout;
import ecstest.deploy.settings.Location;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.stack.Plan;
import ecstest.deploy.stack.StackContext;
import ecstest.deploy.stack.StackPlan;
import ecstest.deploy.stack.StackState;
import ecstest.deploy.template.Templates;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every verb shares, and the stack's settings, plan and clients they make. */
public final class StackOptions {

    @Option(
            names = "--stack",
            defaultValue = StackSettings.DEFAULT_STACK,
            description =
                    "Stack name: tags every resource, names the config file stacks/<stack>.properties (default: ${DEFAULT-VALUE}).")
    public String stack;

    @Option(names = "--region", description = "AWS region (default: REGION from the stack's configuration).")
    String region;

    @Option(names = "--profile", description = "AWS profile for credentials (default: the SDK's default chain).")
    String profile;

    @Option(
            names = "--endpoint-url",
            description = "Send AWS calls here instead of AWS, e.g. an AWS API emulator: http://127.0.0.1:5000")
    URI endpointUrl;

    @Option(names = "--dry-run", description = "Show what would change; change nothing.")
    boolean dryRun;

    @Option(
            names = "--set",
            paramLabel = "NAME=VALUE",
            description =
                    "Set a stack setting, over the stack's configuration (repeatable; `ecs-test settings` lists them).")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(
            names = "--home",
            paramLabel = "DIR",
            description = "The folder holding templates/ and stacks/ (default: deploy/ of this checkout).")
    public Path home;

    Path home() {
        if (home != null) {
            return home;
        }
        String fromLauncher = System.getProperty("ecs-test.home");
        if (fromLauncher != null) {
            return Path.of(fromLauncher);
        }
        return Files.isDirectory(Path.of("deploy", "templates")) ? Path.of("deploy") : Path.of(".");
    }

    /** The stack's settings, with the command line's over its file and the environment's: checked, before any request. */
    public StackSettings settings() {
        return settings(System.getenv());
    }

    /** With the environment given (the ECS_TEST_* variables): every name and value checked, before any request. */
    public StackSettings settings(Map<String, String> environment) {
        Map<String, String> commandLine = new LinkedHashMap<>(set);
        if (region != null) {
            commandLine.put(Location.REGION.name(), region);
        }
        StackSettings settings =
                StackSettings.load(StackPlan.SETTINGS, home().resolve("stacks"), stack, environment, commandLine);
        List<String> problems = StackPlan.problems(settings);
        if (!problems.isEmpty()) {
            throw new DeployException(String.join("; ", problems));
        }
        return settings;
    }

    Templates templates() {
        return new Templates(home().resolve("templates"));
    }

    /**
     * The stack's calls for these settings, built once and checked ({@link Plan#check()}): a bad template or value stops
     * the verb here, before any request.
     */
    Plan plan(StackSettings settings) {
        Plan plan = Plan.of(settings, templates());
        plan.check();
        return plan;
    }

    /** What of the stack exists in the account now (read-only). */
    StackState discovered(Plan plan) {
        try (AwsClients aws = clients(plan.settings())) {
            return StackPlan.discover(new StackContext(aws, stack), plan.settings());
        }
    }

    AwsClients clients(StackSettings settings) {
        return new AwsClients(settings.require(Location.REGION), profile, endpointUrl);
    }

    /** deploy's, restart's and scale's rollout follower for this stack, polling every 5 s. */
    Rollout rollout(AwsClients aws, StackSettings settings, PrintWriter out, Duration timeout) {
        return new Rollout(aws, settings, templates(), out, timeout, Duration.ofSeconds(5));
    }
}
