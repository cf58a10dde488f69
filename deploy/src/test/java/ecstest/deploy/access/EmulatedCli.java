package ecstest.deploy.access;

import ecstest.deploy.cli.EcsTestCli;
import ecstest.deploy.fixtures.Moto;
import ecstest.deploy.fixtures.TestStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI run in-process against an emulator, as the policy tests' administrator and deployer run it: the repository's
 * templates, the emulator's region and account, and the test's own settings ({@code NAME=VALUE}, each a {@code --set}).
 */
final class EmulatedCli {

    record Outcome(int exitCode, String out, String err) {}

    private EmulatedCli() {}

    static Outcome run(URI endpoint, List<String> settings, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--home",
                TestStack.HOME.toString(),
                "--region",
                Moto.REGION,
                "--endpoint-url",
                endpoint.toString(),
                "--set",
                "ACCOUNT_ID=" + Moto.ACCOUNT_ID));
        settings.forEach(setting -> all.addAll(List.of("--set", setting)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EcsTestCli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    /** The verb's output; a verb that fails stops the test, naming it with its output. */
    static String succeed(URI endpoint, List<String> settings, String... args) {
        Outcome outcome = run(endpoint, settings, args);
        if (outcome.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed: " + outcome.out() + outcome.err());
        }
        return outcome.out();
    }
}
