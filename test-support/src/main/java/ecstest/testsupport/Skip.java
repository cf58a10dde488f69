package ecstest.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * How a test class that cannot run here says so: on a user's machine it is skipped and the reason is printed in
 * the build output (Surefire only counts skips); with {@code CI=true} it fails, because CI must run everything.
 */
public final class Skip {

    private Skip() {}

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
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
