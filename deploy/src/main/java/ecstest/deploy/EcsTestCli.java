package ecstest.deploy;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "ecs-test",
        mixinStandardHelpOptions = true,
        versionProvider = EcsTestCli.Version.class,
        description =
                "Renders, checks and applies the ecs-test stack: gate-server and data-server on Amazon ECS (Fargate).",
        subcommands = {
            ValidateCommand.class,
            RenderCommand.class,
            PlanCommand.class,
            UpCommand.class,
            DeployCommand.class,
            DownCommand.class,
            StatusCommand.class,
            SmokeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class EcsTestCli {

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI without exiting (tests call this); only {@link #main} exits. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new EcsTestCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof DeployException deploy) {
                commandLine.getErr().println("ecs-test " + commandLine.getCommandName() + ": " + deploy.getMessage());
                return 1;
            }
            commandLine
                    .getErr()
                    .println("ecs-test " + commandLine.getCommandName() + ": unexpected failure: " + ex
                            + "\n(please report it with the command you ran)");
            return 3;
        });
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = EcsTestCli.class.getPackage().getImplementationVersion();
            return new String[] {"ecs-test " + (version == null ? "(development build)" : version)};
        }
    }
}
