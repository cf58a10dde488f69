package ecstest.deploy;

import ecstest.deploy.config.StackConfig;
import ecstest.deploy.stack.StackRenderer;
import ecstest.testsupport.MotoServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The repository's own templates and stack configuration, with the values a test account needs. */
final class TestStack {

    static final Path HOME = Path.of("").toAbsolutePath(); // surefire runs in deploy/

    private TestStack() {}

    static Map<String, String> values() {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("ACCOUNT_ID", MotoServer.ACCOUNT_ID);
        overrides.put("REGION", MotoServer.REGION);
        return StackConfig.load(HOME.resolve("stacks"), "ecs-test", Map.of(), overrides)
                .resolved();
    }

    static StackRenderer renderer() {
        return new StackRenderer(HOME.resolve("templates"));
    }
}
