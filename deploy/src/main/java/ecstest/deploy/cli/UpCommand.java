package ecstest.deploy.cli;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.stack.Plan;
import ecstest.deploy.stack.StackContext;
import ecstest.deploy.stack.StackProvisioner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Creates the stack, completes it, or brings it to changed settings.",
            "",
            "Each call of the plan is checked against the account first (by tag and name): what is missing",
            "is created, what differs from the settings is updated in place, and a setting AWS cannot",
            "change in place (a CIDR block, an AZ, GATE_PORT) stops it before any call. A second `up` with",
            "nothing changed changes nothing, and an `up` that stopped half-way resumes.",
            "Waits for the NAT gateway, the load balancer, Cloud Map and the services, then prints the URL."
        })
final class UpCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StackSettings settings = options.settings();
        Plan plan = options.plan(settings); // every template and value checked, before the first request
        try (AwsClients aws = options.clients(settings)) {
            new StackProvisioner(aws, plan, spec.commandLine().getOut(), StackContext.Timeouts.standard())
                    .up(options.dryRun);
        }
        return 0;
    }
}
