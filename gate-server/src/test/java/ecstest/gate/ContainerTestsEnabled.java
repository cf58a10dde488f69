package ecstest.gate;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Container tests run with {@code ./mvnw verify -Pcontainers}, which builds the images first. Without
 * it, or without a Docker engine, they skip on a user's machine and fail in CI ({@code CI=true}).
 */
final class ContainerTestsEnabled implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!Boolean.getBoolean("containers.enabled")) {
            unavailable("container tests need fresh images: run ./mvnw verify -Pcontainers (needs a Docker engine)");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            unavailable("no Docker engine answers; container tests need one");
        }
    }

    private static void unavailable(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true, so container tests must run: " + reason);
        }
        Assumptions.abort(reason);
    }
}
