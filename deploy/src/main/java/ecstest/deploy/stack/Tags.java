package ecstest.deploy.stack;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A resource's tags, whatever SDK type each service gives them in: how the stack tells its own resources (tagged
 * {@value StackContext#STACK_TAG}) from another stack's and from ones made by hand.
 */
record Tags(Map<String, String> values) {

    static final Tags NONE = new Tags(Map.of());

    Tags {
        values = Map.copyOf(values);
    }

    /** The tags of one service's type, e.g. {@code Tags.of(role.tags(), Tag::key, Tag::value)}. */
    static <T> Tags of(Collection<T> tags, Function<T, String> key, Function<T, String> value) {
        Map<String, String> values = new HashMap<>();
        tags.forEach(tag -> values.put(key.apply(tag), value.apply(tag)));
        return new Tags(values);
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The stack the resource belongs to, by its tag; empty for one made by hand. */
    Optional<String> stack() {
        return get(StackContext.STACK_TAG);
    }
}
