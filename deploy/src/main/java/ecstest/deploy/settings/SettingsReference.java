package ecstest.deploy.settings;

import java.util.List;
import java.util.SequencedMap;
import java.util.stream.Collectors;

/**
 * The settings reference, written from the declarations: each setting's name, values, default, meaning and what a
 * change does, by what declares it; as the terminal shows it (with a stack's values and where each came from) and as
 * docs/settings.md holds it.
 */
public final class SettingsReference {

    private final SequencedMap<String, List<Setting>> sections;

    public SettingsReference(SequencedMap<String, List<Setting>> sections) {
        this.sections = sections;
    }

    /** The setting of that name; an unknown one stops the run, with the nearest name. */
    public Setting setting(String name) {
        return sections.values().stream()
                .flatMap(List::stream)
                .filter(setting -> setting.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new ecstest.deploy.DeployException(
                        "--value " + name + ": no stack setting has that" + " name (`ecs-test settings` lists them)"));
    }

    /** The reference as Markdown: docs/settings.md, generated; a test keeps the file equal to this. */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Settings\n\n")
                .append("[README](../README.md) · [containers](containers.md) · [deploying](deploying.md) ·"
                        + " [deploying role](deploying-role.md) ·\n[operating](operating.md) · [performance](performance.md)"
                        + " · **settings** · [engine](engine.md)\n\n")
                .append(
                        "<!-- generated from the declarations: deploy/ecs-test settings --markdown > docs/settings.md -->\n\n")
                .append(
                        "A stack's settings come from each one's default, then `deploy/stacks/<stack>.properties`, then\n")
                .append(
                        "`ECS_TEST_<NAME>` environment variables, then `--set NAME=VALUE`, each winning over the one before;\n")
                .append(
                        "a value may refer to another (`AZ_A=${REGION}a`). A name no setting has stops every verb, naming\n")
                .append(
                        "the nearest one. `deploy/ecs-test settings` shows the values a stack has and where each came from.\n");
        sections.forEach((section, settings) -> {
            out.append("\n## ").append(section).append("\n\n");
            out.append("| setting | values | default | meaning | a change |\n| --- | --- | --- | --- | --- |\n");
            for (Setting setting : settings) {
                out.append("| `")
                        .append(setting.name())
                        .append("` | ")
                        .append(cell(setting.type().expected()))
                        .append(" | ")
                        .append(
                                setting.defaultValue() == null
                                        ? "(none)"
                                        : setting.defaultValue().isEmpty()
                                                ? "(empty)"
                                                : "`" + setting.defaultValue() + "`")
                        .append(" | ")
                        .append(cell(setting.meaning()))
                        .append(" | ")
                        .append(cell(setting.change().says))
                        .append(" |\n");
            }
        });
        return out.toString();
    }

    /** The stack's values, by section, each with where it came from, what it means and what a change does. */
    public String text(StackSettings stack) {
        StringBuilder out =
                new StringBuilder("settings of stack " + stack.stack() + " (docs/settings.md has them all):\n");
        sections.forEach((section, settings) -> {
            out.append(section).append('\n');
            for (Setting setting : settings) {
                String value = stack.get(setting);
                out.append("  %-42s %s%n"
                                .formatted(
                                        setting.name() + "=" + (value == null ? "(not set)" : value),
                                        "(" + stack.source(setting).says(stack.stack(), setting) + ")"))
                        .append("      ")
                        .append(setting.meaning())
                        .append("; ")
                        .append(setting.change().says)
                        .append('\n');
            }
        });
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").lines().collect(Collectors.joining(" "));
    }
}
