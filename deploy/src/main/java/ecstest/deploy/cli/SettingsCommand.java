package ecstest.deploy.cli;

import ecstest.deploy.settings.SettingsReference;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.stack.StackPlan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "settings",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the stack's settings: each value and where it came from, what it means, what a change does.",
            "",
            "A value comes from the setting's default, stacks/<stack>.properties, ECS_TEST_<NAME> or --set,",
            "each over the one before. --markdown prints the whole reference instead (docs/settings.md)."
        })
final class SettingsCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Option(names = "--markdown", description = "The reference of every setting, as docs/settings.md holds it.")
    boolean markdown;

    @Option(
            names = "--value",
            paramLabel = "NAME",
            description = "Print only this setting's value, one line each (repeatable): for scripts.")
    java.util.List<String> values = java.util.List.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SettingsReference reference = new SettingsReference(StackPlan.settingsByKind());
        if (markdown) {
            spec.commandLine().getOut().print(reference.markdown());
            return 0;
        }
        StackSettings settings = options.settings();
        if (values.isEmpty()) {
            spec.commandLine().getOut().print(reference.text(settings));
            return 0;
        }
        for (String name : values) {
            spec.commandLine().getOut().println(settings.require(reference.setting(name)));
        }
        return 0;
    }
}
