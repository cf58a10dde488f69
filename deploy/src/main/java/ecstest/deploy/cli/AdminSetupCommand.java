package ecstest.deploy.cli;

import ecstest.deploy.DeployException;
import ecstest.deploy.access.DeployerAccess;
import ecstest.deploy.access.DeployerDocuments;
import ecstest.deploy.access.GitHubTrust;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.settings.Location;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.stack.Plan;
import ecstest.deploy.stack.StackPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "admin-setup",
        mixinStandardHelpOptions = true,
        description = {
            "What an administrator does once per stack: the deploying role and the task roles' boundary.",
            "",
            "Writes the stack's IAM documents (the permissions boundary every role the stack creates must",
            "carry, the deploying role's three policies and its trust policy) and prints the aws commands",
            "that create them. --apply makes those calls itself, with the caller's (administrator's)",
            "credentials; run again after an upgrade, it updates a policy whose document changed.",
            "",
            "--github OWNER/REPO makes the role a pipeline's instead: <stack>-github-deployer, with the same",
            "policies, which only that repository's GitHub Actions runs on --branch (default main), or its jobs",
            "in --environment, may assume by OIDC; the account's OIDC provider for GitHub is added if missing.",
            "No key is stored anywhere (docs/github-actions.md)."
        })
final class AdminSetupCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where to write the documents (default: rendered/<stack>/iam).")
    Path out;

    @Option(
            names = "--apply",
            description = "Create (or update) the policies and the role now, with these credentials.")
    boolean apply;

    @Option(
            names = "--github",
            paramLabel = "OWNER/REPO",
            description = "Make the role for this GitHub repository's Actions runs (OIDC, no stored key).")
    String github;

    @Option(
            names = "--branch",
            paramLabel = "NAME",
            description = "With --github: the branch whose runs may deploy (default: main).")
    String branch;

    @Option(
            names = "--environment",
            paramLabel = "NAME",
            description = "With --github, instead of --branch: the GitHub environment whose jobs may deploy.")
    String environment;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (github == null && (branch != null || environment != null)) {
            throw new DeployException("--branch and --environment say which GitHub runs may deploy: give --github"
                    + " OWNER/REPO with them");
        }
        // checked before anything is written or asked
        Optional<GitHubTrust> runs =
                Optional.ofNullable(github).map(repository -> GitHubTrust.of(repository, branch, environment));
        StackSettings settings = options.settings();
        if (StackPlan.named(settings)) {
            // the domain's policy names its zone: found with these credentials when HOSTED_ZONE_ID does not say it
            try (AwsClients aws = options.clients(settings)) {
                settings = StackPlan.withHostedZone(aws, settings);
            }
        }
        Plan plan = options.plan(settings);
        DeployerDocuments documents = runs.map(trusted -> DeployerDocuments.forGitHub(plan, trusted))
                .orElseGet(() -> DeployerDocuments.of(plan));
        Path dir = out != null ? out : Path.of("rendered", options.stack, "iam");
        documents.write(dir);
        PrintWriter console = spec.commandLine().getOut();
        if (!apply) {
            console.printf("wrote the stack's IAM documents to %s; an administrator runs, once:%n", dir);
            documents.commands(dir).forEach(console::println);
            return 0;
        }
        try (AwsClients aws = options.clients(settings)) {
            new DeployerAccess(aws, options.stack).apply(documents).forEach(line -> console.println("  " + line));
        }
        console.printf(
                "the deploying role %s has the stack's %d policies; its task roles' boundary is ready%n",
                documents.role(), documents.deployerPolicies().size());
        runs.ifPresent(trusted -> console.printf(
                "%s may assume it (%s); set the repository's variables AWS_ROLE_ARN=%s and AWS_REGION=%s%n",
                trusted.describe(),
                trusted.subject(),
                documents.roleArn(),
                documents.settings().require(Location.REGION)));
        return 0;
    }
}
