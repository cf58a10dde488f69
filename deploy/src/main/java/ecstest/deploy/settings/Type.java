package ecstest.deploy.settings;

import ecstest.deploy.DeployException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * What values a setting takes, said once: how a value is checked, what the error and the reference say it must be,
 * and whether a placeholder that is exactly the setting renders as a JSON number (ports, counts) or as text.
 *
 * @param expected what a value must be, e.g. "a TCP port, a whole number from 1 to 65535"
 * @param whyNot null for a value of this type; for another, what is wrong with it beyond not being {@code expected}
 *     ("" when that says it all)
 * @param number a template's {@code "${NAME}"} becomes a JSON number (else text: a task size is text in ECS's API)
 */
public record Type(String expected, Function<String, String> whyNot, boolean number) {

    private static Type matching(String expected, Predicate<String> valid, boolean number) {
        return new Type(expected, value -> valid.test(value) ? null : "", number);
    }

    /** Whether the value is one of this type's. */
    public boolean valid(String value) {
        return whyNot.apply(value) == null;
    }

    /** What is wrong with the setting's value, e.g. {@code GATE_PORT=70000 must be a TCP port, …}; null if nothing. */
    public String problem(String name, String value) {
        String why = whyNot.apply(value);
        if (why == null) {
            return null;
        }
        return name + "=" + (value.isEmpty() ? "''" : value) + " must be " + expected
                + (why.isEmpty() ? "" : ": " + why);
    }

    private static final String DNS_LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";

    /** A whole number in a range, rendered as a JSON number. */
    public static Type whole(long min, long max, String what) {
        return matching(
                what + ", a whole number from " + min + " to " + max,
                value -> value.matches("\\d{1,10}") && Long.parseLong(value) >= min && Long.parseLong(value) <= max,
                true);
    }

    /** One of these words, as AWS spells them. */
    public static Type oneOf(String... values) {
        List<String> allowed = List.of(values);
        return matching("one of " + String.join(", ", allowed), allowed::contains, false);
    }

    /** One of these numbers, rendered as a JSON number unless {@link #asText()}. */
    public static Type oneOf(int... values) {
        List<String> allowed = Arrays.stream(values).mapToObj(Integer::toString).toList();
        return matching("one of " + String.join(", ", allowed), allowed::contains, true);
    }

    /** Text of this form, e.g. an ARN. */
    public static Type pattern(String expected, String regex) {
        Pattern pattern = Pattern.compile(regex);
        return matching(expected, value -> pattern.matcher(value).matches(), false);
    }

    public static Type flag() {
        return matching("true or false", value -> value.equals("true") || value.equals("false"), false);
    }

    /** An IPv4 CIDR block without host bits. */
    public static Type cidr() {
        return new Type(
                "an IPv4 CIDR block such as 10.0.0.0/16",
                value -> {
                    try {
                        Cidr.parse(value);
                        return null;
                    } catch (DeployException ex) {
                        return ex.getMessage();
                    }
                },
                false);
    }

    /** Lower-case DNS labels joined by dots. */
    public static Type dnsName() {
        Pattern name = Pattern.compile(DNS_LABEL + "(?:\\." + DNS_LABEL + ")*");
        return matching(
                "a DNS name (lower-case labels of letters, digits and inner hyphens, joined by dots)",
                value -> value.length() <= 253 && name.matcher(value).matches(),
                false);
    }

    public static Type accountId() {
        return matching("an AWS account ID (12 digits)", value -> value.matches("\\d{12}"), false);
    }

    public static Type region() {
        return matching(
                "an AWS region the SDK knows (e.g. ap-northeast-2, us-east-1)",
                value -> Region.regions().contains(Region.of(value)),
                false);
    }

    /** An availability zone's name; whether it is in the stack's region is the subnets' own check. */
    public static Type zone() {
        return matching("an availability zone, e.g. ap-northeast-2a", value -> value.matches("[a-z0-9-]+[a-z]"), false);
    }

    /** An image reference: a repository and a tag or a digest. */
    public static Type image() {
        return matching(
                "an image reference such as <registry>/<repository>:<tag> or …@sha256:<digest>",
                value -> value.matches("[^\\s@:]+(:[^\\s@/]+|@sha256:[0-9a-f]{64})"),
                false);
    }

    /** The same values, or empty: the setting is off. */
    public Type orEmpty(String emptyMeans) {
        return new Type(
                "empty (" + emptyMeans + ") or " + expected,
                value -> value.isEmpty() ? null : whyNot.apply(value),
                number);
    }

    /** 0, or the same values. */
    public Type orZero(String zeroMeans) {
        return new Type(
                "0 (" + zeroMeans + ") or " + expected,
                value -> value.equals("0") ? null : whyNot.apply(value),
                number);
    }

    /** The same values, rendered as text (ECS takes a task's cpu and memory as strings). */
    public Type asText() {
        return new Type(expected, whyNot, false);
    }
}
