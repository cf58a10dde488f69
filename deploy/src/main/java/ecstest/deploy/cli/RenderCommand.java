package ecstest.deploy.cli;

import ecstest.deploy.DeployException;
import ecstest.deploy.stack.Plan;
import ecstest.deploy.stack.RenderedStep;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description = {
            "Writes the stack's API calls as AWS CLI input files, in the order to apply them.",
            "",
            "One file per call, in the JSON the AWS CLI takes with --cli-input-json, numbered in the",
            "order to apply them; prints the matching aws commands. A file that needs an ID created",
            "by an earlier call keeps its $${PLACEHOLDER} and says so: once that call has run, render",
            "again with --discover, which reads the IDs the stack has from the account."
        })
final class RenderCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the files (default: rendered/<stack>).")
    Path out;

    @Option(
            names = "--discover",
            description =
                    "Fill resource IDs from the account (read-only calls): the stack's existing resources, found by tag and name.")
    boolean discover;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Plan plan = options.plan(options.settings());
        List<RenderedStep> steps = discover ? plan.render(options.discovered(plan)) : plan.check();
        Path dir = out != null ? out : Path.of("rendered", options.stack);
        write(dir, steps);
        PrintWriter console = spec.commandLine().getOut();
        console.printf("wrote %d files to %s; apply them in this order:%n", steps.size(), dir);
        for (RenderedStep step : steps) {
            console.printf(
                    "  aws %s %s --cli-input-json file://%s%s%n",
                    step.step().service(),
                    step.step().operation(),
                    dir.resolve(step.fileName()),
                    step.waitingFor().isEmpty() ? "" : "    # needs " + String.join(", ", step.waitingFor()));
        }
        return 0;
    }

    private static void write(Path dir, List<RenderedStep> steps) {
        try {
            Files.createDirectories(dir);
            try (var old = Files.list(dir)) {
                for (Path file : old.filter(f -> f.getFileName().toString().matches("\\d\\d-.*\\.json"))
                        .toList()) {
                    Files.delete(file); // files of a previous render that this one may not write again
                }
            }
            for (RenderedStep step : steps) {
                Files.writeString(dir.resolve(step.fileName()), Plan.toJson(step.json()));
            }
        } catch (IOException ex) {
            throw new DeployException("cannot write to " + dir + ": " + ex.getMessage(), ex);
        }
    }
}
