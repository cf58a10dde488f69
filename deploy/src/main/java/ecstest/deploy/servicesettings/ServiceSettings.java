package ecstest.deploy.servicesettings;

import ecstest.deploy.DeployException;
import ecstest.deploy.settings.Services;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The settings gate-server reads from Parameter Store at start, under {@code /<stack>/gate-server/<name>}
 * (its task definition imports {@code optional:aws-parameterstore:/<stack>/gate-server/}); the names are
 * its own property names, so a parameter overrides the value in its application.yml.
 */
public final class ServiceSettings {

    /** The services that read settings from Parameter Store (data-server has one setting and makes no AWS calls). */
    public static final List<String> SERVICES = List.of("gate-server");

    public enum Kind {
        URL("an http:// or https:// URL with a host"),
        DURATION("a duration such as 500ms, 2s, 1m or PT2S"),
        COUNT("a whole number from 1 to 10000"),
        SIZE("a size from 1B to 1MB such as 64KB");

        public final String expected;

        Kind(String expected) {
            this.expected = expected;
        }
    }

    /** One setting: the service that reads it, its property name, what values it takes. */
    public record Setting(String service, String name, Kind kind, String description) {}

    public static final List<Setting> ALL = List.of(
            new Setting("gate-server", "data-server.url", Kind.URL, "data-server's base URL"),
            new Setting(
                    "gate-server",
                    "data-server.connect-timeout",
                    Kind.DURATION,
                    "how long to wait for a connection to data-server"),
            new Setting(
                    "gate-server",
                    "data-server.read-timeout",
                    Kind.DURATION,
                    "how long to wait for data-server's answer (then 504)"),
            new Setting("gate-server", "data-server.max-connections", Kind.COUNT, "pooled connections to data-server"),
            new Setting(
                    "gate-server",
                    "data-server.connection-time-to-live",
                    Kind.DURATION,
                    "how long a pooled connection is reused"),
            new Setting(
                    "gate-server",
                    "data-server.max-answer-size",
                    Kind.SIZE,
                    "the largest answer gate relays (larger: 502)"));

    /** Boot's simple duration format: a number and an optional unit (milliseconds when none). */
    private static final Pattern SIMPLE_DURATION = Pattern.compile("\\d+(ns|us|ms|s|m|h|d)?");

    /** Boot's data size format: a number and an optional unit (bytes when none); gate-server takes 1B to 1MB. */
    private static final Pattern SIZE = Pattern.compile("(\\d{1,7})(B|KB|MB)?");

    private ServiceSettings() {}

    public static String path(String stack, String service) {
        return "/" + stack + "/" + service + "/";
    }

    public static String parameterName(String stack, String service, String name) {
        return path(stack, service) + name;
    }

    public static void checkService(String service) {
        if (!SERVICES.contains(service)) {
            throw new DeployException((Services.NAMES.contains(service)
                            ? service + " takes no settings from Parameter Store"
                            : "unknown service '" + service + "'")
                    + ": settings are for " + String.join(", ", SERVICES));
        }
    }

    /** The setting, or an error naming the settings the service has. */
    public static Setting setting(String service, String name) {
        checkService(service);
        return find(service, name)
                .orElseThrow(() -> new DeployException("%s has no setting '%s'; its settings: %s"
                        .formatted(
                                service,
                                name,
                                ALL.stream()
                                        .filter(s -> s.service().equals(service))
                                        .map(Setting::name)
                                        .collect(Collectors.joining(", ")))));
    }

    public static Optional<Setting> find(String service, String name) {
        return ALL.stream()
                .filter(s -> s.service().equals(service) && s.name().equals(name))
                .findFirst();
    }

    /** Throws with what was expected when the value would not start the service (or would mean nothing). */
    public static void checkValue(Setting setting, String value) {
        if (!valid(setting.kind(), value)) {
            throw new DeployException("%s %s: '%s' is not %s"
                    .formatted(setting.service(), setting.name(), value, setting.kind().expected));
        }
    }

    public static boolean valid(Kind kind, String value) {
        return switch (kind) {
            case URL -> {
                try {
                    URI uri = new URI(value);
                    yield ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
                } catch (URISyntaxException ex) {
                    yield false;
                }
            }
            case DURATION -> {
                if (SIMPLE_DURATION.matcher(value).matches()) {
                    yield !value.matches("0+[a-z]*");
                }
                try {
                    Duration duration = Duration.parse(value);
                    yield duration.isPositive();
                } catch (DateTimeParseException ex) {
                    yield false;
                }
            }
            case COUNT ->
                value.matches("\\d{1,5}") && Integer.parseInt(value) >= 1 && Integer.parseInt(value) <= 10_000;
            case SIZE -> {
                Matcher size = SIZE.matcher(value);
                if (!size.matches()) {
                    yield false;
                }
                long unit = switch (size.group(2) == null ? "B" : size.group(2)) {
                    case "KB" -> 1024;
                    case "MB" -> 1024 * 1024;
                    default -> 1;
                };
                long bytes = Long.parseLong(size.group(1)) * unit;
                yield bytes >= 1 && bytes <= 1024 * 1024;
            }
        };
    }
}
