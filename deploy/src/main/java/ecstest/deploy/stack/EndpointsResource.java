package ecstest.deploy.stack;

import ecstest.deploy.pricing.Bill;
import ecstest.deploy.settings.StackSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSecurityGroupRequest;
import software.amazon.awssdk.services.ec2.model.DeleteVpcEndpointsRequest;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * With {@code EGRESS=endpoints}: the VPC endpoints the tasks reach AWS's APIs through instead of the internet, in the
 * private subnets with private DNS (the APIs' usual names resolve to them), behind a security group open on 443 to
 * the services' groups only; and S3's gateway endpoint on the private route table (ECR keeps image layers in S3).
 * Which APIs: what ECS does for a task (pull from ECR, write its logs) and what gate-server calls (Parameter Store at
 * start, CloudWatch metrics), the last proved by system-tests' {@code EgressServicesTests}. data-server calls none.
 */
final class EndpointsResource extends Resource {

    /** An interface endpoint: the service's name after {@code com.amazonaws.<region>.}, and who calls it. */
    record Interface(String service, String caller) {
        String name() {
            return "vpce-" + service.replace('.', '-');
        }
    }

    static final List<Interface> INTERFACES = List.of(
            new Interface("ecr.api", "ECS, for a task: the image's manifest and the registry login"),
            new Interface("ecr.dkr", "ECS, for a task: the image's layers (from S3, through the gateway endpoint)"),
            new Interface("logs", "ECS, for a task: the awslogs driver's log events"),
            new Interface("ssm", "gate-server: its settings from Parameter Store, at start"),
            new Interface("monitoring", "gate-server: its metrics to CloudWatch, once a minute"));

    static final String GATEWAY = "vpce-s3";

    static final Output SECURITY_GROUP_ID = Output.of("ENDPOINTS_SECURITY_GROUP_ID");

    @Override
    String title() {
        return "VPC endpoints";
    }

    @Override
    List<Output> outputs() {
        return List.of(SECURITY_GROUP_ID);
    }

    private static boolean wanted(StackSettings settings) {
        return EgressResource.is(settings, EgressResource.ENDPOINTS);
    }

    @Override
    List<Step> steps(StackSettings settings) {
        if (!wanted(settings)) {
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        steps.add(Step.of(
                        "ec2/create-security-group.json",
                        "create-security-group",
                        "endpoints",
                        Map.of(
                                "NAME",
                                "endpoints",
                                "DESCRIPTION",
                                "VPC endpoints: HTTPS from the services' tasks only"))
                .producing(SECURITY_GROUP_ID, "GroupId"));
        for (SecurityGroupsResource.Group source : List.of(SecurityGroupsResource.GATE, SecurityGroupsResource.DATA)) {
            steps.add(Step.of(
                            "ec2/authorize-security-group-ingress-from-group.json",
                            "authorize-security-group-ingress",
                            "endpoints-from-" + source.name(),
                            Map.of(
                                    "GROUP_ID",
                                    "${" + SECURITY_GROUP_ID.name() + "}",
                                    "SOURCE_GROUP_ID",
                                    "${" + source.id().name() + "}",
                                    "PORT",
                                    "443",
                                    "DESCRIPTION",
                                    "HTTPS from " + source.name()))
                    .numbers("PORT"));
        }
        for (Interface endpoint : INTERFACES) {
            steps.add(Step.of(
                    "ec2/create-vpc-endpoint-interface.json",
                    "create-vpc-endpoint",
                    endpoint.name(),
                    Map.of("NAME", endpoint.name(), "ENDPOINT_SERVICE", endpoint.service())));
        }
        steps.add(Step.of(
                "ec2/create-vpc-endpoint-gateway.json", "create-vpc-endpoint", GATEWAY, Map.of("NAME", GATEWAY)));
        return steps;
    }

    @Override
    void discover(StackContext stack, StackSettings settings, StackState state) {
        state.get(VpcResource.VPC_ID)
                .flatMap(vpc -> stack
                        .aws
                        .ec2()
                        .describeSecurityGroups(r -> r.filters(
                                StackContext.filter("vpc-id", vpc),
                                StackContext.filter("group-name", stack.name("endpoints"))))
                        .securityGroups()
                        .stream()
                        .filter(found -> stack.isNamed(found.tags(), "endpoints"))
                        .findFirst())
                .ifPresent(group -> state.put(SECURITY_GROUP_ID, group.groupId()));
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        return switch (request) {
            case AuthorizeSecurityGroupIngressRequest ingress ->
                SecurityGroupsResource.ingress(
                        ingress,
                        stack.aws
                                .ec2()
                                .describeSecurityGroups(r -> r.groupIds(ingress.groupId()))
                                .securityGroups());
            case software.amazon.awssdk.services.ec2.model.CreateVpcEndpointRequest endpoint ->
                Diff.exists(ours(stack).stream().anyMatch(e -> stack.isNamed(e.tags(), step.name())));
            default -> Diff.exists(known(step, state));
        };
    }

    /** The stack's endpoints that exist (deleted ones stay listed a while, as "deleted"). */
    private static List<VpcEndpoint> ours(StackContext stack) {
        return stack.aws.ec2().describeVpcEndpoints(r -> r.filters(stack.tagged())).vpcEndpoints().stream()
                .filter(endpoint -> stack.ours(endpoint.tags()))
                .filter(endpoint -> !"deleted".equalsIgnoreCase(endpoint.stateAsString())
                        && !"deleting".equalsIgnoreCase(endpoint.stateAsString()))
                .toList();
    }

    @Override
    void bill(StackSettings settings, Bill.Builder bill) {
        if (wanted(settings)) {
            bill.hourly(
                            "interface VPC endpoints (" + INTERFACES.size() + " APIs × 2 AZs)",
                            INTERFACES.size() * 2,
                            bill.prices().interfaceEndpointHour())
                    .rate("VPC endpoint data processing", bill.prices().interfaceEndpointGb(), "GB");
        }
    }

    /** Another EGRESS on a stack built with endpoints: the endpoints go, then their security group. */
    @Override
    List<Change> removals(StackContext stack, StackSettings settings, StackState state) {
        if (wanted(settings)) {
            return List.of();
        }
        List<Change> removals = new ArrayList<>();
        List<String> endpoints =
                ours(stack).stream().map(VpcEndpoint::vpcEndpointId).toList();
        if (!endpoints.isEmpty()) {
            removals.add(Change.of(
                    "the VPC endpoints " + String.join(", ", endpoints) + ": EGRESS=" + EgressResource.egress(settings),
                    Step.of("ec2/create-vpc-endpoint-interface.json", "create-vpc-endpoint", "", Map.of()),
                    "delete-vpc-endpoints",
                    DeleteVpcEndpointsRequest.builder()
                            .vpcEndpointIds(endpoints)
                            .build()));
        }
        state.get(SECURITY_GROUP_ID)
                .ifPresent(group -> removals.add(Change.of(
                        "the VPC endpoints' security group " + group + ": EGRESS=" + EgressResource.egress(settings),
                        Step.of("ec2/create-security-group.json", "create-security-group", "endpoints", Map.of()),
                        "delete-security-group",
                        DeleteSecurityGroupRequest.builder().groupId(group).build())));
        return removals;
    }

    /** Deleted endpoints give their network interfaces back a little later: their group waits for that. */
    @Override
    void removed(StackContext stack, Change removal) {
        if (removal.request() instanceof DeleteVpcEndpointsRequest) {
            awaitGone(stack);
            List<String> groups = stack
                    .aws
                    .ec2()
                    .describeSecurityGroups(r -> r.filters(StackContext.filter("group-name", stack.name("endpoints"))))
                    .securityGroups()
                    .stream()
                    .filter(group -> stack.isNamed(group.tags(), "endpoints"))
                    .map(group -> group.groupId())
                    .toList();
            if (!groups.isEmpty()) {
                SecurityGroupsResource.awaitNetworkInterfacesReleased(stack, groups);
            }
        }
    }

    private static void awaitGone(StackContext stack) {
        stack.wait.until(
                "the stack's VPC endpoints",
                stack.timeouts.natGateway(),
                () -> ours(stack).size() + " left",
                "0 left"::equals,
                never -> false);
    }

    @Override
    void delete(StackContext stack, StackState state) {
        List<String> endpoints =
                ours(stack).stream().map(VpcEndpoint::vpcEndpointId).toList();
        if (!endpoints.isEmpty()) {
            stack.call(
                    "delete VPC endpoints " + String.join(", ", endpoints),
                    () -> stack.aws.ec2().deleteVpcEndpoints(r -> r.vpcEndpointIds(endpoints)));
            awaitGone(stack);
        }
        state.get(SECURITY_GROUP_ID).ifPresent(group -> {
            SecurityGroupsResource.awaitNetworkInterfacesReleased(stack, List.of(group));
            stack.call(
                    "delete security group " + group, () -> stack.aws.ec2().deleteSecurityGroup(r -> r.groupId(group)));
        });
    }

    @Override
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return ours(stack).stream()
                .map(endpoint -> "VPC endpoint " + endpoint.vpcEndpointId() + " (" + endpoint.serviceName() + ")")
                .toList();
    }
}
