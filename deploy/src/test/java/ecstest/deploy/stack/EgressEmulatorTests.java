package ecstest.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.fixtures.EmulatedAccount;
import ecstest.testsupport.RequiresTools;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;

/**
 * Each EGRESS made from scratch and as a change of a built stack, against the emulator, its topology read back
 * through the API: a NAT gateway and a private default route (nat), tasks in the public subnets with public addresses
 * and no NAT gateway (public), no route out of the private subnets and the endpoints the tasks need (endpoints); a
 * second {@code up} that changes nothing; {@code down} that leaves nothing.
 */
@RequiresTools("moto_server")
class EgressEmulatorTests {

    private EmulatedAccount account;
    private AwsClients aws;

    @BeforeEach
    void start() throws Exception {
        account = EmulatedAccount.start();
        aws = account.clients();
    }

    @AfterEach
    void stop() {
        if (aws != null) {
            aws.close();
        }
        if (account != null) {
            account.close();
        }
    }

    @Test
    void publicRunsTheTasksInThePublicSubnetsWithAddressesAndNoNatGateway() {
        Map<String, String> set = Map.of("EGRESS", "public");
        account.provisioner(aws, set).up(false);

        assertPublic();
        assertSecondUpChangesNothing(set);
        assertThat(account.teardown(aws, set).down()).as(account.console()).isEmpty();
    }

    @Test
    void endpointsLeaveThePrivateSubnetsNoWayOutButTheApisTheTasksNeed() {
        Map<String, String> set = Map.of("EGRESS", "endpoints");
        account.provisioner(aws, set).up(false);

        assertEndpoints();
        assertSecondUpChangesNothing(set);
        assertThat(account.teardown(aws, set).down()).as(account.console()).isEmpty();
    }

    @Test
    void aBuiltStackMovesFromNatToPublicToEndpointsAndBackInPlace() {
        account.provisioner(aws).up(false);
        assertThat(natGateways()).hasSize(1);
        String plan = account.plan("EGRESS=public");
        assertThat(plan)
                .contains("networkConfiguration: ")
                .contains("(EGRESS)")
                .contains("# remove (no step) → delete-nat-gateway")
                .contains("# remove (no step) → release-address")
                .contains("# remove (no step) → delete-route")
                .contains("with EGRESS=nat $");

        account.provisioner(aws, Map.of("EGRESS", "public")).up(false);
        assertPublic();
        assertSecondUpChangesNothing(Map.of("EGRESS", "public"));

        account.provisioner(aws, Map.of("EGRESS", "endpoints")).up(false);
        assertEndpoints();
        assertSecondUpChangesNothing(Map.of("EGRESS", "endpoints"));

        account.provisioner(aws).up(false);
        assertThat(natGateways()).hasSize(1);
        assertThat(endpoints()).isEmpty();
        assertThat(defaultRoutes("private"))
                .singleElement()
                .satisfies(r -> assertThat(r.natGatewayId())
                        .as("%s", r)
                        .isEqualTo(natGateways().getFirst()));
        assertThat(tasksNetwork("gate-server").assignPublicIpAsString()).isEqualTo("DISABLED");
        assertSecondUpChangesNothing(Map.of());
        assertThat(account.teardown(aws).down()).as(account.console()).isEmpty();
    }

    private void assertPublic() {
        assertThat(natGateways()).as("NAT gateways").isEmpty();
        assertThat(addresses()).as("Elastic IPs").isEmpty();
        assertThat(defaultRoutes("private")).as("the private subnets' way out").isEmpty();
        assertThat(endpoints()).isEmpty();
        for (String service : List.of("gate-server", "data-server")) {
            AwsVpcConfiguration network = tasksNetwork(service);
            assertThat(network.assignPublicIpAsString()).isEqualTo("ENABLED");
            assertThat(network.subnets())
                    .allSatisfy(subnet -> assertThat(tier(subnet)).isEqualTo("public"));
            assertThat(network.securityGroups()).hasSize(1);
        }
    }

    private void assertEndpoints() {
        assertThat(natGateways()).as("NAT gateways").isEmpty();
        assertThat(addresses()).as("Elastic IPs").isEmpty();
        assertThat(defaultRoutes("private")).as("the private subnets' way out").isEmpty();
        assertThat(endpoints())
                .extracting(e -> e.serviceName().replace("com.amazonaws.ap-northeast-2.", ""))
                .containsExactlyInAnyOrder("ecr.api", "ecr.dkr", "logs", "ssm", "monitoring", "s3");
        assertThat(endpoints()).allSatisfy(endpoint -> {
            if (endpoint.vpcEndpointTypeAsString().equals("Interface")) {
                assertThat(endpoint.privateDnsEnabled()).isTrue();
                assertThat(endpoint.subnetIds())
                        .hasSize(2)
                        .allSatisfy(s -> assertThat(tier(s)).isEqualTo("private"));
            } else {
                assertThat(endpoint.routeTableIds()).containsExactly(table("private"));
            }
        });
        for (String service : List.of("gate-server", "data-server")) {
            AwsVpcConfiguration network = tasksNetwork(service);
            assertThat(network.assignPublicIpAsString()).isEqualTo("DISABLED");
            assertThat(network.subnets())
                    .allSatisfy(subnet -> assertThat(tier(subnet)).isEqualTo("private"));
        }
        assertThat(aws.ec2()
                        .describeSecurityGroups(
                                r -> r.filters(f -> f.name("group-name").values("ecs-test-endpoints")))
                        .securityGroups()
                        .getFirst()
                        .ipPermissions())
                .singleElement()
                .satisfies(permission -> {
                    assertThat(permission.fromPort()).isEqualTo(443);
                    assertThat(permission.userIdGroupPairs()).hasSize(2);
                    assertThat(permission.ipRanges()).isEmpty();
                });
    }

    private void assertSecondUpChangesNothing(Map<String, String> set) {
        account.calls.clear();
        account.provisioner(aws, set).up(false);
        assertThat(account.calls.mutating()).as("a second up with " + set).isEmpty();
    }

    private static Filter ours() {
        return Filter.builder().name("tag:ecs-test:stack").values("ecs-test").build();
    }

    private List<String> natGateways() {
        return aws.ec2().describeNatGateways(r -> r.filter(ours())).natGateways().stream()
                .filter(n -> !n.stateAsString().startsWith("delet"))
                .map(n -> n.natGatewayId())
                .toList();
    }

    private List<String> addresses() {
        return aws.ec2().describeAddresses(r -> r.filters(ours())).addresses().stream()
                .map(a -> a.allocationId())
                .toList();
    }

    private List<VpcEndpoint> endpoints() {
        return aws.ec2().describeVpcEndpoints(r -> r.filters(ours())).vpcEndpoints().stream()
                .filter(e -> !e.stateAsString().toLowerCase().startsWith("delet"))
                .toList();
    }

    private String table(String name) {
        return aws.ec2()
                .describeRouteTables(r -> r.filters(f -> f.name("tag:Name").values("ecs-test-" + name)))
                .routeTables()
                .getFirst()
                .routeTableId();
    }

    private List<Route> defaultRoutes(String name) {
        return aws
                .ec2()
                .describeRouteTables(r -> r.routeTableIds(table(name)))
                .routeTables()
                .getFirst()
                .routes()
                .stream()
                .filter(route -> "0.0.0.0/0".equals(route.destinationCidrBlock()))
                .toList();
    }

    private String tier(String subnet) {
        return aws.ec2().describeSubnets(r -> r.subnetIds(subnet)).subnets().getFirst().tags().stream()
                .filter(t -> t.key().equals("ecs-test:tier"))
                .map(t -> t.value())
                .findFirst()
                .orElse("?");
    }

    private AwsVpcConfiguration tasksNetwork(String service) {
        return EmulatedAccount.service(aws, service).networkConfiguration().awsvpcConfiguration();
    }
}
