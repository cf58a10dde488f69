package ecstest.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * How a test class that cannot run here says so: on a user's machine it is skipped and the reason is printed in
 * the build output (Surefire only counts skips); with {@code CI=true} it fails, because CI must run everything.
 */
public final class Skip {

    private Skip() {}

    /** Whether the program is an executable path, or on the PATH. */
    public static boolean onPath(String binary) {
        if (binary.contains("/")) {
            return java.nio.file.Files.isExecutable(java.nio.file.Path.of(binary));
        }
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, binary)));
    }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips the test that calls it (aborts it, saying why); in CI fails it, since CI must run everything. */
    public static void unavailable(String reason) {
        if (inCi()) {
            org.junit.jupiter.api.Assertions.fail("CI=true, so this test must run: " + reason);
        }
        org.junit.jupiter.api.Assumptions.abort(reason);
    }

    /** Disables the class of {@code context} with {@code reason}, printed; in CI throws, failing the class. */
    public static ConditionEvaluationResult orFail(ExtensionContext context, String reason) {
        String name = context.getRequiredTestClass().getSimpleName();
        if (inCi()) {
            throw new IllegalStateException("CI=true, so " + name + " must run: " + reason);
        }
        System.out.println("[SKIPPED] " + name + ": " + reason + " (with CI=true this fails)");
        return ConditionEvaluationResult.disabled(reason);
    }
}
