package ecstest.system;

import ecstest.testsupport.Skip;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Container tests run with {@code ./mvnw verify -Pcontainers}, which builds the images first. Without it, or
 * without a Docker engine, the class is skipped before any container starts, with the reason in the build output
 * (on a user's machine), or fails (in CI, {@code CI=true}).
 */
final class ContainerTestsEnabled implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("decided for the class");
        }
        if (!Boolean.getBoolean("containers.enabled")) {
            return Skip.orFail(
                    context,
                    "container tests need fresh images: run ./mvnw verify -Pcontainers (needs a Docker engine)");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Skip.orFail(context, "no Docker engine answers (DOCKER_HOST, /var/run/docker.sock); start one");
        }
        return ConditionEvaluationResult.enabled("images built and a Docker engine answers");
    }
}
