package ecstest.deploy.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ecstest.deploy.DeployException;
import ecstest.deploy.fixtures.TestStack;
import ecstest.deploy.stack.StackPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stack's settings: defaults, its file, the environment and --set, in that order; every name and value checked. */
class StackSettingsTests {

    private static final Path STACKS = TestStack.HOME.resolve("stacks");

    @TempDir
    Path home;

    @Test
    void eachSourceWinsOverTheOneBeforeIt() throws Exception {
        Files.writeString(home.resolve("shop.properties"), "GATE_DESIRED_COUNT=2\nDATA_DESIRED_COUNT=2\n");

        StackSettings settings = StackSettings.load(
                StackPlan.SETTINGS,
                home,
                "shop",
                Map.of("ECS_TEST_DATA_DESIRED_COUNT", "3", "ECS_TEST_LOG_RETENTION_DAYS", "30", "PATH", "/bin"),
                Map.of("LOG_RETENTION_DAYS", "60"));

        assertThat(settings.get(setting("GATE_DESIRED_COUNT"))).isEqualTo("2");
        assertThat(settings.source(setting("GATE_DESIRED_COUNT"))).isEqualTo(StackSettings.Source.FILE);
        assertThat(settings.get(setting("DATA_DESIRED_COUNT"))).isEqualTo("3");
        assertThat(settings.source(setting("DATA_DESIRED_COUNT"))).isEqualTo(StackSettings.Source.ENVIRONMENT);
        assertThat(settings.get(setting("LOG_RETENTION_DAYS"))).isEqualTo("60");
        assertThat(settings.source(setting("LOG_RETENTION_DAYS"))).isEqualTo(StackSettings.Source.COMMAND_LINE);
        assertThat(settings.get(setting("GATE_MAX_TASKS"))).isEqualTo("4");
        assertThat(settings.source(setting("GATE_MAX_TASKS"))).isEqualTo(StackSettings.Source.DEFAULT);
    }

    @Test
    void aValueMayReferToAnotherAndOneWithNoDefaultStaysUnset() throws Exception {
        StackSettings settings =
                StackSettings.load(StackPlan.SETTINGS, STACKS, "ecs-test", Map.of(), Map.of("REGION", "us-east-1"));

        assertThat(settings.get(setting("AZ_A"))).isEqualTo("us-east-1a");
        assertThat(settings.get(Location.ACCOUNT_ID)).isNull();
        assertThat(settings.get(setting("GATE_IMAGE")))
                .as("it refers to ACCOUNT_ID")
                .isNull();
        assertThatThrownBy(() -> settings.require(Location.ACCOUNT_ID))
                .hasMessage("ACCOUNT_ID is not set: set it in stacks/ecs-test.properties, as ECS_TEST_ACCOUNT_ID or"
                        + " with --set ACCOUNT_ID=…");
    }

    @Test
    void aMisspeltNameIsNamedWithTheNearestSettingWhereverItIsGiven() throws Exception {
        Files.writeString(home.resolve("shop.properties"), "GATE_CPUS=512\n");

        assertThatThrownBy(() -> StackSettings.load(StackPlan.SETTINGS, home, "shop", Map.of(), Map.of()))
                .isInstanceOf(DeployException.class)
                .hasMessage("shop.properties: GATE_CPUS: no stack setting has that name; did you mean GATE_CPU?"
                        + " (`ecs-test settings` lists them)");
        assertThatThrownBy(() -> StackSettings.load(
                        StackPlan.SETTINGS, STACKS, "ecs-test", Map.of("ECS_TEST_NAT_PER_AZZ", "true"), Map.of()))
                .hasMessageStartingWith("environment variable ECS_TEST_…: NAT_PER_AZZ: no stack setting has that"
                        + " name; did you mean NAT_PER_AZ?");
        assertThatThrownBy(() ->
                        StackSettings.load(StackPlan.SETTINGS, STACKS, "ecs-test", Map.of(), Map.of("SOMETHING", "1")))
                .hasMessage("--set SOMETHING: no stack setting has that name (`ecs-test settings` lists them)");
    }

    @Test
    void eachValueIsCheckedAgainstItsTypeOneLineEach() {
        StackSettings settings = TestStack.settings(Map.of(
                "GATE_PORT", "70000", "NAT_PER_AZ", "yes", "GATE_SLOW_START_SECONDS", "10", "LOG_RETENTION_DAYS", "8"));

        assertThat(settings.problems())
                .containsExactlyInAnyOrder(
                        "GATE_PORT=70000 must be a TCP port, a whole number from 1 to 65535",
                        "NAT_PER_AZ=yes must be true or false",
                        "GATE_SLOW_START_SECONDS=10 must be 0 (off) or seconds (ELB allows 30 to 900), a whole number"
                                + " from 30 to 900",
                        "LOG_RETENTION_DAYS=8 must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,"
                                + " 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653");
        assertThat(TestStack.settings().problems()).isEmpty();
        assertThat(StackPlan.problems(TestStack.settings(Map.of("GATE_MIN_TASKS", "5"))))
                .containsExactly("GATE_MIN_TASKS=5 is above GATE_MAX_TASKS=4");
    }

    @Test
    void eachRunGetsItsOwnIdempotencyToken() {
        StackSettings first = TestStack.settings();
        StackSettings second = TestStack.settings();

        assertThat(first.runId()).matches("[0-9a-f]{8}").isNotEqualTo(second.runId());
        assertThat(first.placeholders()).containsEntry("RUN_ID", first.runId()).containsEntry("STACK", "ecs-test");
    }

    @Test
    void theNearestNameIsAtMostTwoEditsAway() {
        SettingsRegistry registry = new SettingsRegistry(List.of(Services.GATE_PORT, Services.DATA_PORT));

        assertThat(registry.nearest("GATE_PROT")).isEqualTo("GATE_PORT");
        assertThat(registry.nearest("SOMETHING")).isNull();
    }

    private static Setting setting(String name) {
        return StackPlan.setting(name);
    }
}
