package ecstest.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.fixtures.EmulatedAccount;
import ecstest.deploy.fixtures.Moto;
import ecstest.deploy.fixtures.RecordingInterceptor;
import ecstest.deploy.fixtures.TestStack;
import ecstest.testsupport.RequiresTools;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/** `up` against moto_server: the topology through the AWS APIs, what was sent, and idempotency. */
@RequiresTools("moto_server")
class StackLifecycleEmulatorTests {

    private EmulatedAccount account;
    private RecordingInterceptor calls;
    private AwsClients aws;

    @BeforeEach
    void startEmulator() throws Exception {
        account = EmulatedAccount.start();
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

    @Test
    void upBuildsTheTopologyAndASecondUpChangesNothing() {
        StackProvisioner.Outcome first = provisioner().up(false);
        int firstCalls = calls.sent().size();
        int firstMutating = calls.mutating().size();

        assertThat(first.created()).isEqualTo(TestStack.plan().entries().size());
        assertThat(first.url()).startsWith("http://").endsWith("/");
        assertTopology();
        assertSentWhatMotoDoesNotEcho();

        calls.clear();
        StackProvisioner.Outcome second = provisioner().up(false);

        assertThat(second.created()).as(account.console()).isZero();
        assertThat(second.unchanged()).isEqualTo(TestStack.plan().entries().size());
        assertThat(calls.mutating()).as("mutating calls of a second up").isEmpty();
        assertThat(firstMutating).isEqualTo(TestStack.plan().entries().size());
        System.out.printf(
                "up against moto: first run %d API calls (%d mutating), second run %d (0 mutating)%n",
                firstCalls, firstMutating, calls.sent().size());
    }

    @Test
    void theTaskRolesMayOnlyPublishTheStacksMetricsAndReadTheirOwnSettingsAndRequestScalingIsOptIn() {
        Map<String, String> values = new HashMap<String, String>();
        values.put("GATE_TARGET_REQUESTS_PER_TASK", "6000");

        StackProvisioner.Outcome outcome = provisioner(values).up(false);

        assertThat(outcome.created()).isEqualTo(TestStack.plan().entries().size() + 1);
        String gatePolicy = URLDecoder.decode(
                aws.iam()
                        .getRolePolicy(
                                r -> r.roleName("ecs-test-gate-server-task").policyName("gate-server-task"))
                        .policyDocument(),
                StandardCharsets.UTF_8);
        assertThat(gatePolicy)
                .contains("\"Action\":\"cloudwatch:PutMetricData\"")
                .contains("\"cloudwatch:namespace\":\"ecs-test\"")
                .contains("parameter/ecs-test/gate-server/*");
        assertThat(aws.ecs()
                        .describeTaskDefinition(r -> r.taskDefinition("ecs-test-gate-server"))
                        .taskDefinition()
                        .taskRoleArn())
                .isEqualTo("arn:aws:iam::" + Moto.ACCOUNT_ID + ":role/ecs-test-gate-server-task");

        var policies = aws.scaling()
                .describeScalingPolicies(r -> r.serviceNamespace("ecs").resourceId("service/ecs-test/gate-server"))
                .scalingPolicies();
        assertThat(policies).hasSize(2);
        var requests = policies.stream()
                .filter(p -> p.policyName().equals("ecs-test-gate-server-requests"))
                .findFirst()
                .orElseThrow()
                .targetTrackingScalingPolicyConfiguration();
        String lb = aws.elb()
                .describeLoadBalancers(r -> r.names("ecs-test"))
                .loadBalancers()
                .getFirst()
                .loadBalancerArn();
        String tg = aws.elb()
                .describeTargetGroups(r -> r.names("ecs-test-gate-server"))
                .targetGroups()
                .getFirst()
                .targetGroupArn();
        assertThat(requests.targetValue()).isEqualTo(6000.0);
        assertThat(requests.predefinedMetricSpecification().predefinedMetricTypeAsString())
                .isEqualTo("ALBRequestCountPerTarget");
        assertThat(requests.predefinedMetricSpecification().resourceLabel())
                .isEqualTo(lb.substring(lb.indexOf(":loadbalancer/") + 14) + "/"
                        + tg.substring(tg.indexOf(":targetgroup/") + 1))
                .startsWith("app/ecs-test/")
                .contains("/targetgroup/ecs-test-gate-server/");

        // a changed role policy is put again on the next up; nothing else changes
        calls.clear();
        StackProvisioner.Outcome again = provisioner(values).up(false);
        assertThat(again.created()).isZero();
    }

    @Test
    void dryRunListsTheCallsAndChangesNothing() {
        StackProvisioner.Outcome outcome = provisioner().up(true);

        assertThat(outcome.created()).isEqualTo(TestStack.plan().entries().size());
        assertThat(calls.mutating()).isEmpty();
        assertThat(account.console())
                .contains("would create  09-ec2-create-vpc.json")
                .contains("nothing changed");
    }

    @Test
    void planPrintsThePendingCallsAsAwsCommandsAndNothingOnceUp() {
        String before = plan();

        assertThat(before).contains("# 56 calls to make, 0 already applied");
        assertThat(before.lines().filter(line -> line.startsWith("aws "))).hasSize(56);
        assertThat(before)
                .contains("aws iam create-role --cli-input-json '{\"RoleName\":\"ecs-test-task-execution\"")
                .contains("# after the calls that create VPC_ID:");
        assertThat(calls.mutating()).isEmpty();

        provisioner().up(false);

        assertThat(plan()).contains("# 0 calls to make, 56 already applied");
    }

    private String plan() {
        return account.plan();
    }

    private void assertTopology() {
        String vpc = aws.ec2()
                .describeVpcs(r -> r.filters(tag("Name", "ecs-test-vpc")))
                .vpcs()
                .getFirst()
                .vpcId();
        List<Subnet> subnets =
                aws.ec2().describeSubnets(r -> r.filters(vpcFilter(vpc))).subnets();
        Map<String, Set<String>> azsByTier = subnets.stream()
                .collect(Collectors.groupingBy(
                        s -> tagValue(s.tags(), "ecs-test:tier"),
                        Collectors.mapping(Subnet::availabilityZone, Collectors.toSet())));
        assertThat(azsByTier.get("public")).hasSize(2);
        assertThat(azsByTier.get("private")).hasSize(2).isEqualTo(azsByTier.get("public"));

        RouteTable publicRoutes = routeTable("ecs-test-public");
        RouteTable privateRoutes = routeTable("ecs-test-private");
        assertThat(publicRoutes.routes())
                .anyMatch(r -> "0.0.0.0/0".equals(r.destinationCidrBlock())
                        && r.gatewayId() != null
                        && r.gatewayId().startsWith("igw-"));
        assertThat(privateRoutes.routes())
                .anyMatch(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()) && r.natGatewayId() != null);
        assertThat(publicRoutes.associations()).hasSize(2);
        assertThat(privateRoutes.associations()).hasSize(2);

        String albGroup = groupId(vpc, "ecs-test-alb");
        String gateGroup = groupId(vpc, "ecs-test-gate-server");
        String dataGroup = groupId(vpc, "ecs-test-data-server");
        assertThat(ingress(gateGroup)).singleElement().satisfies(rule -> {
            assertThat(rule.fromPort()).isEqualTo(8080);
            assertThat(rule.ipRanges()).isEmpty();
            assertThat(rule.userIdGroupPairs())
                    .singleElement()
                    .satisfies(p -> assertThat(p.groupId()).isEqualTo(albGroup));
        });
        assertThat(ingress(dataGroup)).singleElement().satisfies(rule -> {
            assertThat(rule.fromPort()).isEqualTo(4000);
            assertThat(rule.ipRanges())
                    .as("not the VPC CIDR: the gate group only")
                    .isEmpty();
            assertThat(rule.userIdGroupPairs())
                    .singleElement()
                    .satisfies(p -> assertThat(p.groupId()).isEqualTo(gateGroup));
        });

        Set<String> publicSubnets = subnets.stream()
                .filter(s -> "public".equals(tagValue(s.tags(), "ecs-test:tier")))
                .map(Subnet::subnetId)
                .collect(Collectors.toSet());
        assertThat(aws.elb()
                        .describeLoadBalancers(r -> r.names("ecs-test"))
                        .loadBalancers()
                        .getFirst()
                        .availabilityZones())
                .extracting(az -> az.subnetId())
                .containsExactlyInAnyOrderElementsOf(publicSubnets);
        TargetGroup group = aws.elb()
                .describeTargetGroups(r -> r.names("ecs-test-gate-server"))
                .targetGroups()
                .getFirst();
        assertThat(group.healthCheckPath()).isEqualTo("/actuator/health/readiness");
        assertThat(group.targetTypeAsString()).isEqualTo("ip");
        assertThat(aws.elb()
                        .describeTargetGroupAttributes(r -> r.targetGroupArn(group.targetGroupArn()))
                        .attributes())
                .anyMatch(a -> a.key().equals("deregistration_delay.timeout_seconds")
                        && a.value().equals("30"));

        String namespace = aws.cloudMap().listNamespaces().namespaces().stream()
                .filter(ns -> ns.name().equals("ecs-test"))
                .findFirst()
                .orElseThrow()
                .id();
        assertThat(aws.cloudMap()
                        .listServices(r -> r.filters(f -> f.name("NAMESPACE_ID").values(namespace)))
                        .services())
                .extracting(s -> s.name())
                .containsExactlyInAnyOrder("gate-server", "data-server");
        assertThat(aws.ecs()
                        .describeServices(r -> r.cluster("ecs-test").services("gate-server", "data-server"))
                        .services())
                .allSatisfy(service -> assertThat(service.serviceRegistries()).hasSize(1));

        assertThat(aws.scaling()
                        .describeScalableTargets(r -> r.serviceNamespace("ecs"))
                        .scalableTargets())
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.resourceId()).isEqualTo("service/ecs-test/gate-server");
                    assertThat(t.minCapacity()).isEqualTo(1);
                    assertThat(t.maxCapacity()).isEqualTo(4);
                });
        assertThat(aws.scaling()
                        .describeScalingPolicies(r -> r.serviceNamespace("ecs"))
                        .scalingPolicies())
                .singleElement()
                .satisfies(p -> assertThat(
                                p.targetTrackingScalingPolicyConfiguration().targetValue())
                        .isEqualTo(40.0));
    }

    /** moto does not echo these on describe-services; what up sent must carry them. */
    private void assertSentWhatMotoDoesNotEcho() {
        List<CreateServiceRequest> services = calls.sent(CreateServiceRequest.class);
        assertThat(services).hasSize(2).allSatisfy(service -> {
            assertThat(service.deploymentConfiguration().alarms().enable()).isTrue();
            assertThat(service.deploymentConfiguration().alarms().rollback()).isTrue();
            assertThat(service.networkConfiguration().awsvpcConfiguration().assignPublicIpAsString())
                    .isEqualTo("DISABLED");
        });
        assertThat(services)
                .filteredOn(s -> s.serviceName().equals("data-server"))
                .singleElement()
                .satisfies(data -> {
                    assertThat(data.deploymentConfiguration()
                                    .deploymentCircuitBreaker()
                                    .enable())
                            .isTrue();
                    assertThat(data.deploymentConfiguration()
                                    .deploymentCircuitBreaker()
                                    .rollback())
                            .isTrue();
                });
        // the default strategy shifts traffic through the alternate target group and the production rule
        assertThat(services)
                .filteredOn(s -> s.serviceName().equals("gate-server"))
                .singleElement()
                .satisfies(gate -> {
                    assertThat(gate.deploymentConfiguration().strategyAsString())
                            .isEqualTo("CANARY");
                    assertThat(gate.loadBalancers()
                                    .getFirst()
                                    .advancedConfiguration()
                                    .alternateTargetGroupArn())
                            .contains(":targetgroup/ecs-test-gate-alt/");
                    assertThat(gate.loadBalancers()
                                    .getFirst()
                                    .advancedConfiguration()
                                    .productionListenerRule())
                            .contains(":listener-rule/app/ecs-test/");
                });
        assertThat(services)
                .filteredOn(s -> s.serviceName().equals("gate-server"))
                .singleElement()
                .satisfies(
                        gate -> assertThat(gate.healthCheckGracePeriodSeconds()).isEqualTo(60));
    }

    private StackProvisioner provisioner(Map<String, String> set) {
        return account.provisioner(aws, set);
    }

    private StackProvisioner provisioner() {
        return account.provisioner(aws);
    }

    private RouteTable routeTable(String name) {
        return aws.ec2()
                .describeRouteTables(r -> r.filters(tag("Name", name)))
                .routeTables()
                .getFirst();
    }

    private String groupId(String vpc, String name) {
        return aws.ec2()
                .describeSecurityGroups(r -> r.filters(
                        vpcFilter(vpc),
                        Filter.builder().name("group-name").values(name).build()))
                .securityGroups()
                .getFirst()
                .groupId();
    }

    private List<IpPermission> ingress(String groupId) {
        return aws.ec2()
                .describeSecurityGroups(r -> r.groupIds(groupId))
                .securityGroups()
                .getFirst()
                .ipPermissions();
    }

    private static Filter tag(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }

    private static Filter vpcFilter(String vpc) {
        return Filter.builder().name("vpc-id").values(vpc).build();
    }

    private static String tagValue(List<software.amazon.awssdk.services.ec2.model.Tag> tags, String key) {
        return tags.stream()
                .filter(t -> t.key().equals(key))
                .map(t -> t.value())
                .findFirst()
                .orElse(null);
    }
}
