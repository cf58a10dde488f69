package ecstest.deploy.stack;

import java.util.Optional;
import java.util.function.Function;

/**
 * Something a resource produces that the resources after it read (an ID, an ARN), owned by the resource that makes
 * it: a step produces it, discovery finds it, and the templates of later steps name it as a placeholder
 * ({@code ${VPC_ID}}). A derived one is worked out from others (the load balancer's CloudWatch dimension from its
 * ARN) once they are known.
 */
public record Output(String name, Function<StackState, Optional<String>> derivation) {

    /** An ID a step produces or discovery finds. */
    static Output of(String name) {
        return new Output(name, null);
    }

    /** A value worked out from outputs already known; empty until they are. */
    static Output derived(String name, Function<StackState, Optional<String>> derivation) {
        return new Output(name, derivation);
    }

    boolean isDerived() {
        return derivation != null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Output output && output.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
