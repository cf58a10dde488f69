package ecstest.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ecstest.deploy.cli.StackOptions;
import ecstest.deploy.config.SettingRules;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings' names and values, checked before any request (BadInputTests runs them through the CLI). */
class SettingRulesTests {

    @Test
    void aMisspeltEnvironmentVariableIsNamedWithTheNearestSetting() {
        StackOptions options = new StackOptions();
        options.stack = "ecs-test";
        options.home = TestStack.HOME;

        assertThatThrownBy(() ->
                        options.values(Map.of("ECS_TEST_GATE_CPUS", "512", "ECS_TEST_ACCOUNT_ID", "123456789012")))
                .isInstanceOf(DeployException.class)
                .hasMessage("environment variable ECS_TEST_…: GATE_CPUS: no template or stack setting has that name;"
                        + " did you mean GATE_CPU?");
    }

    @Test
    void theRepositorysStackPassesAndEachRunGetsItsOwnIdempotencyToken() {
        StackOptions options = new StackOptions();
        options.stack = "ecs-test";
        options.home = TestStack.HOME;

        Map<String, String> first = options.values(Map.of("ECS_TEST_ACCOUNT_ID", "123456789012"));
        Map<String, String> second = options.values(Map.of("ECS_TEST_ACCOUNT_ID", "123456789012"));

        assertThat(first.get("RUN_ID")).matches("[0-9a-f]{8}").isNotEqualTo(second.get("RUN_ID"));
    }

    @Test
    void theNearestNameIsAtMostTwoEditsAway() {
        assertThat(SettingRules.nearest("GATE_PROT", java.util.Set.of("GATE_PORT", "DATA_PORT")))
                .isEqualTo("GATE_PORT");
        assertThat(SettingRules.nearest("SOMETHING", java.util.Set.of("GATE_PORT")))
                .isNull();
    }
}
