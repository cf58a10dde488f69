package ecstest.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.fixtures.EmulatedAccount;
import ecstest.deploy.fixtures.Moto;
import ecstest.deploy.fixtures.RecordingInterceptor;
import ecstest.deploy.rollout.Images;
import ecstest.testsupport.RequiresTools;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * A setting changed on a built stack reaches AWS on the next `up`, read back through the AWS API, and the `up`
 * after that changes nothing; a setting AWS cannot change in place stops `up` before its first mutating call.
 */
@RequiresTools("moto_server")
class StackConvergenceEmulatorTests {

    private static final String DIGEST = "sha256:" + "cd".repeat(32);

    private EmulatedAccount account;
    private RecordingInterceptor calls;
    private AwsClients aws;

    @BeforeEach
    void buildTheStack() throws Exception {
        account = EmulatedAccount.built();
        calls = account.calls;
        aws = account.clients();
    }

    @AfterEach
    void stopEmulator() {
        if (aws != null) {
            aws.close();
        }
        if (account != null) {
            account.close();
        }
    }

    private software.amazon.awssdk.services.cloudwatch.model.MetricAlarm alarm(String name) {
        return aws.cloudWatch()
                .describeAlarms(r -> r.alarmNames(name))
                .metricAlarms()
                .getFirst();
    }

    static Stream<Arguments> convergentSettings() {
        return Stream.of(
                setting(
                        "GATE_DESIRED_COUNT",
                        "2",
                        t -> String.valueOf(t.service("gate-server").desiredCount())),
                setting(
                        "DATA_DESIRED_COUNT",
                        "3",
                        t -> String.valueOf(t.service("data-server").desiredCount())),
                setting("GATE_MEMORY", "2048", t -> t.running("gate-server").memory()),
                setting("DATA_MEMORY", "1024", t -> t.running("data-server").memory()),
                setting(
                        "HEALTH_CHECK_START_PERIOD_SECONDS",
                        "45",
                        t -> String.valueOf(t.running("gate-server")
                                .containerDefinitions()
                                .getFirst()
                                .healthCheck()
                                .startPeriod())),
                setting(
                        "CPU_ARCHITECTURE",
                        "X86_64",
                        t -> t.running("data-server").runtimePlatform().cpuArchitectureAsString()),
                setting(
                        "GATE_TARGET_CPU_PERCENT",
                        "60",
                        t -> String.valueOf(t.aws.scaling()
                                .describeScalingPolicies(
                                        r -> r.serviceNamespace("ecs").resourceId("service/ecs-test/gate-server"))
                                .scalingPolicies()
                                .getFirst()
                                .targetTrackingScalingPolicyConfiguration()
                                .targetValue()
                                .intValue())),
                setting("DNS_TTL_SECONDS", "20", t -> String.valueOf(t.registryTtl("data-server"))),
                // back to a rolling update: the strategy, and no alternate target group on the load balancer
                setting("GATE_DEPLOYMENT_STRATEGY", "ROLLING", t -> {
                    var gate = t.service("gate-server");
                    return gate.deploymentConfiguration().strategyAsString()
                            + (gate.loadBalancers().getFirst().advancedConfiguration() == null ? "" : " +alternate");
                }),
                setting(
                        "GATE_CANARY_PERCENT",
                        "20",
                        t -> String.valueOf(t.service("gate-server")
                                .deploymentConfiguration()
                                .canaryConfiguration()
                                .canaryPercent()
                                .intValue())),
                setting(
                        "ROLLOUT_ALARM_5XX_PER_MINUTE",
                        "10",
                        t -> String.valueOf(
                                t.alarm("ecs-test-gate-server-5xx").threshold().intValue())),
                setting(
                        "ROLLOUT_ALARM_UPSTREAM_ERRORS_PER_MINUTE",
                        "9",
                        t -> String.valueOf(t.alarm("ecs-test-gate-server-upstream-errors")
                                .threshold()
                                .intValue())),
                setting(
                        "GATE_MAX_TASKS",
                        "6",
                        t -> String.valueOf(t.aws.scaling()
                                .describeScalableTargets(r -> r.serviceNamespace("ecs"))
                                .scalableTargets()
                                .getFirst()
                                .maxCapacity())),
                setting(
                        "LOG_RETENTION_DAYS",
                        "30",
                        t -> String.valueOf(t.aws.logs()
                                .describeLogGroups(r -> r.logGroupNamePrefix("/ecs/ecs-test/gate-server"))
                                .logGroups()
                                .getFirst()
                                .retentionInDays())));
    }

    private static Arguments setting(String name, String value, Function<StackConvergenceEmulatorTests, String> read) {
        return Arguments.of(name, value, read);
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("convergentSettings")
    void aChangedSettingReachesAwsAndTheNextUpChangesNothing(
            String name, String value, Function<StackConvergenceEmulatorTests, String> read) {
        assertThat(read.apply(this)).as("%s before", name).isNotEqualTo(value);

        StackProvisioner.Outcome changed = provisioner(with(name, value)).up(false);

        assertThat(read.apply(this))
                .as("%s through the AWS API after up:%n%s", name, account.console())
                .isEqualTo(value);
        assertThat(calls.mutating()).as("the update's calls").isNotEmpty();
        System.out.printf("%s=%s: %d calls created, %d updated%n", name, value, changed.created(), changed.updated());
        calls.clear();
        provisioner(with(name, value)).up(false);
        assertThat(calls.mutating())
                .as("mutating calls of the next up:%n%s", account.console())
                .isEmpty();
    }

    @Test
    void aNewTaskSizeMovesTheServiceToANewRevisionThatKeepsTheDeployedImage() {
        Images images = Images.of(service -> registry() + service + "@" + DIGEST);
        assertThat(account.rollout(aws).deploy(images, false)).isTrue();
        calls.clear();

        provisioner().up(false);
        assertThat(calls.mutating())
                .as("an up after deploy:%n%s", account.console())
                .isEmpty();

        provisioner(with("GATE_MEMORY", "1024")).up(false);

        TaskDefinition running = running("gate-server");
        assertThat(running.memory()).isEqualTo("1024");
        assertThat(running.containerDefinitions().getFirst().image()).isEqualTo(images.gateServer());
        assertThat(account.console()).contains("update  ").contains("memory: 512 → 1024");
    }

    @Test
    void aScalingPolicyTheSettingsNoLongerAskForIsRemoved() {
        provisioner(with("GATE_TARGET_REQUESTS_PER_TASK", "6000")).up(false);
        assertThat(policyNames()).contains("ecs-test-gate-server-requests");

        assertThat(account.plan())
                .contains("# remove (no step) → delete-scaling-policy: GATE_TARGET_REQUESTS_PER_TASK is empty");
        provisioner().up(false);

        assertThat(policyNames()).containsExactly("ecs-test-gate-server-cpu");
        calls.clear();
        provisioner().up(false);
        assertThat(calls.mutating()).isEmpty();
    }

    private java.util.List<String> policyNames() {
        return aws
                .scaling()
                .describeScalingPolicies(r -> r.serviceNamespace("ecs").resourceId("service/ecs-test/gate-server"))
                .scalingPolicies()
                .stream()
                .map(p -> p.policyName())
                .toList();
    }

    @Test
    void aCountSetByScaleOrAutoscalingStaysWhenItsSettingDidNotChange() {
        aws.ecs()
                .updateService(r -> r.cluster("ecs-test").service("gate-server").desiredCount(3));
        calls.clear();

        provisioner().up(false);

        assertThat(calls.mutating()).isEmpty();
        assertThat(service("gate-server").desiredCount()).isEqualTo(3);
        assertThat(account.console()).contains("runs 3 tasks where GATE_DESIRED_COUNT=1");
    }

    /** Settings whose step's own call sets them again are updates too, said old → new (not "create"). */
    @Test
    void planShowsBoundsRetentionAndTargetGroupAttributesAsOldToNew() {
        String plan = account.plan(
                "GATE_MAX_TASKS=6",
                "LOG_RETENTION_DAYS=30",
                "DEREGISTRATION_DELAY_SECONDS=60",
                "GATE_SLOW_START_SECONDS=300");

        assertThat(plan)
                .contains("# update 55-application-autoscaling-register-scalable-target-gate-server.json →"
                        + " register-scalable-target: bounds of gate-server's task count: 1..4 → 1..6"
                        + " (GATE_MIN_TASKS..GATE_MAX_TASKS)")
                .contains("→ put-retention-policy: retention of /ecs/ecs-test/gate-server: 14 → 30 days"
                        + " (LOG_RETENTION_DAYS)")
                .contains("→ modify-target-group-attributes: attributes of gate-server:"
                        + " deregistration_delay.timeout_seconds 30 → 60 (DEREGISTRATION_DELAY_SECONDS),"
                        + " slow_start.duration_seconds 120 → 300 (GATE_SLOW_START_SECONDS)")
                .contains("# 5 calls to make, 51 already applied")
                .doesNotContain("# create");
        assertThat(calls.mutating()).isEmpty();
    }

    @Test
    void planShowsEachPendingChangeAsOldToNewAndChangesNothing() {
        StackProvisioner.Outcome outcome =
                provisioner(with("GATE_TARGET_CPU_PERCENT", "55")).up(true);

        assertThat(outcome.created()).isEqualTo(1);
        assertThat(calls.mutating()).isEmpty();
        assertThat(account.console())
                .contains("would update  56-application-autoscaling-put-scaling-policy-gate-server-cpu.json →"
                        + " put-scaling-policy: ecs-test-gate-server-cpu: TargetValue: 40.0 → 55.0");
        String plan = account.plan("GATE_TARGET_CPU_PERCENT=55", "DNS_TTL_SECONDS=30");
        assertThat(plan)
                .contains("# update 56-application-autoscaling-put-scaling-policy-gate-server-cpu.json")
                .contains("aws application-autoscaling put-scaling-policy --cli-input-json '{\"PolicyName\":"
                        + "\"ecs-test-gate-server-cpu\"")
                .contains("records of data-server: TTL 10 → 30 s (DNS_TTL_SECONDS)")
                .contains("aws servicediscovery update-service --cli-input-json '{\"Id\":\"srv-")
                .contains("# 3 calls to make, 53 already applied");
        assertThat(calls.mutating()).isEmpty();
    }

    static Stream<Arguments> settingsAwsCannotChangeInPlace() {
        return Stream.of(
                Arguments.of("VPC_CIDR", "10.1.0.0/16", "a VPC's CIDR block"),
                Arguments.of("PRIVATE_SUBNET_B_CIDR", "10.0.9.0/24", "a subnet's CIDR block"),
                Arguments.of("AZ_B", Moto.REGION + "b", "a subnet's availability zone"),
                Arguments.of("GATE_PORT", "9090", "a target group's port"));
    }

    @Test
    void oneNatGatewayAgainOnAStackBuiltWithTwoIsRefusedBeforeAnyChange() {
        provisioner(with("NAT_PER_AZ", "true")).up(false);
        calls.clear();

        assertThatThrownBy(() -> provisioner().up(false))
                .isInstanceOf(DeployException.class)
                .hasMessageStartingWith("NAT_PER_AZ is false but the stack was built with true");
        assertThat(calls.mutating()).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("settingsAwsCannotChangeInPlace")
    void aSettingAwsCannotChangeInPlaceStopsUpBeforeAnyChange(String name, String value, String what) {
        assertThatThrownBy(() -> provisioner(with(name, value)).up(false))
                .isInstanceOf(DeployException.class)
                .hasMessageStartingWith(name + " is " + value + " but the stack was built with ")
                .hasMessageContaining("AWS cannot change " + what + " in place")
                .hasMessageContaining("`down --yes` and `up`");
        assertThat(calls.mutating()).isEmpty();
    }

    private Map<String, String> with(String name, String value) {
        Map<String, String> values = new HashMap<String, String>();
        values.put(name, value);
        if (name.equals("VPC_CIDR")) { // subnets inside the new block, so that only the VPC's own CIDR moves
            values.put("PUBLIC_SUBNET_A_CIDR", "10.1.0.0/24");
            values.put("PUBLIC_SUBNET_B_CIDR", "10.1.1.0/24");
            values.put("PRIVATE_SUBNET_A_CIDR", "10.1.2.0/24");
            values.put("PRIVATE_SUBNET_B_CIDR", "10.1.3.0/24");
        }
        return values;
    }

    Service service(String name) {
        return EmulatedAccount.service(aws, name);
    }

    TaskDefinition running(String name) {
        return aws.ecs()
                .describeTaskDefinition(r -> r.taskDefinition(service(name).taskDefinition()))
                .taskDefinition();
    }

    boolean privateSubnetBRoutesThrough(String routeTable) {
        String subnet = aws.ec2()
                .describeSubnets(r -> r.filters(f -> f.name("tag:Name").values("ecs-test-private-b")))
                .subnets()
                .getFirst()
                .subnetId();
        return aws
                .ec2()
                .describeRouteTables(
                        r -> r.filters(f -> f.name("association.subnet-id").values(subnet)))
                .routeTables()
                .stream()
                .anyMatch(table -> table.tags().stream()
                        .anyMatch(tag -> tag.key().equals("Name") && tag.value().equals(routeTable)));
    }

    long registryTtl(String name) {
        String id = aws.cloudMap().listServices().services().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow()
                .id();
        return aws.cloudMap()
                .getService(r -> r.id(id))
                .service()
                .dnsConfig()
                .dnsRecords()
                .getFirst()
                .ttl();
    }

    private static String registry() {
        return Moto.ACCOUNT_ID + ".dkr.ecr." + Moto.REGION + ".amazonaws.com/";
    }

    private StackProvisioner provisioner(Map<String, String> set) {
        return account.provisioner(aws, set);
    }

    private StackProvisioner provisioner() {
        return account.provisioner(aws);
    }
}
