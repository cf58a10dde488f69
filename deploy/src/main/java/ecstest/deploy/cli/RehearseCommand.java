package ecstest.deploy.cli;

import ecstest.deploy.rehearsal.Rehearsal;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "rehearse",
        mixinStandardHelpOptions = true,
        description = {
            "The whole lifecycle against an AWS API emulator on this machine: no account, nothing billed.",
            "",
            "Starts moto_server (from the PATH, or MOTO_SERVER) on a free loopback port, then runs",
            "admin-setup --apply, up, deploy (of stand-in digests: your target/ is not read or written), status, smoke",
            "(with --smoke-url only: the emulator runs no containers) and down --yes with its leak audit,",
            "printing each verb's outcome and time. The emulator is stopped at the end, on failure and on",
            "Ctrl-C; --keep leaves the stack and the emulator up and prints the --endpoint-url to use."
        })
public final class RehearseCommand implements Callable<Integer> {

    @Option(
            names = "--stack",
            defaultValue = "ecs-test",
            description = "The stack to rehearse, stacks/<stack>.properties (default: ${DEFAULT-VALUE}).")
    String stack;

    @Option(
            names = "--home",
            paramLabel = "DIR",
            description = "The folder holding templates/ and stacks/ (default: deploy/ of this checkout).")
    Path home;

    @Option(names = "--keep", description = "Leave the stack and the emulator running (no down) to try verbs by hand.")
    boolean keep;

    @Option(
            names = "--smoke-url",
            paramLabel = "URL",
            description = "Also run smoke against this URL, e.g. a gate-server started by ./run-local.")
    URI smokeUrl;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path deployHome = home != null ? home : new StackOptions().home();
        return new Rehearsal(arguments -> EcsTestCli.run(arguments, out, err), out, err)
                .run(stack, home, deployHome, keep, smokeUrl);
    }
}
