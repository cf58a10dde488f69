package ecstest.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.fixtures.EmulatedAccount;
import ecstest.deploy.fixtures.FailingInterceptor;
import ecstest.deploy.fixtures.RecordingInterceptor;
import ecstest.deploy.fixtures.TestStack;
import ecstest.testsupport.RequiresTools;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.model.DeleteNatGatewayRequest;
import software.amazon.awssdk.services.ec2.model.DeleteRouteTableRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSecurityGroupRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSubnetRequest;
import software.amazon.awssdk.services.ec2.model.DeleteVpcRequest;
import software.amazon.awssdk.services.ec2.model.DetachInternetGatewayRequest;
import software.amazon.awssdk.services.ec2.model.DisassociateRouteTableRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ReleaseAddressRequest;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ecs.model.DeleteClusterRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteTargetGroupRequest;
import software.amazon.awssdk.services.iam.model.DeleteRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.DeleteRoleRequest;
import software.amazon.awssdk.services.servicediscovery.model.DeleteNamespaceRequest;

/**
 * `down` against moto_server. moto lets a wrong order through (a security group still in use, an
 * address still held by a NAT gateway, a namespace with services), so the order is checked on the
 * recorded calls against AWS's dependency rules.
 */
@RequiresTools("moto_server")
class StackTeardownEmulatorTests {

    private EmulatedAccount account;
    private RecordingInterceptor calls;

    @BeforeEach
    void startEmulator() throws Exception {
        account = EmulatedAccount.start();
        calls = account.calls;
    }

    @AfterEach
    void stopEmulator() {
        if (account != null) {
            account.close();
        }
    }

    @Test
    void downRemovesEverythingInAwsDependencyOrderAndASecondDownIsANoOp() {
        try (AwsClients aws = clients()) {
            up(aws);
            List<String> groups = List.of("ecs-test-data-server", "ecs-test-gate-server", "ecs-test-alb").stream()
                    .map(name -> aws.ec2()
                            .describeSecurityGroups(r -> r.filters(Filter.builder()
                                    .name("group-name")
                                    .values(name)
                                    .build()))
                            .securityGroups()
                            .getFirst()
                            .groupId())
                    .toList();
            calls.clear();

            assertThat(down(aws)).as(account.console()).isEmpty();
            List<SdkRequest> sent = calls.sent();

            assertBefore(sent, DeleteListenerRequest.class, DeleteTargetGroupRequest.class);
            assertBefore(sent, DeleteNatGatewayRequest.class, ReleaseAddressRequest.class);
            assertBefore(sent, ReleaseAddressRequest.class, DetachInternetGatewayRequest.class);
            assertBefore(
                    sent,
                    software.amazon.awssdk.services.servicediscovery.model.DeleteServiceRequest.class,
                    DeleteNamespaceRequest.class);
            assertBefore(
                    sent,
                    software.amazon.awssdk.services.ecs.model.DeleteServiceRequest.class,
                    DeleteClusterRequest.class);
            assertBefore(
                    sent,
                    software.amazon.awssdk.services.ecs.model.DeleteServiceRequest.class,
                    DeleteSecurityGroupRequest.class);
            assertBefore(sent, DeleteLoadBalancerRequest.class, DeleteSecurityGroupRequest.class);
            assertBefore(sent, DeleteNatGatewayRequest.class, DeleteSubnetRequest.class);
            assertBefore(sent, DeleteLoadBalancerRequest.class, DeleteSubnetRequest.class);
            assertBefore(sent, DisassociateRouteTableRequest.class, DeleteRouteTableRequest.class);
            assertBefore(sent, DeleteSubnetRequest.class, DeleteVpcRequest.class);
            assertBefore(sent, DeleteSecurityGroupRequest.class, DeleteVpcRequest.class);
            assertBefore(sent, DeleteRouteTableRequest.class, DeleteVpcRequest.class);
            assertBefore(sent, DetachInternetGatewayRequest.class, DeleteVpcRequest.class);
            // a role's inline policies go before the role (IAM refuses to delete a role that has one)
            assertThat(sent).anyMatch(DeleteRolePolicyRequest.class::isInstance);
            for (int i = 0; i < sent.size(); i++) {
                if (sent.get(i) instanceof DeleteRoleRequest role) {
                    List<SdkRequest> after = sent.subList(i, sent.size());
                    assertThat(after)
                            .noneMatch(r -> r instanceof DeleteRolePolicyRequest policy
                                    && policy.roleName().equals(role.roleName()));
                }
            }
            // a group still referenced by another group's rule cannot go: data → gate → load balancer
            List<String> groupsInOrder = sent.stream()
                    .filter(DeleteSecurityGroupRequest.class::isInstance)
                    .map(r -> ((DeleteSecurityGroupRequest) r).groupId())
                    .toList();
            assertThat(groupsInOrder).containsExactlyElementsOf(groups);

            calls.clear();
            assertThat(down(aws)).isEmpty();
            assertThat(calls.mutating()).as("a second down changes nothing").isEmpty();
        }
    }

    @Test
    void anUpThatFailedHalfWayResumesWithoutDuplicatesAndDownRemovesAPartialStack() {
        try (AwsClients failing = account.clients(new FailingInterceptor(CreateLoadBalancerRequest.class))) {
            assertThatThrownBy(() -> provisioner(failing).up(false))
                    .isInstanceOf(DeployException.class)
                    .hasMessageContaining("33-elbv2-create-load-balancer.json could not reach AWS: injected failure");
        }
        try (AwsClients aws = clients()) {
            assertThat(down(aws)).as("down after a partial up").isEmpty();
        }
        try (AwsClients failing = account.clients(new FailingInterceptor(CreateLoadBalancerRequest.class))) {
            assertThatThrownBy(() -> provisioner(failing).up(false)).isInstanceOf(DeployException.class);
        }
        try (AwsClients aws = clients()) {
            StackProvisioner.Outcome resumed = up(aws);
            assertThat(resumed.unchanged()).isEqualTo(32); // everything before the load balancer
            Filter stackTag = Filter.builder()
                    .name("tag:ecs-test:stack")
                    .values("ecs-test")
                    .build();
            assertThat(aws.ec2().describeVpcs(r -> r.filters(stackTag)).vpcs()).hasSize(1);
            assertThat(aws.ec2().describeSubnets(r -> r.filters(stackTag)).subnets())
                    .hasSize(4);
            assertThat(aws.ec2()
                            .describeSecurityGroups(r -> r.filters(stackTag))
                            .securityGroups())
                    .hasSize(3);
            assertThat(aws.ec2().describeNatGateways(r -> r.filter(stackTag)).natGateways())
                    .filteredOn(n -> !n.stateAsString().equals("deleted"))
                    .hasSize(1);
            assertThat(aws.elb().describeLoadBalancers().loadBalancers()).hasSize(1);
            assertThat(aws.cloudMap().listNamespaces().namespaces()).hasSize(1);
            assertThat(down(aws)).isEmpty();
        }
    }

    @Test
    void withANatGatewayPerAzEachPrivateSubnetLeavesThroughItsOwnAzAndDownRemovesBoth() {
        Map<String, String> values = new HashMap<String, String>();
        values.put("NAT_PER_AZ", "true");
        try (AwsClients aws = clients()) {
            StackProvisioner.Outcome outcome = provisioner(aws, values).up(false);
            assertThat(outcome.created())
                    .isEqualTo(TestStack.plan(java.util.Map.of("NAT_PER_AZ", "true"))
                            .entries()
                            .size())
                    .isEqualTo(TestStack.plan().entries().size() + 4);

            Filter stackTag = Filter.builder()
                    .name("tag:ecs-test:stack")
                    .values("ecs-test")
                    .build();
            Map<String, String> natBySubnet =
                    aws.ec2().describeNatGateways(r -> r.filter(stackTag)).natGateways().stream()
                            .collect(Collectors.toMap(n -> n.subnetId(), n -> n.natGatewayId()));
            assertThat(natBySubnet).hasSize(2);
            Map<String, String> subnetByName = aws.ec2().describeSubnets(r -> r.filters(stackTag)).subnets().stream()
                    .collect(Collectors.toMap(
                            sn -> sn.tags().stream()
                                    .filter(t -> t.key().equals("Name"))
                                    .findFirst()
                                    .orElseThrow()
                                    .value(),
                            sn -> sn.subnetId()));
            for (String az : List.of("a", "b")) {
                String privateSubnet = subnetByName.get("ecs-test-private-" + az);
                String expectedNat = natBySubnet.get(subnetByName.get("ecs-test-public-" + az));
                RouteTable table = aws.ec2()
                        .describeRouteTables(r -> r.filters(Filter.builder()
                                .name("association.subnet-id")
                                .values(privateSubnet)
                                .build()))
                        .routeTables()
                        .getFirst();
                assertThat(table.routes())
                        .as("private-%s leaves through the NAT gateway in its own AZ", az)
                        .anyMatch(route -> expectedNat.equals(route.natGatewayId()));
            }

            calls.clear();
            assertThat(provisioner(aws, values).up(false).created()).isZero();
            assertThat(calls.mutating()).isEmpty();

            assertThat(down(aws)).as(account.console()).isEmpty();
        }
    }

    @Test
    void downDeletesTheStacksRepositoriesAndOnlyItsOwnOfTheNamesUsedBeforeThemselves() {
        try (AwsClients aws = clients()) {
            // named after the service alone, as before repositories carried the stack: another stack's, and this one's
            aws.ecr()
                    .createRepository(r -> r.repositoryName("gate-server")
                            .tags(t -> t.key("ecs-test:stack").value("other")));
            aws.ecr()
                    .createRepository(r -> r.repositoryName("data-server")
                            .tags(t -> t.key("ecs-test:stack").value("ecs-test")));
            up(aws);

            assertThat(down(aws)).isEmpty();

            assertThat(aws.ecr().describeRepositories().repositories())
                    .extracting(r -> r.repositoryName())
                    .containsExactly("gate-server");
            assertThat(calls.sent(software.amazon.awssdk.services.ecr.model.DeleteRepositoryRequest.class))
                    .extracting(r -> r.repositoryName())
                    .containsExactlyInAnyOrder("ecs-test/gate-server", "ecs-test/data-server", "data-server");
        }
    }

    private AwsClients clients() {
        return account.clients();
    }

    private StackProvisioner provisioner(AwsClients aws, Map<String, String> set) {
        return account.provisioner(aws, set);
    }

    private StackProvisioner provisioner(AwsClients aws) {
        return account.provisioner(aws);
    }

    private StackProvisioner.Outcome up(AwsClients aws) {
        return provisioner(aws).up(false);
    }

    private List<String> down(AwsClients aws) {
        return account.teardown(aws).down();
    }

    /** Every call of type {@code first} comes before every call of type {@code then}. */
    private static void assertBefore(List<SdkRequest> sent, Class<?> first, Class<?> then) {
        int lastFirst = lastIndex(sent, first::isInstance);
        int firstThen = firstIndex(sent, then::isInstance);
        assertThat(lastFirst).as("%s was called", first.getSimpleName()).isNotNegative();
        assertThat(firstThen).as("%s was called", then.getSimpleName()).isNotNegative();
        assertThat(lastFirst)
                .as("every %s before any %s", first.getSimpleName(), then.getSimpleName())
                .isLessThan(firstThen);
    }

    private static int firstIndex(List<SdkRequest> sent, Predicate<SdkRequest> match) {
        for (int i = 0; i < sent.size(); i++) {
            if (match.test(sent.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndex(List<SdkRequest> sent, Predicate<SdkRequest> match) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (match.test(sent.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
