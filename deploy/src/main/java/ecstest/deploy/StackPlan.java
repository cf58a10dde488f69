package ecstest.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every API call that builds the stack, in an order that satisfies AWS's dependencies. */
final class StackPlan {

    private StackPlan() {}

    /** The plan for the default configuration: one NAT gateway. */
    static List<Step> steps() {
        return steps(false);
    }

    /**
     * The plan for a stack's configuration: {@code NAT_PER_AZ=true} adds a NAT gateway and private route table
     * per AZ, {@code GATE_TARGET_REQUESTS_PER_TASK} a second scaling policy, on the load balancer's requests.
     */
    static List<Step> steps(Map<String, String> values) {
        return steps(
                Boolean.parseBoolean(values.getOrDefault("NAT_PER_AZ", "false")),
                !values.getOrDefault("GATE_TARGET_REQUESTS_PER_TASK", "").isBlank());
    }

    static List<Step> steps(boolean natPerAz) {
        return steps(natPerAz, false);
    }

    static List<Step> steps(boolean natPerAz, boolean scaleOnRequests) {
        List<Step> steps = new ArrayList<>(List.of(
                role("task-execution", "Lets ECS pull the ${STACK} images and write their logs"),
                rolePolicy("task-execution", "${EXECUTION_POLICY}"),
                role("gate-server-task", "gate-server's own calls: its metrics, its settings"),
                rolePolicy("gate-server-task", "${GATE_TASK_POLICY}"),
                Step.of(
                        "iam/create-role.json",
                        "create-role",
                        "load-balancers",
                        Map.of(
                                "ROLE",
                                "load-balancers",
                                "ROLE_DESCRIPTION",
                                "Lets ECS shift gate-server's traffic between the ${STACK} target groups",
                                "TRUST_POLICY",
                                "${LOAD_BALANCERS_TRUST_POLICY}")),
                rolePolicy("load-balancers", "${LOAD_BALANCERS_POLICY}"),
                Step.of(
                        "ecr/create-repository.json",
                        "create-repository",
                        "gate-server",
                        Map.of("SERVICE", "gate-server")),
                Step.of(
                        "ecr/create-repository.json",
                        "create-repository",
                        "data-server",
                        Map.of("SERVICE", "data-server")),
                Step.of("ec2/create-vpc.json", "create-vpc", "", Map.of("NAME", "vpc"))
                        .producing("VPC_ID", "Vpc.VpcId"),
                Step.of("ec2/modify-vpc-attribute.json", "modify-vpc-attribute", "dns-hostnames", Map.of()),
                subnet("public-a", "public", "${PUBLIC_SUBNET_A_CIDR}", "${AZ_A}", "PUBLIC_SUBNET_A_ID"),
                subnet("public-b", "public", "${PUBLIC_SUBNET_B_CIDR}", "${AZ_B}", "PUBLIC_SUBNET_B_ID"),
                subnet("private-a", "private", "${PRIVATE_SUBNET_A_CIDR}", "${AZ_A}", "PRIVATE_SUBNET_A_ID"),
                subnet("private-b", "private", "${PRIVATE_SUBNET_B_CIDR}", "${AZ_B}", "PRIVATE_SUBNET_B_ID"),
                Step.of("ec2/create-internet-gateway.json", "create-internet-gateway", "", Map.of("NAME", "igw"))
                        .producing("IGW_ID", "InternetGateway.InternetGatewayId"),
                Step.of("ec2/attach-internet-gateway.json", "attach-internet-gateway", "", Map.of())));
        steps.addAll(natGateway("a", "${PUBLIC_SUBNET_A_ID}", "NAT_ALLOCATION_ID", "NAT_GATEWAY_ID"));
        if (natPerAz) {
            steps.addAll(natGateway("b", "${PUBLIC_SUBNET_B_ID}", "NAT_B_ALLOCATION_ID", "NAT_B_GATEWAY_ID"));
        }
        steps.addAll(List.of(
                Step.of("ec2/create-route-table.json", "create-route-table", "public", Map.of("NAME", "public"))
                        .producing("PUBLIC_ROUTE_TABLE_ID", "RouteTable.RouteTableId"),
                Step.of(
                        "ec2/create-route-to-internet-gateway.json",
                        "create-route",
                        "public-default",
                        Map.of("ROUTE_TABLE_ID", "${PUBLIC_ROUTE_TABLE_ID}")),
                association("public-a", "${PUBLIC_ROUTE_TABLE_ID}", "${PUBLIC_SUBNET_A_ID}"),
                association("public-b", "${PUBLIC_ROUTE_TABLE_ID}", "${PUBLIC_SUBNET_B_ID}"),
                Step.of("ec2/create-route-table.json", "create-route-table", "private", Map.of("NAME", "private"))
                        .producing("PRIVATE_ROUTE_TABLE_ID", "RouteTable.RouteTableId"),
                Step.of(
                        "ec2/create-route-to-nat-gateway.json",
                        "create-route",
                        "private-default",
                        Map.of("ROUTE_TABLE_ID", "${PRIVATE_ROUTE_TABLE_ID}", "NAT_GATEWAY_ID", "${NAT_GATEWAY_ID}")),
                association("private-a", "${PRIVATE_ROUTE_TABLE_ID}", "${PRIVATE_SUBNET_A_ID}")));
        if (natPerAz) {
            // AZ b's private subnet leaves through AZ b's own NAT gateway: losing one AZ does not cut the other off
            steps.addAll(List.of(
                    Step.of(
                                    "ec2/create-route-table.json",
                                    "create-route-table",
                                    "private-b",
                                    Map.of("NAME", "private-b"))
                            .producing("PRIVATE_B_ROUTE_TABLE_ID", "RouteTable.RouteTableId"),
                    Step.of(
                            "ec2/create-route-to-nat-gateway.json",
                            "create-route",
                            "private-b-default",
                            Map.of(
                                    "ROUTE_TABLE_ID",
                                    "${PRIVATE_B_ROUTE_TABLE_ID}",
                                    "NAT_GATEWAY_ID",
                                    "${NAT_B_GATEWAY_ID}")),
                    association("private-b", "${PRIVATE_B_ROUTE_TABLE_ID}", "${PRIVATE_SUBNET_B_ID}")));
        } else {
            steps.add(association("private-b", "${PRIVATE_ROUTE_TABLE_ID}", "${PRIVATE_SUBNET_B_ID}"));
        }
        steps.addAll(List.of(
                securityGroup("alb", "HTTP from anywhere to the load balancer", "ALB_SECURITY_GROUP_ID"),
                securityGroup(
                        "gate-server", "gate-server tasks: from the load balancer only", "GATE_SECURITY_GROUP_ID"),
                securityGroup("data-server", "data-server tasks: from gate-server only", "DATA_SECURITY_GROUP_ID"),
                Step.of(
                        "ec2/authorize-security-group-ingress-from-anywhere.json",
                        "authorize-security-group-ingress",
                        "alb",
                        Map.of("GROUP_ID", "${ALB_SECURITY_GROUP_ID}", "PORT", "80", "DESCRIPTION", "HTTP")),
                Step.of(
                        "ec2/authorize-security-group-ingress-from-group.json",
                        "authorize-security-group-ingress",
                        "gate-server",
                        Map.of(
                                "GROUP_ID", "${GATE_SECURITY_GROUP_ID}",
                                "SOURCE_GROUP_ID", "${ALB_SECURITY_GROUP_ID}",
                                "PORT", "${GATE_PORT}",
                                "DESCRIPTION", "from the load balancer")),
                Step.of(
                        "ec2/authorize-security-group-ingress-from-group.json",
                        "authorize-security-group-ingress",
                        "data-server",
                        Map.of(
                                "GROUP_ID", "${DATA_SECURITY_GROUP_ID}",
                                "SOURCE_GROUP_ID", "${GATE_SECURITY_GROUP_ID}",
                                "PORT", "${DATA_PORT}",
                                "DESCRIPTION", "from gate-server")),
                Step.of("elbv2/create-load-balancer.json", "create-load-balancer", "", Map.of())
                        .producing("LOAD_BALANCER_ARN", "LoadBalancers.0.LoadBalancerArn"),
                Step.of(
                                "elbv2/create-target-group.json",
                                "create-target-group",
                                "gate-server",
                                Map.of("TARGET_GROUP", "gate-server"))
                        .producing("TARGET_GROUP_ARN", "TargetGroups.0.TargetGroupArn"),
                Step.of(
                        "elbv2/modify-target-group-attributes.json",
                        "modify-target-group-attributes",
                        "gate-server",
                        Map.of("GROUP_ARN", "${TARGET_GROUP_ARN}")),
                // the second target group of a canary, linear or blue/green deployment (ECS swaps the two)
                Step.of(
                                "elbv2/create-target-group.json",
                                "create-target-group",
                                "gate-alt",
                                Map.of("TARGET_GROUP", "gate-alt"))
                        .producing("ALTERNATE_TARGET_GROUP_ARN", "TargetGroups.0.TargetGroupArn"),
                Step.of(
                        "elbv2/modify-target-group-attributes.json",
                        "modify-target-group-attributes",
                        "gate-alt",
                        Map.of("GROUP_ARN", "${ALTERNATE_TARGET_GROUP_ARN}")),
                Step.of("elbv2/create-listener.json", "create-listener", "http", Map.of())
                        .producing("LISTENER_ARN", "Listeners.0.ListenerArn"),
                // the production rule whose weights ECS moves between the two target groups
                Step.of("elbv2/create-rule.json", "create-rule", "production", Map.of())
                        .producing("PRODUCTION_LISTENER_RULE_ARN", "Rules.0.RuleArn"),
                // the alarms that roll a deployment back exist before the services that name them
                alarm("5xx"),
                alarm("p99"),
                alarm("upstream-errors"),
                Step.of(
                                "servicediscovery/create-private-dns-namespace.json",
                                "create-private-dns-namespace",
                                "",
                                Map.of())
                        .producing("NAMESPACE_ID", "@namespace"),
                Step.of(
                                "servicediscovery/create-service.json",
                                "create-service",
                                "gate-server",
                                Map.of("SERVICE", "gate-server"))
                        .producing("GATE_REGISTRY_ARN", "Service.Arn"),
                Step.of(
                                "servicediscovery/create-service.json",
                                "create-service",
                                "data-server",
                                Map.of("SERVICE", "data-server"))
                        .producing("DATA_REGISTRY_ARN", "Service.Arn"),
                Step.of("ecs/create-cluster.json", "create-cluster", "", Map.of()),
                Step.of(
                        "logs/create-log-group.json",
                        "create-log-group",
                        "gate-server",
                        Map.of("SERVICE", "gate-server")),
                Step.of(
                        "logs/put-retention-policy.json",
                        "put-retention-policy",
                        "gate-server",
                        Map.of("SERVICE", "gate-server")),
                Step.of(
                        "logs/create-log-group.json",
                        "create-log-group",
                        "data-server",
                        Map.of("SERVICE", "data-server")),
                Step.of(
                        "logs/put-retention-policy.json",
                        "put-retention-policy",
                        "data-server",
                        Map.of("SERVICE", "data-server")),
                Step.of(
                        "ecs/register-task-definition-data-server.json",
                        "register-task-definition",
                        "data-server",
                        Map.of()),
                Step.of(
                        "ecs/register-task-definition-gate-server.json",
                        "register-task-definition",
                        "gate-server",
                        Map.of()),
                Step.of(
                        "ecs/create-service-data-server.json",
                        "create-service",
                        "data-server",
                        // the count as the text a tag holds (a lone numeric placeholder renders as a number)
                        Map.of("DESIRED_COUNT_TEXT", "${DATA_DESIRED_COUNT}")),
                Step.of(
                        "ecs/create-service-gate-server.json",
                        "create-service",
                        "gate-server",
                        // the count as the text a tag holds (a lone numeric placeholder renders as a number)
                        Map.of("DESIRED_COUNT_TEXT", "${GATE_DESIRED_COUNT}")),
                Step.of(
                        "application-autoscaling/register-scalable-target.json",
                        "register-scalable-target",
                        "gate-server",
                        Map.of()),
                Step.of(
                        "application-autoscaling/put-scaling-policy.json",
                        "put-scaling-policy",
                        "gate-server-cpu",
                        Map.of())));
        if (scaleOnRequests) {
            steps.add(Step.of(
                    "application-autoscaling/put-scaling-policy-requests.json",
                    "put-scaling-policy",
                    "gate-server-requests",
                    Map.of()));
        }
        return List.copyOf(steps);
    }

    /** An alarm named {@code <stack>-gate-server-<name>}, from templates/cloudwatch/put-metric-alarm-<name>.json. */
    private static Step alarm(String name) {
        return Step.of("cloudwatch/put-metric-alarm-" + name + ".json", "put-metric-alarm", name, Map.of());
    }

    private static Step role(String role, String description) {
        return Step.of(
                "iam/create-role.json", "create-role", role, Map.of("ROLE", role, "ROLE_DESCRIPTION", description));
    }

    private static Step rolePolicy(String role, String document) {
        return Step.of(
                "iam/put-role-policy.json", "put-role-policy", role, Map.of("ROLE", role, "POLICY_DOCUMENT", document));
    }

    private static List<Step> natGateway(String az, String subnet, String allocation, String gateway) {
        return List.of(
                Step.of("ec2/allocate-address.json", "allocate-address", "nat-" + az, Map.of("NAME", "nat-" + az))
                        .producing(allocation, "AllocationId"),
                Step.of(
                                "ec2/create-nat-gateway.json",
                                "create-nat-gateway",
                                az,
                                Map.of(
                                        "NAME",
                                        "nat-" + az,
                                        "SUBNET_ID",
                                        subnet,
                                        "ALLOCATION_ID",
                                        "${" + allocation + "}"))
                        .producing(gateway, "NatGateway.NatGatewayId"));
    }

    private static Step subnet(String name, String tier, String cidr, String az, String produces) {
        return Step.of(
                        "ec2/create-subnet.json",
                        "create-subnet",
                        name,
                        Map.of("NAME", name, "SUBNET_TIER", tier, "SUBNET_CIDR", cidr, "SUBNET_AZ", az))
                .producing(produces, "Subnet.SubnetId");
    }

    private static Step association(String name, String routeTable, String subnet) {
        return Step.of(
                "ec2/associate-route-table.json",
                "associate-route-table",
                name,
                Map.of("ROUTE_TABLE_ID", routeTable, "SUBNET_ID", subnet));
    }

    private static Step securityGroup(String name, String description, String produces) {
        return Step.of(
                        "ec2/create-security-group.json",
                        "create-security-group",
                        name,
                        Map.of("NAME", name, "DESCRIPTION", description))
                .producing(produces, "GroupId");
    }
}
