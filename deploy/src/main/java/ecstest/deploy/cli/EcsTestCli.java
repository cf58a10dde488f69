package ecstest.deploy.cli;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsErrors;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

@Command(
        name = "ecs-test",
        mixinStandardHelpOptions = true,
        versionProvider = EcsTestCli.Version.class,
        description =
                "Renders, checks and applies the ecs-test stack: gate-server and data-server on Amazon ECS (Fargate).",
        subcommands = {
            SettingsCommand.class,
            ValidateCommand.class,
            RenderCommand.class,
            PlanCommand.class,
            UpCommand.class,
            DeployCommand.class,
            RestartCommand.class,
            WatchCommand.class,
            RollbackCommand.class,
            ScaleCommand.class,
            DownCommand.class,
            StatusCommand.class,
            SmokeCommand.class,
            LogsCommand.class,
            ConfigCommand.class,
            RehearseCommand.class,
            AdminSetupCommand.class,
            CommandLine.HelpCommand.class
        })
public final class EcsTestCli {

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI without exiting (tests call this); only {@link #main} exits. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        // the verbs' descriptions are written in lines of up to 100 characters; picocli wraps at 80 by default
        CommandLine cli = new CommandLine(new EcsTestCli()).setUsageHelpWidth(100);
        cli.setOut(out);
        cli.setErr(err);
        // a mistyped option or value: the one line that says what is wrong, not the verb's whole usage
        cli.setParameterExceptionHandler((ex, arguments) -> {
            String verb = ex.getCommandLine().getCommandSpec().qualifiedName();
            ex.getCommandLine()
                    .getErr()
                    .println(verb + ": " + ex.getMessage() + " (`" + verb + " --help` lists what it takes)");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String message = explain(ex);
            String verb = commandLine.getCommandSpec().qualifiedName();
            if (message != null) {
                commandLine.getErr().println(verb + ": " + message);
                return 1;
            }
            commandLine
                    .getErr()
                    .println(verb + ": unexpected failure: " + ex + "\n(please report it with the command you ran)");
            return 3;
        });
        try {
            return cli.execute(args);
        } finally {
            out.flush(); // a verb may end with print, which an autoflushing writer does not flush
            err.flush();
        }
    }

    /** A message for the failures a user can fix, or null for a bug. */
    public static String explain(Exception ex) {
        return switch (ex) {
            case DeployException deploy -> deploy.getMessage();
            case AwsServiceException aws ->
                "AWS refused a call (%s, %s): %s; %s"
                        .formatted(
                                AwsErrors.service(aws),
                                AwsErrors.code(aws),
                                AwsErrors.message(aws),
                                AwsErrors.denied(aws)
                                        ? "use the stack's deploying role (`deploy/ecs-test admin-setup` says how it is made)"
                                        : "check the region and the stack's state with `ecs-test status`");
            case SdkClientException sdk
            when String.valueOf(sdk.getMessage()).startsWith("Unable to load credentials") ->
                "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass --profile NAME,"
                        + " or configure the default profile (aws configure)";
            case SdkClientException sdk
            when String.valueOf(sdk.getMessage()).startsWith("Profile file contained no credentials for profile") ->
                "no credentials for that AWS profile (" + sdk.getMessage().replaceAll(".*profile '([^']*)'.*", "$1")
                        + "): `aws configure list-profiles` lists the ones there are, `aws configure --profile NAME`"
                        + " creates one";
            case SdkClientException sdk ->
                "cannot reach AWS: "
                        + String.valueOf(sdk.getMessage()).lines().findFirst().orElse("")
                        + "; check the network, --region and --endpoint-url";
            default -> null;
        };
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = EcsTestCli.class.getPackage().getImplementationVersion();
            return new String[] {"ecs-test " + (version == null ? "(development build)" : version)};
        }
    }
}
