package ecstest.deploy.cli;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.stack.Plan;
import ecstest.deploy.stack.StackContext;
import ecstest.deploy.stack.StackPlan;
import ecstest.deploy.stack.StackProvisioner;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the calls `up` would make now, as the equivalent aws commands.",
            "",
            "Reads the account (read-only) to see what exists; each call still to make is printed as",
            "`aws <service> <operation> --cli-input-json '<json>'`, ready to learn from or to replay.",
            "An update of what exists says what changes, `old → new`, and the setting behind it.",
            "IDs that earlier calls will create stay as $${PLACEHOLDERS}."
        })
final class PlanCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Mixin
    StackOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StackSettings settings = options.settings();
        Plan plan = options.plan(settings); // every template and value checked, before the first request
        PrintWriter out = spec.commandLine().getOut();
        try (AwsClients aws = options.clients(settings)) {
            StackProvisioner provisioner = new StackProvisioner(aws, plan, out, StackContext.Timeouts.standard());
            List<StackProvisioner.Call> pending = provisioner.pending();
            for (StackProvisioner.Call call : pending) {
                out.printf(
                        "# %s %s%n%saws %s --cli-input-json '%s'%s%n",
                        call.verb(),
                        call.describe(),
                        call.waitingFor().isEmpty()
                                ? ""
                                : "# after the calls that create " + String.join(", ", call.waitingFor()) + ":\n",
                        call.operation(),
                        JSON.writeValueAsString(call.json()).replace("'", "'\\''"),
                        options.endpointUrl == null ? "" : " --endpoint-url " + options.endpointUrl);
            }
            out.printf(
                    "# %d calls to make, %d already applied%n",
                    pending.size(), StackProvisioner.Call.untouched(pending, provisioner.steps()));
        }
        StackPlan.billText(settings).forEach(line -> out.println("# " + line));
        return 0;
    }
}
