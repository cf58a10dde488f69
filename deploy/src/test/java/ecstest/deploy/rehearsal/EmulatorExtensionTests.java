package ecstest.deploy.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.testsupport.RequiresTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The emulator extension's own tests (emulator/tests, pytest: service deployments through boto3 and the AWS CLI),
 * run as part of {@code ./mvnw verify} so that the emulator the other tests rely on is checked with them.
 */
@RequiresTools({"moto_server", "aws"})
class EmulatorExtensionTests {

    @Test
    void theExtensionsOwnTestsPass() throws IOException, InterruptedException {
        Path launcher = Emulator.extended(Path.of("")).orElse(null);
        assertThat(launcher)
                .as("emulator/bin/moto_server above the working directory")
                .isNotNull();
        Process pytest = new ProcessBuilder(launcher.resolveSibling("test").toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(pytest.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(pytest.waitFor(5, TimeUnit.MINUTES)).as("pytest finished").isTrue();
        if (pytest.exitValue() == 127) {
            ecstest.testsupport.Skip.unavailable(output.strip());
        }
        assertThat(pytest.exitValue()).as(output).isZero();
        assertThat(output)
                .containsPattern("\\d+ passed")
                .doesNotContain("failed")
                .doesNotContain("skipped");
    }
}
