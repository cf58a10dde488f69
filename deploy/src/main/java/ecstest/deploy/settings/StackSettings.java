package ecstest.deploy.settings;

import ecstest.deploy.DeployException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stack's settings for one run: each declared setting's default, then {@code stacks/<stack>.properties}, then
 * {@code ECS_TEST_<NAME>} environment variables, then {@code --set NAME=VALUE}, each winning over the one before. A
 * value may refer to another ({@code AZ_A=${REGION}a}). A name no setting has stops the run, with the nearest one.
 */
public final class StackSettings {

    public static final String ENV_PREFIX = "ECS_TEST_";

    /** The stack this is a copy of, whose settings file may be left out. */
    public static final String DEFAULT_STACK = "ecs-test";

    /**
     * The stack's name ends up in the load balancer's and the target group's names ({@code <stack>-gate-server}):
     * at most 32 characters, letters, digits and hyphens, no hyphen at either end (Elastic Load Balancing), so at
     * most 20 for the stack.
     */
    static final int MAX_STACK_NAME = 32 - "-gate-server".length();

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where a value came from, for `ecs-test settings`. */
    public enum Source {
        DEFAULT("default"),
        FILE("stacks/<stack>.properties"),
        ENVIRONMENT(ENV_PREFIX + "<NAME>"),
        COMMAND_LINE("--set");

        private final String says;

        Source(String says) {
            this.says = says;
        }

        /** Where this setting of this stack came from: {@code stacks/staging.properties}, {@code ECS_TEST_GATE_CPU}. */
        public String says(String stack, Setting setting) {
            return says.replace("<stack>", stack).replace("<NAME>", setting.name());
        }
    }

    private final SettingsRegistry registry;
    private final String stack;
    private final String runId;
    private final Map<String, String> values;
    private final Map<String, Source> sources;

    private StackSettings(
            SettingsRegistry registry,
            String stack,
            String runId,
            Map<String, String> values,
            Map<String, Source> sources) {
        this.registry = registry;
        this.stack = stack;
        this.runId = runId;
        this.values = values;
        this.sources = sources;
    }

    /**
     * @param environment the process's environment: its {@code ECS_TEST_*} variables are read
     * @param commandLine {@code --set} values and the options that stand for a setting ({@code --region})
     */
    public static StackSettings load(
            SettingsRegistry registry,
            Path stacksDir,
            String stack,
            Map<String, String> environment,
            Map<String, String> commandLine) {
        checkStackName(stack);
        Map<String, String> raw = new LinkedHashMap<>();
        Map<String, Source> sources = new LinkedHashMap<>();
        registry.all().stream()
                .filter(setting -> setting.defaultValue() != null)
                .forEach(setting -> put(raw, sources, setting.name(), setting.defaultValue(), Source.DEFAULT));
        Path file = stacksDir.resolve(stack + ".properties");
        if (Files.isRegularFile(file)) {
            read(file).forEach((name, value) -> {
                known(registry, name, file.getFileName().toString() + ":");
                put(raw, sources, name, value, Source.FILE);
            });
        } else if (!DEFAULT_STACK.equals(stack)) {
            throw new DeployException("no configuration for stack '" + stack + "': expected " + file + " (copy stacks/"
                    + DEFAULT_STACK + ".properties to start one)");
        }
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)) {
                String setting = name.substring(ENV_PREFIX.length());
                known(registry, setting, "environment variable " + ENV_PREFIX + "…:");
                put(raw, sources, setting, value, Source.ENVIRONMENT);
            }
        });
        commandLine.forEach((name, value) -> {
            known(registry, name, "--set");
            put(raw, sources, name, value, Source.COMMAND_LINE);
        });
        raw.put("STACK", stack);
        // idempotency tokens (EC2's ClientToken, ECS's clientToken, Cloud Map's CreatorRequestId) unique to this run:
        // every attempt of one creation sends the same token, and a later `up` after `down` does not send one AWS
        // has seen
        byte[] token = new byte[4];
        RANDOM.nextBytes(token);
        String runId = HexFormat.of().formatHex(token);
        raw.put("RUN_ID", runId);
        return new StackSettings(registry, stack, runId, resolve(raw), sources);
    }

    private static void put(
            Map<String, String> raw, Map<String, Source> sources, String name, String value, Source source) {
        raw.put(name, value.strip());
        sources.put(name, source);
    }

    /** The stack name from --stack: a name, never a path, short enough for every resource named after it. */
    public static void checkStackName(String stack) {
        if (stack == null
                || !stack.matches("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")
                || stack.length() > MAX_STACK_NAME
                || stack.toLowerCase(Locale.ROOT).startsWith("internal-")) {
            throw new DeployException("--stack " + stack + ": a stack name is 1 to " + MAX_STACK_NAME
                    + " letters, digits and inner hyphens (it names the load balancer and <stack>-gate-server,"
                    + " which AWS limits to 32), e.g. ecs-test or shop-dev");
        }
    }

    /** A typo would otherwise be ignored without a word. */
    private static void known(SettingsRegistry registry, String name, String source) {
        if (registry.find(name).isEmpty()) {
            String guess = registry.nearest(name);
            throw new DeployException(source + " " + name + ": no stack setting has that name"
                    + (guess != null ? "; did you mean " + guess + "?" : "")
                    + " (`ecs-test settings` lists them)");
        }
    }

    public String stack() {
        return stack;
    }

    /** The run's own part of the idempotency tokens it sends. */
    public String runId() {
        return runId;
    }

    public SettingsRegistry registry() {
        return registry;
    }

    /** The value, with its references resolved; null when it has none (no default, not set). */
    public String get(Setting setting) {
        return values.get(setting.name());
    }

    /** The value of a setting whose type is a whole number, once {@link #problems()} found none. */
    public int whole(Setting setting) {
        return Integer.parseInt(require(setting));
    }

    public boolean flag(Setting setting) {
        return Boolean.parseBoolean(require(setting));
    }

    /** The value; a setting without one stops the run, naming where to set it. */
    public String require(Setting setting) {
        String value = get(setting);
        if (value == null) {
            throw new DeployException(setting.name() + " is not set: set it in stacks/" + stack + ".properties, as "
                    + ENV_PREFIX + setting.name() + " or with --set " + setting.name() + "=…");
        }
        return value;
    }

    public Source source(Setting setting) {
        return sources.getOrDefault(setting.name(), Source.DEFAULT);
    }

    /** These settings with one value changed (deploy's pinned images, a test's variant): the same run. */
    public StackSettings with(Setting setting, String value) {
        Map<String, String> changed = new LinkedHashMap<>(values);
        changed.put(setting.name(), value);
        Map<String, Source> changedSources = new LinkedHashMap<>(sources);
        changedSources.put(setting.name(), Source.COMMAND_LINE);
        return new StackSettings(registry, stack, runId, changed, changedSources);
    }

    /** Each value that is not one its setting takes, one line each: {@code GATE_PORT=70000 must be a TCP port, …}. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Setting setting : registry.all()) {
            String value = get(setting);
            String problem = value == null ? null : setting.type().problem(setting.name(), value);
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems;
    }

    /** Every value by its placeholder's name, with {@code STACK} and {@code RUN_ID}: what the templates fill in. */
    public Map<String, String> placeholders() {
        return Map.copyOf(values);
    }

    /** The placeholders that render as JSON numbers when a template's string is exactly one of them. */
    public Set<String> numbers() {
        Set<String> numbers = new TreeSet<>();
        registry.all().stream()
                .filter(setting -> setting.type().number())
                .forEach(setting -> numbers.add(setting.name()));
        return numbers;
    }

    /** Every value with its references resolved; names that cannot be resolved are left out. */
    private static Map<String, String> resolve(Map<String, String> raw) {
        Map<String, String> resolved = new LinkedHashMap<>();
        raw.keySet().forEach(name -> resolve(name, raw, resolved, new TreeSet<>()));
        return resolved;
    }

    private static String resolve(
            String name, Map<String, String> raw, Map<String, String> resolved, Set<String> visiting) {
        if (resolved.containsKey(name)) {
            return resolved.get(name);
        }
        String value = raw.get(name);
        if (value == null || !visiting.add(name)) {
            return null; // unknown, or a cycle: reported as missing where it is used
        }
        StringBuilder out = new StringBuilder();
        Matcher matcher = REFERENCE.matcher(value);
        while (matcher.find()) {
            String inner = resolve(matcher.group(1), raw, resolved, visiting);
            if (inner == null) {
                visiting.remove(name);
                return null;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(inner));
        }
        matcher.appendTail(out);
        visiting.remove(name);
        resolved.put(name, out.toString());
        return out.toString();
    }

    private static Map<String, String> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException ex) {
            throw new DeployException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }
}
