package ecstest.deploy.access;

import ecstest.deploy.fixtures.EmulatedAccount;
import ecstest.deploy.fixtures.TestStack;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI run in-process against an emulator, as the policy tests' administrator and deployer run it: the repository's
 * templates, the emulator's region and account, and the test's own settings ({@code NAME=VALUE}, each a {@code --set}).
 */
final class EmulatedCli {

    private EmulatedCli() {}

    static EmulatedAccount.Run run(URI endpoint, List<String> settings, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        settings.forEach(setting -> all.addAll(List.of("--set", setting)));
        return EmulatedAccount.run(TestStack.HOME, endpoint, all.toArray(String[]::new));
    }

    /** The verb's output; a verb that fails stops the test, naming it with its output. */
    static String succeed(URI endpoint, List<String> settings, String... args) {
        EmulatedAccount.Run outcome = run(endpoint, settings, args);
        if (outcome.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed: " + outcome.out() + outcome.err());
        }
        return outcome.out();
    }
}
