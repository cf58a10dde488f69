package ecstest.deploy.settings;

/**
 * One setting of a stack, declared once, where it is used (a resource kind declares the settings it reads): its name
 * (the placeholder in the templates, the key in {@code stacks/<stack>.properties}, {@code ECS_TEST_<NAME>},
 * {@code --set NAME=VALUE}), the values it takes, its default, what it means and what changing it does. Checking,
 * "did you mean", the plan's wording and the settings reference ({@code ecs-test settings}, docs/settings.md) read
 * the declaration.
 *
 * @param defaultValue null when the stack cannot guess it (the account ID); may refer to another ({@code ${REGION}a})
 */
public record Setting(String name, Type type, String defaultValue, String meaning, Change change) {

    /** What a changed value does to a stack that is up. */
    public enum Change {
        IN_PLACE("converges in place on the next `up`"),
        REBUILD("AWS cannot change it in place: `up` refuses it on a built stack; `down --yes`, then `up`"),
        DEPLOY("taken by `deploy` (`up` keeps the images the services run)"),
        LOCATION("names the account or region the stack is in: another value is another stack");

        public final String says;

        Change(String says) {
            this.says = says;
        }
    }

    public Setting {
        if (!name.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("a setting's name is upper case: " + name);
        }
    }

    /** {@code NAME} in a message: the setting a value or a change comes from. */
    @Override
    public String toString() {
        return name;
    }
}
