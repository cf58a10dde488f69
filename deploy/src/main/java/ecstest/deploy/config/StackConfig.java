package ecstest.deploy.config;

import ecstest.deploy.DeployException;
import ecstest.deploy.template.TemplateRenderer;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;

/**
 * A stack's configuration values: {@code stacks/<stack>.properties}, then environment variables
 * {@code ECS_TEST_<NAME>}, then {@code --set NAME=VALUE}, each winning over the one before. Values may
 * refer to other values ({@code AZ_A=${REGION}a}).
 */
public final class StackConfig {

    public static final String ENV_PREFIX = "ECS_TEST_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> values;

    private StackConfig(Map<String, String> values) {
        this.values = values;
    }

    public static StackConfig load(
            Path stacksDir, String stack, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> raw = new LinkedHashMap<>();
        Path file = stacksDir.resolve(stack + ".properties");
        if (Files.isRegularFile(file)) {
            raw.putAll(read(file));
        } else if (!"ecs-test".equals(stack)) {
            throw new DeployException("no configuration for stack '" + stack + "': expected " + file
                    + " (copy stacks/ecs-test.properties to start one)");
        }
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)) {
                raw.put(name.substring(ENV_PREFIX.length()), value);
            }
        });
        raw.putAll(overrides);
        raw.put("STACK", stack);
        // idempotency tokens (EC2's ClientToken, ECS's clientToken, Cloud Map's CreatorRequestId) unique to this run:
        // every attempt of one creation sends the same token, and a later `up` after `down` does not send one AWS has
        // seen
        byte[] token = new byte[4];
        RANDOM.nextBytes(token);
        raw.putIfAbsent("RUN_ID", HexFormat.of().formatHex(token));
        return new StackConfig(raw);
    }

    /** Every value with its references resolved; names that cannot be resolved are left out. */
    public Map<String, String> resolved() {
        Map<String, String> resolved = new LinkedHashMap<>();
        values.keySet().forEach(name -> resolve(name, resolved, new TreeSet<>()));
        return resolved;
    }

    private String resolve(String name, Map<String, String> resolved, TreeSet<String> visiting) {
        if (resolved.containsKey(name)) {
            return resolved.get(name);
        }
        String value = values.get(name);
        if (value == null || !visiting.add(name)) {
            return null; // unknown, or a cycle: reported as missing where it is used
        }
        StringBuilder out = new StringBuilder();
        Matcher matcher = TemplateRenderer.PLACEHOLDER.matcher(value);
        while (matcher.find()) {
            String inner = resolve(matcher.group(1), resolved, visiting);
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
        properties
                .stringPropertyNames()
                .forEach(name -> map.put(name, properties.getProperty(name).trim()));
        return map;
    }
}
