package ecstest.deploy.settings;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every setting a stack has, by name: the declarations of the stack's resource kinds and of the stack itself. */
public final class SettingsRegistry {

    private final Map<String, Setting> byName = new LinkedHashMap<>();

    public SettingsRegistry(List<Setting> settings) {
        for (Setting setting : settings) {
            if (byName.putIfAbsent(setting.name(), setting) != null) {
                throw new IllegalStateException("setting " + setting.name() + " is declared twice");
            }
        }
    }

    public List<Setting> all() {
        return List.copyOf(byName.values());
    }

    public Optional<Setting> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The declared name nearest to {@code name} (at most two edits away), or null. */
    public String nearest(String name) {
        return byName.keySet().stream()
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
