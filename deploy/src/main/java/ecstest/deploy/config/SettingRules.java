package ecstest.deploy.config;

import ecstest.deploy.DeployException;
import ecstest.deploy.template.TemplateRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import software.amazon.awssdk.regions.Region;

/**
 * The stack's settings checked before any request, for every verb: a value AWS would refuse after the billed part
 * of the stack exists (an account ID that is not one, a stack name too long for the target group's), or one that
 * would put something unintended into a name, a path or DNS. One line names each problem.
 */
public final class SettingRules {

    /**
     * The stack's name ends up in the load balancer's and the target group's names ({@code <stack>-gate-server}):
     * at most 32 characters, letters, digits and hyphens, no hyphen at either end (Elastic Load Balancing), so at
     * most 20 for the stack.
     */
    static final int MAX_STACK_NAME = 32 - "-gate-server".length();

    /** gate-server's deployment strategies (deploymentConfiguration.strategy); data-server always rolls. */
    public static final List<String> STRATEGIES = List.of("ROLLING", "CANARY", "LINEAR", "BLUE_GREEN");

    private static final String DNS_LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";

    private SettingRules() {}

    /** The stack name from --stack: a name, never a path, short enough for every resource named after it. */
    public static void checkStackName(String stack) {
        if (stack == null
                || !stack.matches("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")
                || stack.length() > MAX_STACK_NAME
                || stack.toLowerCase(java.util.Locale.ROOT).startsWith("internal-")) {
            throw new DeployException("--stack " + stack + ": a stack name is 1 to " + MAX_STACK_NAME
                    + " letters, digits and inner hyphens (it names the load balancer and <stack>-gate-server,"
                    + " which AWS limits to 32), e.g. ecs-test or shop-dev");
        }
    }

    /**
     * Names given with --set or ECS_TEST_* that no template and no stack configuration uses: a typo would otherwise
     * be ignored without a word.
     */
    public static void checkNames(Collection<String> given, Set<String> known, String source) {
        for (String name : given) {
            if (!known.contains(name)) {
                String guess = nearest(name, known);
                throw new DeployException(source + " " + name + ": no template or stack setting has that name"
                        + (guess != null ? "; did you mean " + guess + "?" : ""));
            }
        }
    }

    /** Every problem of the resolved values, in one message; empty when there is none. */
    public static List<String> problems(Map<String, String> values) {
        List<String> problems = new ArrayList<>();
        String account = values.get("ACCOUNT_ID");
        if (account != null && !account.matches("\\d{12}")) {
            problems.add("ACCOUNT_ID='" + account + "' is not an AWS account ID (12 digits)");
        }
        String region = values.get("REGION");
        if (region != null && !Region.regions().contains(Region.of(region))) {
            problems.add("REGION=" + region + " is not an AWS region the SDK knows (e.g. ap-northeast-2, us-east-1)");
        } else if (region != null) {
            for (String az : List.of("AZ_A", "AZ_B")) {
                String value = values.get(az);
                if (value != null && !value.matches(java.util.regex.Pattern.quote(region) + "[a-z]")) {
                    problems.add(az + "=" + value + " is not an availability zone of " + region + " (" + region + "a, "
                            + region + "b, …)");
                }
            }
        }
        for (String port : List.of("GATE_PORT", "DATA_PORT")) {
            whole(problems, values, port, 1, 65_535, "a TCP port");
        }
        for (String count : List.of("GATE_DESIRED_COUNT", "DATA_DESIRED_COUNT", "GATE_MIN_TASKS")) {
            whole(problems, values, count, 0, Services.MAX_TASKS, "a number of tasks");
        }
        whole(problems, values, "GATE_MAX_TASKS", 1, Services.MAX_TASKS, "a number of tasks");
        whole(problems, values, "GATE_TARGET_CPU_PERCENT", 1, 100, "a CPU percentage");
        for (String threads : List.of("GATE_REQUEST_THREADS", "DATA_REQUEST_THREADS")) {
            whole(problems, values, threads, 1, 1_000, "a number of request threads");
        }
        whole(problems, values, "DNS_TTL_SECONDS", 0, 86_400, "a DNS TTL in seconds");
        whole(problems, values, "HEALTH_CHECK_START_PERIOD_SECONDS", 0, 300, "seconds (ECS allows 0 to 300)");
        whole(problems, values, "HEALTH_CHECK_GRACE_PERIOD_SECONDS", 0, 2_147_483_647, "seconds");
        whole(problems, values, "DEREGISTRATION_DELAY_SECONDS", 0, 3_600, "seconds (ELB allows 0 to 3600)");
        String slowStart = values.get("GATE_SLOW_START_SECONDS");
        if (slowStart != null && !slowStart.equals("0")) {
            whole(problems, values, "GATE_SLOW_START_SECONDS", 30, 900, "0 (off) or seconds (ELB allows 30 to 900)");
        }
        whole(problems, values, "ROLLOUT_ALARM_5XX_PER_MINUTE", 1, 1_000_000, "responses per minute");
        whole(problems, values, "ROLLOUT_ALARM_P99_SECONDS", 1, 60, "seconds (the load balancer waits 60 s)");
        whole(problems, values, "ROLLOUT_ALARM_UPSTREAM_ERRORS_PER_MINUTE", 1, 1_000_000, "errors per minute");
        String strategy = values.get("GATE_DEPLOYMENT_STRATEGY");
        if (strategy != null && !STRATEGIES.contains(strategy)) {
            problems.add("GATE_DEPLOYMENT_STRATEGY=" + strategy + " must be one of " + String.join(", ", STRATEGIES)
                    + " (as ECS spells them)");
        }
        whole(problems, values, "GATE_BAKE_MINUTES", 0, 1_440, "minutes (ECS allows 0 to 1440)");
        whole(problems, values, "GATE_CANARY_PERCENT", 1, 99, "a percentage of the traffic");
        whole(problems, values, "GATE_CANARY_BAKE_MINUTES", 0, 1_440, "minutes (ECS allows 0 to 1440)");
        whole(problems, values, "GATE_LINEAR_STEP_PERCENT", 3, 100, "a percentage of the traffic (ECS: 3 to 100)");
        whole(problems, values, "GATE_LINEAR_STEP_BAKE_MINUTES", 0, 1_440, "minutes (ECS allows 0 to 1440)");
        String architecture = values.get("CPU_ARCHITECTURE");
        if (architecture != null && !architecture.equals("ARM64") && !architecture.equals("X86_64")) {
            problems.add("CPU_ARCHITECTURE=" + architecture + " must be ARM64 or X86_64 (as ECS spells them)");
        }
        String namespace = values.get("NAMESPACE");
        if (namespace != null
                && (namespace.length() > 253 || !namespace.matches(DNS_LABEL + "(?:\\." + DNS_LABEL + ")*"))) {
            problems.add("NAMESPACE=" + namespace
                    + " is not a DNS name (lower-case labels of letters, digits and inner hyphens, joined by dots)");
        }
        return problems;
    }

    private static void whole(
            List<String> problems, Map<String, String> values, String name, long min, long max, String what) {
        String value = values.get(name);
        if (value == null) {
            return; // missing: the renderer lists it where a template needs it
        }
        if (!value.matches("\\d{1,10}") || Long.parseLong(value) < min || Long.parseLong(value) > max) {
            problems.add(name + "=" + value + " must be " + what + ", a whole number from " + min + " to " + max);
        }
    }

    /** The placeholders every template uses, and the names the stack's configuration files set. */
    public static Set<String> knownNames(Path home) {
        Set<String> known = new TreeSet<>(List.of("ACCOUNT_ID", "STACK"));
        for (Path dir : List.of(home.resolve("templates"), home.resolve("stacks"))) {
            if (Files.isDirectory(dir)) {
                collectNames(dir, known);
            }
        }
        return known;
    }

    private static void collectNames(Path dir, Set<String> known) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json")) {
                    Matcher matcher = TemplateRenderer.PLACEHOLDER.matcher(Files.readString(file));
                    while (matcher.find()) {
                        known.add(matcher.group(1));
                    }
                } else if (name.endsWith(".properties")) {
                    Files.readAllLines(file).stream()
                            .map(String::strip)
                            .filter(line -> !line.isEmpty() && !line.startsWith("#") && line.contains("="))
                            .map(line -> line.substring(0, line.indexOf('=')).strip())
                            .forEach(known::add);
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The known name nearest to {@code name} (at most two edits away), or null. */
    public static String nearest(String name, Set<String> known) {
        return known.stream()
                .filter(candidate -> distance(name, candidate) <= 2)
                .min(Comparator.comparingInt((String candidate) -> distance(name, candidate))
                        .thenComparing(Comparator.naturalOrder()))
                .orElse(null);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
