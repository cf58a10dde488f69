package ecstest.deploy.cli;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.stack.StackPlan;
import ecstest.deploy.status.StackStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Shows the stack's services, their deployments and tasks, the load balancer's targets and the URL.",
            "Each service's newest rollout: its strategy, status, lifecycle stage, traffic split and alarms.",
            "",
            "Read-only. --output json prints the same as one JSON document, for scripts."
        })
final class StatusCommand implements Callable<Integer> {

    enum Format {
        text,
        json
    }

    @Mixin
    StackOptions options;

    @Option(names = "--output", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StackSettings settings = options.settings();
        StackStatus.Report report;
        try (AwsClients aws = options.clients(settings)) {
            report = new StackStatus(aws, settings).read();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output == Format.json) {
            out.println(JsonMapper.builder()
                    .build()
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsString(report));
            return 0;
        }
        out.printf("stack %s: %s%n", report.stack(), report.url() == null ? "no load balancer" : report.url());
        if (report.services().isEmpty()) {
            out.println("  no services");
        }
        for (StackStatus.ServiceReport service : report.services()) {
            out.printf(
                    "  %-12s %-8s %d/%d running, %d pending  %s%n",
                    service.name(),
                    service.status(),
                    service.running(),
                    service.desired(),
                    service.pending(),
                    shortName(service.taskDefinition()));
            if (service.rollout() != null) {
                out.printf("    rollout %s%n", service.rollout());
            }
            for (StackStatus.DeploymentReport d : service.deployments()) {
                out.printf(
                        "    deployment %s %s %s %d/%d  %s%n",
                        d.id(), d.status(), d.rolloutState(), d.running(), d.desired(), shortName(d.taskDefinition()));
            }
        }
        for (StackStatus.Target target : report.targets()) {
            out.printf(
                    "  target %s:%d %s%s%n",
                    target.id(),
                    target.port(),
                    target.health(),
                    target.reason() == null ? "" : " (" + target.reason() + ")");
        }
        if (report.url() != null) {
            StackPlan.billText(settings).forEach(out::println);
        }
        return 0;
    }

    private static String shortName(String taskDefinitionArn) {
        return taskDefinitionArn == null ? "" : taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1);
    }
}
