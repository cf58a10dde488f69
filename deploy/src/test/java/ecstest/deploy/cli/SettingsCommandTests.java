package ecstest.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.deploy.fixtures.TestStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** `ecs-test settings`: the reference the declarations make, the values a stack has, one value for scripts. */
class SettingsCommandTests {

    private static final Path REFERENCE = TestStack.HOME.resolveSibling("docs").resolve("settings.md");

    private record Run(int exit, String out, String err) {}

    private static Run settings(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 3];
        all[0] = "settings";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--home";
        all[args.length + 2] = TestStack.HOME.toString();
        int exit = EcsTestCli.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void docsSettingsIsWhatTheDeclarationsMakeNow() throws IOException {
        Run run = settings("--markdown");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readString(REFERENCE))
                .as("docs/settings.md is stale: deploy/ecs-test settings --markdown > docs/settings.md")
                .isEqualTo(run.out());
    }

    @Test
    void aStacksValuesSayWhereEachCameFrom() {
        Run run = settings("--set", "GATE_CPU=512", "--set", "GATE_MEMORY=1024");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("GATE_CPU=512 +\\(--set\\)")
                .containsPattern("DATA_CPU=256 +\\(default\\)")
                .containsPattern("REGION=ap-northeast-2 +\\(stacks/ecs-test.properties\\)");
    }

    @Test
    void oneValueForScriptsWithItsReferencesResolved() {
        Run run = settings("--value", "AZ_A", "--value", "GATE_CPU", "--region", "us-east-1");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly("us-east-1a", "256");
    }

    @Test
    void aMisspeltNameIsNamedWithTheNearestOne() {
        Run run = settings("--value", "GATE_CPUS");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("GATE_CPUS", "GATE_CPU");
    }
}
