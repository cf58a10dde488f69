package ecstest.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ecstest.deploy.DeployException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.SuspendedState;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyRequest;
import software.amazon.awssdk.services.ec2.model.AssociateRouteTableRequest;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.CreateVpcRequest;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.iam.model.AttachedPermissionsBoundary;
import software.amazon.awssdk.services.iam.model.CreateRoleRequest;
import software.amazon.awssdk.services.iam.model.PutRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.servicediscovery.model.DnsConfig;
import software.amazon.awssdk.services.servicediscovery.model.DnsRecord;

/**
 * The comparisons {@code up} makes between what a step would make and what the account has, fed the SDK's own
 * shapes: what counts as the same, what becomes which update, and what is refused because AWS cannot change it in
 * place. (Against the emulator, the convergence tests drive the same methods end to end.)
 */
class DiffsTests {

    @Nested
    class EcsService {

        private static final Step STEP = Step.of("ecs/create-service-gate-server.json", "create-service", "", Map.of());
        private static final String OLD = "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/ecs-test-gate:3";
        private static final String NEW = "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/ecs-test-gate:4";

        private final CreateServiceRequest wanted = CreateServiceRequest.builder()
                .cluster("ecs-test")
                .serviceName("gate-server")
                .desiredCount(2)
                .loadBalancers(LoadBalancer.builder()
                        .targetGroupArn("tg")
                        .containerName("gate-server")
                        .containerPort(8080)
                        .build())
                .deploymentConfiguration(DeploymentConfiguration.builder()
                        .maximumPercent(200)
                        .minimumHealthyPercent(100)
                        .build())
                .build();

        private Service.Builder running() {
            return Service.builder()
                    .serviceArn("arn:aws:ecs:ap-northeast-2:123456789012:service/ecs-test/gate-server")
                    .taskDefinition(OLD)
                    .desiredCount(2)
                    .loadBalancers(wanted.loadBalancers())
                    .deploymentConfiguration(wanted.deploymentConfiguration());
        }

        @Test
        void aServiceAsConfiguredIsTheSame() {
            Diff diff =
                    EcsServicesResource.service(STEP, wanted, running().build(), Optional.of("2"), Optional.empty());

            assertThat(diff).isEqualTo(Diff.SAME);
        }

        @Test
        void aCountSetSinceByScaleOrAutoscalingIsLeftAlone() {
            Diff diff = EcsServicesResource.service(
                    STEP, wanted, running().desiredCount(5).build(), Optional.of("2"), Optional.empty());

            assertThat(diff.changes()).isEmpty();
        }

        @Test
        void aChangedCountSettingUpdatesTheServiceAndRecordsWhatUpSet() {
            Diff diff = EcsServicesResource.service(
                    STEP, wanted, running().desiredCount(5).build(), Optional.of("1"), Optional.empty());

            assertThat(diff.changes())
                    .extracting(Change::why)
                    .containsExactly(
                            "desiredCount 5 → 2 (GATE_DESIRED_COUNT)",
                            "record ecs-test:desired-count=2 on the service (GATE_DESIRED_COUNT)");
            assertThat(diff.changes().getFirst().json().get("desiredCount").asInt())
                    .isEqualTo(2);
        }

        @Test
        void aServiceWithoutTheRecordIsUpdatedOnlyWhenItsCountDiffers() {
            Diff same =
                    EcsServicesResource.service(STEP, wanted, running().build(), Optional.empty(), Optional.empty());
            assertThat(same.changes())
                    .extracting(Change::why)
                    .containsExactly("record ecs-test:desired-count=2 on the service (GATE_DESIRED_COUNT)");
        }

        @Test
        void theRevisionThisRunRegisteredIsRolledOut() {
            Diff diff = EcsServicesResource.service(
                    STEP, wanted, running().build(), Optional.of("2"), Optional.of(new StackState.Registered(NEW)));

            assertThat(diff.provisional()).isFalse();
            assertThat(diff.changes()).singleElement().satisfies(change -> {
                assertThat(change.why()).isEqualTo("taskDefinition ecs-test-gate:3 → ecs-test-gate:4");
                assertThat(change.json().get("taskDefinition").asString()).isEqualTo(NEW);
            });
        }

        @Test
        void aRevisionADryRunWouldRegisterMakesTheDiffProvisional() {
            Diff diff = EcsServicesResource.service(
                    STEP, wanted, running().build(), Optional.of("2"), Optional.of(new StackState.WouldRegister()));

            assertThat(diff.provisional()).isTrue();
            assertThat(diff.changes().getFirst().why()).endsWith("→ the revision registered above");
        }

        @Test
        void theAdvancedConfigurationOfATrafficShiftingStrategyIsDroppedForRolling() {
            Service shifting = running()
                    .loadBalancers(LoadBalancer.builder()
                            .targetGroupArn("tg")
                            .containerName("gate-server")
                            .containerPort(8080)
                            .advancedConfiguration(c -> c.alternateTargetGroupArn("tg-2"))
                            .build())
                    .build();

            Diff diff = EcsServicesResource.service(STEP, wanted, shifting, Optional.of("2"), Optional.empty());

            assertThat(diff.changes().getFirst().why()).isEqualTo("loadBalancers (GATE_DEPLOYMENT_STRATEGY)");
            assertThat(diff.changes()
                            .getFirst()
                            .json()
                            .get("loadBalancers")
                            .get(0)
                            .has("advancedConfiguration"))
                    .isFalse();
        }

        @Test
        void aDeploymentConfigurationThatDiffersNamesTheDifference() {
            Service other = running()
                    .deploymentConfiguration(DeploymentConfiguration.builder()
                            .maximumPercent(200)
                            .minimumHealthyPercent(50)
                            .build())
                    .build();

            Diff diff = EcsServicesResource.service(STEP, wanted, other, Optional.of("2"), Optional.empty());

            assertThat(diff.changes().getFirst().why())
                    .startsWith("deploymentConfiguration: ")
                    .contains("minimumHealthyPercent");
        }
    }

    @Nested
    class Scaling {

        private static final Step STEP = Step.of(
                "application-autoscaling/register-scalable-target.json", "register-scalable-target", "", Map.of());

        private final RegisterScalableTargetRequest wanted = RegisterScalableTargetRequest.builder()
                .minCapacity(2)
                .maxCapacity(6)
                .build();

        @Test
        void boundsThatDifferAreRegisteredAgain() {
            Diff diff = ScalingResource.target(
                    STEP,
                    wanted,
                    Optional.of(ScalableTarget.builder()
                            .minCapacity(1)
                            .maxCapacity(4)
                            .build()));

            assertThat(diff.changes())
                    .extracting(Change::why)
                    .containsExactly(
                            "bounds of gate-server's task count: 1..4 → 2..6 (GATE_MIN_TASKS..GATE_MAX_TASKS)");
        }

        @Test
        void boundsPausedByScaleAreLeftAlone() {
            Diff diff = ScalingResource.target(
                    STEP,
                    wanted,
                    Optional.of(ScalableTarget.builder()
                            .minCapacity(3)
                            .maxCapacity(3)
                            .suspendedState(SuspendedState.builder()
                                    .dynamicScalingOutSuspended(true)
                                    .build())
                            .build()));

            assertThat(diff).isEqualTo(Diff.SAME);
        }

        @Test
        void noTargetYetIsMissing() {
            assertThat(ScalingResource.target(STEP, wanted, Optional.empty())).isEqualTo(Diff.MISSING);
        }
    }

    @Nested
    class TargetGroups {

        private static final Step ATTRIBUTES = Step.of(
                "elbv2/modify-target-group-attributes.json", "modify-target-group-attributes", "gate-server", Map.of());
        private static final Step GROUP =
                Step.of("elbv2/create-target-group.json", "create-target-group", "gate-server", Map.of());

        @Test
        void onlyTheAttributesThatDifferAreNamed() {
            ModifyTargetGroupAttributesRequest wanted = ModifyTargetGroupAttributesRequest.builder()
                    .targetGroupArn("tg")
                    .attributes(
                            TargetGroupAttribute.builder()
                                    .key("deregistration_delay.timeout_seconds")
                                    .value("30")
                                    .build(),
                            TargetGroupAttribute.builder()
                                    .key("slow_start.duration_seconds")
                                    .value("120")
                                    .build())
                    .build();

            Diff diff = TargetGroupsResource.attributes(
                    ATTRIBUTES,
                    wanted,
                    Map.of("deregistration_delay.timeout_seconds", "300", "slow_start.duration_seconds", "120"));

            assertThat(diff.changes())
                    .extracting(Change::why)
                    .containsExactly("attributes of gate-server: deregistration_delay.timeout_seconds 300 → 30"
                            + " (DEREGISTRATION_DELAY_SECONDS)");
            assertThat(TargetGroupsResource.attributes(
                            ATTRIBUTES,
                            wanted,
                            Map.of("deregistration_delay.timeout_seconds", "30", "slow_start.duration_seconds", "120")))
                    .isEqualTo(Diff.SAME);
        }

        @Test
        void aHealthCheckPathChangesInPlace() {
            CreateTargetGroupRequest wanted = CreateTargetGroupRequest.builder()
                    .name("ecs-test-gate-server")
                    .port(8080)
                    .healthCheckPath("/actuator/health")
                    .build();
            TargetGroup group = TargetGroup.builder()
                    .targetGroupArn("tg")
                    .port(8080)
                    .healthCheckPath("/")
                    .build();

            Diff diff = TargetGroupsResource.healthCheck(GROUP, wanted, group);

            assertThat(diff.changes()).singleElement().satisfies(change -> {
                assertThat(change.call().name()).isEqualTo("modify-target-group");
                assertThat(change.why()).startsWith("health check of ecs-test-gate-server: ");
                assertThat(change.json().get("TargetGroupArn").asString()).isEqualTo("tg");
                assertThat(change.json().get("HealthCheckPath").asString()).isEqualTo("/actuator/health");
            });
        }

        @Test
        void aPortIsNotChangedInPlace() {
            CreateTargetGroupRequest wanted =
                    CreateTargetGroupRequest.builder().name("g").port(8081).build();
            TargetGroup group =
                    TargetGroup.builder().targetGroupArn("tg").port(8080).build();

            assertThatThrownBy(() -> TargetGroupsResource.healthCheck(GROUP, wanted, group))
                    .isInstanceOf(DeployException.class)
                    .hasMessageStartingWith("GATE_PORT is 8081 but the stack was built with 8080: AWS cannot change"
                            + " a target group's port in place");
        }
    }

    @Nested
    class Network {

        @Test
        void aVpcsBlockIsNotChangedInPlace() {
            assertThat(VpcResource.vpc(
                            CreateVpcRequest.builder().cidrBlock("10.0.0.0/16").build(),
                            Vpc.builder().cidrBlock("10.0.0.0/16").build()))
                    .isEqualTo(Diff.SAME);
            assertThatThrownBy(() -> VpcResource.vpc(
                            CreateVpcRequest.builder().cidrBlock("10.1.0.0/16").build(),
                            Vpc.builder().cidrBlock("10.0.0.0/16").build()))
                    .hasMessageStartingWith("VPC_CIDR is 10.1.0.0/16 but the stack was built with 10.0.0.0/16");
        }

        @Test
        void aSubnetOnAnotherOfTheStacksTablesIsMovedInPlace() {
            Step step = Step.of("ec2/associate-route-table.json", "associate-route-table", "private-a", Map.of());
            AssociateRouteTableRequest wanted = AssociateRouteTableRequest.builder()
                    .subnetId("subnet-1")
                    .routeTableId("rtb-a")
                    .build();

            Diff moved = RouteTablesResource.association(
                    step,
                    wanted,
                    Optional.of(RouteTableAssociation.builder()
                            .routeTableAssociationId("rtbassoc-1")
                            .routeTableId("rtb-shared")
                            .build()));

            assertThat(moved.changes()).singleElement().satisfies(change -> {
                assertThat(change.why()).isEqualTo("subnet subnet-1: route table rtb-shared → rtb-a (NAT_PER_AZ)");
                assertThat(change.call().name()).isEqualTo("replace-route-table-association");
                assertThat(change.json().get("AssociationId").asString()).isEqualTo("rtbassoc-1");
            });
            assertThat(RouteTablesResource.association(step, wanted, Optional.empty()))
                    .isEqualTo(Diff.MISSING);
        }

        @Test
        void anIngressRuleExistsWhenAPermissionCoversItsPortAndSource() {
            AuthorizeSecurityGroupIngressRequest fromGate = AuthorizeSecurityGroupIngressRequest.builder()
                    .groupId("sg-data")
                    .ipPermissions(IpPermission.builder()
                            .ipProtocol("tcp")
                            .fromPort(4000)
                            .toPort(4000)
                            .userIdGroupPairs(
                                    UserIdGroupPair.builder().groupId("sg-gate").build())
                            .build())
                    .build();
            SecurityGroup group = SecurityGroup.builder()
                    .ipPermissions(IpPermission.builder()
                            .ipProtocol("tcp")
                            .fromPort(4000)
                            .toPort(4000)
                            .userIdGroupPairs(
                                    UserIdGroupPair.builder()
                                            .groupId("sg-other")
                                            .build(),
                                    UserIdGroupPair.builder().groupId("sg-gate").build())
                            .ipRanges(IpRange.builder().cidrIp("10.0.0.0/16").build())
                            .build())
                    .build();
            SecurityGroup otherPort = group.toBuilder()
                    .ipPermissions(group.ipPermissions().getFirst().toBuilder()
                            .fromPort(4001)
                            .toPort(4001)
                            .build())
                    .build();

            assertThat(SecurityGroupsResource.ingress(fromGate, List.of(group))).isEqualTo(Diff.SAME);
            assertThat(SecurityGroupsResource.ingress(fromGate, List.of(otherPort)))
                    .isEqualTo(Diff.MISSING);
        }
    }

    @Nested
    class Roles {

        private static final String BOUNDARY = "arn:aws:iam::123456789012:policy/ecs-test-boundary";

        @Test
        void aPolicyReturnedUrlEncodedInAnotherKeyOrderIsTheSame() {
            Step step = Step.of("iam/put-role-policy.json", "put-role-policy", "task-execution", Map.of());
            PutRolePolicyRequest wanted = PutRolePolicyRequest.builder()
                    .roleName("ecs-test-task-execution")
                    .policyName("ecs-test")
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"}]}")
                    .build();
            String asIamReturnsIt = URLEncoder.encode(
                    "{ \"Statement\": [ { \"Effect\": \"Allow\" } ], \"Version\": \"2012-10-17\" }",
                    StandardCharsets.UTF_8);
            String widened = URLEncoder.encode(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"},{\"Effect\":\"Deny\"}]}",
                    StandardCharsets.UTF_8);

            assertThat(RolesResource.rolePolicy(step, wanted, Optional.of(asIamReturnsIt)))
                    .isEqualTo(Diff.SAME);
            assertThat(RolesResource.rolePolicy(step, wanted, Optional.of(widened))
                            .changes())
                    .extracting(Change::why)
                    .containsExactly("inline policy ecs-test of ecs-test-task-execution: its statements differ from"
                            + " the template's");
            assertThat(RolesResource.rolePolicy(step, wanted, Optional.empty())).isEqualTo(Diff.MISSING);
        }

        @Test
        void aRoleWithoutThePermissionsBoundaryIsRefusedWithWhatToDo() {
            CreateRoleRequest wanted = CreateRoleRequest.builder()
                    .roleName("ecs-test-task-execution")
                    .permissionsBoundary(BOUNDARY)
                    .build();

            assertThat(RolesResource.roleExists(wanted, Optional.empty())).isFalse();
            assertThat(RolesResource.roleExists(
                            wanted,
                            Optional.of(Role.builder()
                                    .permissionsBoundary(AttachedPermissionsBoundary.builder()
                                            .permissionsBoundaryArn(BOUNDARY)
                                            .build())
                                    .build())))
                    .isTrue();
            assertThatThrownBy(() -> RolesResource.roleExists(
                            wanted, Optional.of(Role.builder().build())))
                    .hasMessageContaining("role ecs-test-task-execution exists without the permissions boundary")
                    .hasMessageContaining("run `down --yes` with the credentials that built the stack");
        }
    }

    @Nested
    class Domain {

        private static final Step HTTP = Step.of("elbv2/create-listener.json", "create-listener", "http", Map.of());
        private static final Step ALIAS = Step.of(
                "route53/change-resource-record-sets-alias.json", "change-resource-record-sets", "alias", Map.of());

        private final Action forward =
                Action.builder().type("forward").targetGroupArn("tg").build();
        private final Action redirect = Action.builder()
                .type("redirect")
                .redirectConfig(r -> r.protocol("HTTPS").port("443").statusCode("HTTP_301"))
                .build();

        @Test
        void port80TurnsIntoARedirectInPlaceWhenADomainIsAdded() {
            Listener current = Listener.builder()
                    .listenerArn("listener-80")
                    .port(80)
                    .defaultActions(forward)
                    .build();
            CreateListenerRequest wanted = CreateListenerRequest.builder()
                    .port(80)
                    .defaultActions(redirect)
                    .build();

            Diff diff = ListenerResource.listener(HTTP, wanted, current);

            assertThat(diff.changes()).singleElement().satisfies(change -> {
                assertThat(change.call().name()).isEqualTo("modify-listener");
                assertThat(change.why())
                        .startsWith("HTTP listener (port 80): DefaultActions[0].Type: forward → redirect");
                assertThat(change.json()
                                .at("/DefaultActions/0/RedirectConfig/StatusCode")
                                .asString())
                        .isEqualTo("HTTP_301");
            });
            assertThat(ListenerResource.listener(
                            HTTP,
                            wanted,
                            current.toBuilder().defaultActions(redirect).build()))
                    .isEqualTo(Diff.SAME);
        }

        @Test
        void aNewCertificateIsPutOnTheHttpsListenerInPlace() {
            Step https = Step.of("elbv2/create-listener-https.json", "create-listener", "https", Map.of());
            CreateListenerRequest wanted = CreateListenerRequest.builder()
                    .port(443)
                    .sslPolicy(ListenerResource.TLS_POLICY)
                    .certificates(c -> c.certificateArn("new"))
                    .defaultActions(forward)
                    .build();
            Listener current = Listener.builder()
                    .listenerArn("listener-443")
                    .port(443)
                    .sslPolicy(ListenerResource.TLS_POLICY)
                    .certificates(c -> c.certificateArn("old"))
                    .defaultActions(forward)
                    .build();

            Diff diff = ListenerResource.listener(https, wanted, current);

            assertThat(diff.changes()).singleElement().satisfies(change -> {
                assertThat(change.why()).contains("Certificates[0].CertificateArn: old → new");
                assertThat(change.json().at("/Certificates/0/CertificateArn").asString())
                        .isEqualTo("new");
                assertThat(change.json().at("/SslPolicy").asString()).isEqualTo(ListenerResource.TLS_POLICY);
            });
        }

        @Test
        void anAliasToAnotherLoadBalancerIsWrittenAgainAndOneToThisOneIsTheSame() {
            ChangeResourceRecordSetsRequest wanted = ChangeResourceRecordSetsRequest.builder()
                    .hostedZoneId("Z1")
                    .changeBatch(b -> b.changes(
                            c -> c.action("UPSERT")
                                    .resourceRecordSet(r -> r.name("api.example.test")
                                            .type("A")
                                            .aliasTarget(a -> a.hostedZoneId("ZLB")
                                                    .dnsName("ecs-test-1.elb.amazonaws.com")
                                                    .evaluateTargetHealth(false))),
                            c -> c.action("UPSERT")
                                    .resourceRecordSet(r -> r.name("api.example.test")
                                            .type("TXT")
                                            .ttl(300L)
                                            .resourceRecords(v -> v.value("\"ecs-test:stack=ecs-test\"")))))
                    .build();
            ResourceRecordSet txt = wanted.changeBatch().changes().get(1).resourceRecordSet();
            ResourceRecordSet asRoute53AnswersIt = ResourceRecordSet.builder()
                    .name("api.example.test.")
                    .type("A")
                    .aliasTarget(a -> a.hostedZoneId("ZLB")
                            .dnsName("dualstack.ecs-test-1.elb.amazonaws.com.")
                            .evaluateTargetHealth(false))
                    .build();
            ResourceRecordSet elsewhere = asRoute53AnswersIt.toBuilder()
                    .aliasTarget(a -> a.hostedZoneId("ZLB").dnsName("old-2.elb.amazonaws.com."))
                    .build();

            assertThat(AliasRecordResource.records(ALIAS, wanted, List.of())).isEqualTo(Diff.MISSING);
            assertThat(AliasRecordResource.records(ALIAS, wanted, List.of(asRoute53AnswersIt, txt)))
                    .isEqualTo(Diff.SAME);
            assertThat(AliasRecordResource.records(ALIAS, wanted, List.of(elsewhere, txt))
                            .changes())
                    .extracting(Change::why)
                    .containsExactly(
                            "api.example.test: A record: old-2.elb.amazonaws.com →" + " ecs-test-1.elb.amazonaws.com");
        }

        @Test
        void aZoneHoldsItsNameAndNamesUnderItAndTheLongestWins() {
            List<HostedZone> zones = List.of(
                    HostedZone.builder()
                            .id("/hostedzone/ZA")
                            .name("example.test.")
                            .build(),
                    HostedZone.builder()
                            .id("/hostedzone/ZB")
                            .name("eu.example.test.")
                            .build(),
                    HostedZone.builder()
                            .id("/hostedzone/ZC")
                            .name("ample.test.")
                            .build());

            assertThat(DomainResource.longestHolding(zones, "api.eu.example.test"))
                    .hasValueSatisfying(z -> assertThat(z.id()).isEqualTo("/hostedzone/ZB"));
            assertThat(DomainResource.longestHolding(zones, "example.test"))
                    .hasValueSatisfying(z -> assertThat(z.id()).isEqualTo("/hostedzone/ZA"));
            assertThat(DomainResource.longestHolding(zones, "api.sample.test")).isEmpty();
        }

        @Test
        void aCertificateCoversItsNamesAndOneLabelUnderAWildcard() {
            CertificateDetail wildcard = CertificateDetail.builder()
                    .domainName("*.example.test")
                    .subjectAlternativeNames("*.example.test", "example.test")
                    .build();

            assertThat(DomainResource.covers(wildcard, "api.example.test")).isTrue();
            assertThat(DomainResource.covers(wildcard, "example.test")).isTrue();
            assertThat(DomainResource.covers(wildcard, "a.b.example.test")).isFalse();
            assertThat(DomainResource.covers(wildcard, "api.other.test")).isFalse();
        }
    }

    @Nested
    class Others {

        @Test
        void aLogGroupKeptForeverGetsTheConfiguredRetention() {
            Step step = Step.of("logs/put-retention-policy.json", "put-retention-policy", "gate-server", Map.of());
            PutRetentionPolicyRequest wanted = PutRetentionPolicyRequest.builder()
                    .logGroupName("/ecs/ecs-test/gate-server")
                    .retentionInDays(14)
                    .build();

            assertThat(LogGroupsResource.retention(step, wanted, 0).changes())
                    .extracting(Change::why)
                    .containsExactly("retention of /ecs/ecs-test/gate-server: forever → 14 days (LOG_RETENTION_DAYS)");
            assertThat(LogGroupsResource.retention(step, wanted, 14)).isEqualTo(Diff.SAME);
            assertThat(LogGroupsResource.retention(step, wanted, null)).isEqualTo(Diff.MISSING);
        }

        @Test
        void aRecordTtlChangesInPlace() {
            Step step = Step.of("servicediscovery/create-service.json", "create-service", "data-server", Map.of());
            // Cloud Map's types, not ECS's of the same names
            var wanted = software.amazon.awssdk.services.servicediscovery.model.CreateServiceRequest.builder()
                    .name("data-server")
                    .dnsConfig(DnsConfig.builder()
                            .dnsRecords(DnsRecord.builder().type("A").ttl(10L).build())
                            .build())
                    .build();
            var existing = software.amazon.awssdk.services.servicediscovery.model.Service.builder()
                    .id("srv-1")
                    .dnsConfig(DnsConfig.builder()
                            .dnsRecords(DnsRecord.builder().type("A").ttl(60L).build())
                            .build())
                    .build();

            Diff diff = CloudMapResource.recordTtl(step, wanted, existing);

            assertThat(diff.changes()).singleElement().satisfies(change -> {
                assertThat(change.why()).isEqualTo("records of data-server: TTL 60 → 10 s (DNS_TTL_SECONDS)");
                assertThat(change.json().get("Id").asString()).isEqualTo("srv-1");
                assertThat(change.json()
                                .at("/Service/DnsConfig/DnsRecords/0/TTL")
                                .asLong())
                        .isEqualTo(10L);
            });
        }

        @Test
        void aTaskDefinitionThatDiffersInASettingKeepsTheImagesTheServiceRuns() {
            Step step = Step.of(
                    "ecs/register-task-definition-gate-server.json",
                    "register-task-definition",
                    "gate-server",
                    Map.of());
            RegisterTaskDefinitionRequest wanted = RegisterTaskDefinitionRequest.builder()
                    .family("ecs-test-gate-server")
                    .cpu("512")
                    .containerDefinitions(ContainerDefinition.builder()
                            .name("gate-server")
                            .image("registry/gate-server:latest")
                            .build())
                    .build();
            TaskDefinition running = TaskDefinition.builder()
                    .family("ecs-test-gate-server")
                    .revision(7)
                    .cpu("256")
                    .containerDefinitions(ContainerDefinition.builder()
                            .name("gate-server")
                            .image("registry/gate-server@sha256:" + "a".repeat(64))
                            .build())
                    .build();

            Diff diff = TaskDefinitionsResource.running(step, wanted, running);

            assertThat(diff.changes()).singleElement().satisfies(change -> {
                assertThat(change.why())
                        .startsWith("gate-server runs ecs-test-gate-server:7, which differs in ")
                        .contains("cpu");
                assertThat(change.json().at("/containerDefinitions/0/image").asString())
                        .isEqualTo("registry/gate-server@sha256:" + "a".repeat(64));
            });
            assertThat(TaskDefinitionsResource.running(
                            step, wanted, running.toBuilder().cpu("512").build()))
                    .as("only the image differs: the running revision stays")
                    .isEqualTo(Diff.SAME);
        }
    }
}
