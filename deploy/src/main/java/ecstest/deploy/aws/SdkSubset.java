package ecstest.deploy.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * Whether an existing resource already has everything a template sets: each member the template gives a
 * value must be equal in the resource, recursively, matched by the API model's member names. Members
 * the template leaves out are ignored, since AWS fills in defaults (a task's {@code hostPort}, a
 * container's {@code cpu} 0) that a plain {@code equals} would call a difference.
 */
public final class SdkSubset {

    private SdkSubset() {}

    public static boolean covers(Object wanted, Object actual) {
        if (unset(wanted)) {
            return true;
        }
        if (wanted instanceof SdkPojo pojo) {
            return actual instanceof SdkPojo existing
                    && pojo.sdkFields().stream()
                            .allMatch(field -> field.memberName().equals("Tags")
                                    || field.memberName().equals("tags")
                                    || covers(
                                            field.getValueOrDefault(pojo),
                                            member(existing, field.memberName()).orElse(null)));
        }
        if (wanted instanceof List<?> list) {
            if (!(actual instanceof List<?> existing) || existing.size() != list.size()) {
                return false;
            }
            for (int i = 0; i < list.size(); i++) {
                if (!covers(list.get(i), existing.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (wanted instanceof Map<?, ?> map) {
            return actual instanceof Map<?, ?> existing
                    && map.entrySet().stream().allMatch(e -> covers(e.getValue(), existing.get(e.getKey())));
        }
        return Objects.equals(wanted, actual);
    }

    /**
     * What {@link #covers} found apart, one {@code path: actual → wanted} each, for messages; empty when covered.
     * Lists of other lengths are one difference, named by their path.
     */
    public static List<String> differences(Object wanted, Object actual) {
        List<String> found = new ArrayList<>();
        differences("", wanted, actual, found);
        return found;
    }

    private static void differences(String path, Object wanted, Object actual, List<String> found) {
        if (covers(wanted, actual)) {
            return;
        }
        if (wanted instanceof SdkPojo pojo && actual instanceof SdkPojo existing) {
            for (SdkField<?> field : pojo.sdkFields()) {
                if (!field.memberName().equalsIgnoreCase("tags")) {
                    differences(
                            path.isEmpty() ? field.memberName() : path + "." + field.memberName(),
                            field.getValueOrDefault(pojo),
                            member(existing, field.memberName()).orElse(null),
                            found);
                }
            }
        } else if (wanted instanceof List<?> list
                && actual instanceof List<?> existing
                && existing.size() == list.size()) {
            for (int i = 0; i < list.size(); i++) {
                differences(path + "[" + i + "]", list.get(i), existing.get(i), found);
            }
        } else if (wanted instanceof SdkPojo || wanted instanceof List<?> || wanted instanceof Map<?, ?>) {
            found.add(path + " differs");
        } else {
            found.add(path + ": " + actual + " → " + wanted);
        }
    }

    private static boolean unset(Object value) {
        return value == null || value instanceof SdkAutoConstructList<?> || value instanceof SdkAutoConstructMap<?, ?>;
    }

    private static Optional<Object> member(SdkPojo pojo, String name) {
        return pojo.sdkFields().stream()
                .filter(f -> f.memberName().equals(name))
                .findFirst()
                .map(f -> ((SdkField<?>) f).getValueOrDefault(pojo));
    }
}
