package ecstest.deploy.cli;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.config.SettingRules;
import ecstest.deploy.config.StackConfig;
import ecstest.deploy.rollout.Rollout;
import ecstest.deploy.stack.StackContext;
import ecstest.deploy.stack.StackPlan;
import ecstest.deploy.stack.StackRenderer;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** The options every verb shares. */
public final class StackOptions {

    @Option(
            names = "--stack",
            defaultValue = "ecs-test",
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
            description = "Set a template value, over the stack's configuration (repeatable).")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(
            names = "--nat-per-az",
            description =
                    "A NAT gateway in each AZ (AZ-independent egress; two NAT gateways bill by the hour), not one for both.")
    boolean natPerAz;

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

    /** Configuration values with the command line's overrides applied. */
    public Map<String, String> values() {
        return values(System.getenv());
    }

    /** With the environment given (the ECS_TEST_* variables): every name and value checked, before any request. */
    public Map<String, String> values(Map<String, String> environment) {
        SettingRules.checkStackName(stack);
        Set<String> known = SettingRules.knownNames(home());
        SettingRules.checkNames(set.keySet(), known, "--set");
        SettingRules.checkNames(
                environment.keySet().stream()
                        .filter(name -> name.startsWith(StackConfig.ENV_PREFIX))
                        .map(name -> name.substring(StackConfig.ENV_PREFIX.length()))
                        .toList(),
                known,
                "environment variable " + StackConfig.ENV_PREFIX + "…:");
        Map<String, String> overrides = new LinkedHashMap<>(set);
        if (region != null) {
            overrides.put("REGION", region);
        }
        if (natPerAz) {
            overrides.put("NAT_PER_AZ", "true");
        }
        Map<String, String> values = StackConfig.load(home().resolve("stacks"), stack, environment, overrides)
                .resolved();
        List<String> problems = SettingRules.problems(values);
        if (!problems.isEmpty()) {
            throw new DeployException(String.join("; ", problems));
        }
        return values;
    }

    /** {@link #values()} plus the IDs of the stack's resources that exist in the account now. */
    Map<String, String> valuesWithDiscoveredIds() {
        Map<String, String> values = new LinkedHashMap<>(values());
        StackRenderer renderer = renderer();
        renderer.render(values); // a bad template or value stops here, before any AWS call
        try (AwsClients aws = clients(values)) {
            StackPlan.discover(new StackContext(aws, stack), values).forEach(values::putIfAbsent);
        }
        return values;
    }

    AwsClients clients(Map<String, String> values) {
        String awsRegion = values.get("REGION");
        if (awsRegion == null) {
            throw new DeployException("no region: set REGION in stacks/" + stack + ".properties or pass --region");
        }
        return new AwsClients(awsRegion, profile, endpointUrl);
    }

    /** deploy's, restart's and scale's rollout follower for this stack, polling every 5 s. */
    Rollout rollout(AwsClients aws, PrintWriter out, Duration timeout) {
        return new Rollout(aws, renderer(), stack, out, timeout, Duration.ofSeconds(5));
    }

    StackRenderer renderer() {
        Path templates = home().resolve("templates");
        if (!Files.isDirectory(templates)) {
            throw new DeployException("no templates at " + templates.toAbsolutePath()
                    + ": run from the repository root or pass --home <repo>/deploy");
        }
        return new StackRenderer(templates);
    }
}
