package ecstest.deploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.fixtures.EmulatedAccount;
import ecstest.deploy.fixtures.Moto;
import ecstest.deploy.fixtures.TestStack;
import ecstest.deploy.status.StackStatus;
import ecstest.testsupport.RequiresTools;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentLifecycleStage;

/**
 * gate-server's deployment strategies against the extended emulator (a minute of stages in a second): `deploy`
 * prints the lifecycle stages AWS documents for each, in order, and the services end on the new revisions; an
 * alarm in ALARM during the bake rolls the canary back; --wait-until returns at the named stage.
 */
@RequiresTools("moto_server")
class StrategyEmulatorTests {

    private static final String DIGEST = "sha256:" + "ef".repeat(32);
    private static final List<String> SHIFTING = List.of(
            "PRE_SCALE_UP",
            "SCALE_UP",
            "POST_SCALE_UP",
            "TEST_TRAFFIC_SHIFT",
            "POST_TEST_TRAFFIC_SHIFT",
            "PRODUCTION_TRAFFIC_SHIFT",
            "POST_PRODUCTION_TRAFFIC_SHIFT",
            "BAKE_TIME",
            "CLEAN_UP");

    static Stream<Arguments> strategies() {
        return Stream.of(
                Arguments.of("ROLLING", List.of("SCALE_UP", "CLEAN_UP"), List.of()),
                Arguments.of("CANARY", SHIFTING, List.of("0%", "10%", "100%")),
                Arguments.of("LINEAR", SHIFTING, List.of("0%", "50%", "100%")),
                Arguments.of("BLUE_GREEN", SHIFTING, List.of("0%", "100%")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void aDeployWalksTheStagesOfTheStrategyAndEndsOnTheNewRevisions(
            String strategy, List<String> stages, List<String> weights) throws Exception {
        Map<String, String> values = values(strategy);
        try (EmulatedAccount account = EmulatedAccount.start(60);
                AwsClients aws = account.clients()) {
            account.provisioner(aws, values).up(false);

            assertThat(account.rollout(aws, values).deploy(images(), false))
                    .as(account.console())
                    .isTrue();

            assertThat(seen(account.console(), "\\w+ (\\w+)"))
                    .as(account.console())
                    .isEqualTo(stages);
            assertThat(seen(account.console(), "\\w+ \\w+, production traffic (\\d+%)"))
                    .as(account.console())
                    .isEqualTo(weights);
            for (String service : List.of("gate-server", "data-server")) {
                assertThat(aws.ecs()
                                .describeServices(r -> r.cluster("ecs-test").services(service))
                                .services()
                                .getFirst()
                                .taskDefinition())
                        .endsWith("ecs-test-" + service + ":2");
            }
        }
    }

    @Test
    void anAlarmDuringTheBakeRollsTheCanaryBackAfterWaitUntilReturnedAtTheBake() throws Exception {
        Map<String, String> values = values("CANARY");
        values.put("GATE_BAKE_MINUTES", "10"); // ten seconds here
        try (EmulatedAccount account = EmulatedAccount.start(60);
                AwsClients aws = account.clients()) {
            account.provisioner(aws, values).up(false);
            Rollout rollout = account.rollout(aws, values);

            assertThat(rollout.deploy(images(), false, ServiceDeploymentLifecycleStage.BAKE_TIME))
                    .as(account.console())
                    .isTrue();
            assertThat(account.console()).contains("reached BAKE_TIME; it goes on in ECS");
            aws.cloudWatch()
                    .setAlarmState(r -> r.alarmName("ecs-test-gate-server-p99")
                            .stateValue(StateValue.ALARM)
                            .stateReason("p99 of 2.4 s over two minutes"));

            assertThat(rollout.watch("gate-server", null)).as(account.console()).isFalse();

            assertThat(account.console())
                    .containsPattern(
                            "gate-server: deployment \\S+ rolled back: alarm ecs-test-gate-server-p99 went into"
                                    + " ALARM")
                    .contains("alarm ecs-test-gate-server-p99: p99 of 2.4 s over two minutes");
            assertThat(EmulatedAccount.service(aws, "gate-server").taskDefinition())
                    .endsWith("ecs-test-gate-server:1");
            assertThat(new StackStatus(aws, TestStack.settings(values)).read().services())
                    .filteredOn(service -> service.name().equals("gate-server"))
                    .singleElement()
                    .satisfies(gate -> assertThat(gate.rollout())
                            .contains("CANARY ROLLBACK_SUCCESSFUL BAKE_TIME")
                            .contains("alarms TRIGGERED")
                            .contains("fired: [ecs-test-gate-server-p99]"));
        }
    }

    @Test
    void rollbackDuringTheBakeReturnsTheServiceToItsRevision() throws Exception {
        Map<String, String> values = values("BLUE_GREEN");
        values.put("GATE_BAKE_MINUTES", "10");
        try (EmulatedAccount account = EmulatedAccount.start(60);
                AwsClients aws = account.clients()) {
            account.provisioner(aws, values).up(false);
            Rollout rollout = account.rollout(aws, values);
            assertThat(rollout.deploy(images(), false, ServiceDeploymentLifecycleStage.BAKE_TIME))
                    .as(account.console())
                    .isTrue();

            assertThat(rollout.rollback("gate-server", false))
                    .as(account.console())
                    .isTrue();

            assertThat(account.console()).contains("gate-server: rolled back; it runs");
            assertThat(EmulatedAccount.service(aws, "gate-server").taskDefinition())
                    .endsWith("ecs-test-gate-server:1");
        }
    }

    /** The stack's settings with this strategy, and bakes of a minute. */
    private static Map<String, String> values(String strategy) {
        Map<String, String> values = new HashMap<String, String>();
        values.put("GATE_DEPLOYMENT_STRATEGY", strategy);
        values.put("GATE_BAKE_MINUTES", "1");
        values.put("GATE_CANARY_BAKE_MINUTES", "1");
        values.put("GATE_LINEAR_STEP_PERCENT", "50");
        values.put("GATE_LINEAR_STEP_BAKE_MINUTES", "1");
        return values;
    }

    /** What gate-server's deployment lines show, in order, each once: the stages or the weights. */
    private static List<String> seen(String console, String after) {
        Pattern line = Pattern.compile("gate-server deployment \\S+: " + after);
        List<String> seen = new ArrayList<>();
        for (String text : console.lines().toList()) {
            Matcher matcher = line.matcher(text.strip());
            if (matcher.lookingAt() && (seen.isEmpty() || !seen.getLast().equals(matcher.group(1)))) {
                seen.add(matcher.group(1));
            }
        }
        return seen;
    }

    private static Images images() {
        String registry = Moto.ACCOUNT_ID + ".dkr.ecr." + Moto.REGION + ".amazonaws.com/";
        return Images.of(service -> registry + service + "@" + DIGEST);
    }
}
