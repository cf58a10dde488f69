package ecstest.deploy;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * {@code down}: the stack's resources deleted in the order AWS's dependencies demand (each step skips
 * what is already gone, so it works on any partial stack and twice), waiting for what AWS deletes
 * asynchronously, then the leak audit.
 */
final class StackTeardown {

    private static final List<String> SERVICES = List.of("gate-server", "data-server");

    /** The stack's IAM roles, by the suffix after {@code <stack>-}: ECS's, and gate-server's own (data-server makes no AWS calls). */
    static final List<String> ROLES = List.of("task-execution", "gate-server-task", "load-balancers");

    private final AwsClients aws;
    private final String stack;
    private final PrintWriter out;
    private final StackProvisioner.Timeouts timeouts;
    private final Wait wait;

    StackTeardown(AwsClients aws, String stack, PrintWriter out, StackProvisioner.Timeouts timeouts) {
        this.aws = aws;
        this.stack = stack;
        this.out = out;
        this.timeouts = timeouts;
        this.wait = new Wait(out, timeouts.poll());
    }

    /** @return what the leak audit found left; empty when the stack is gone */
    List<String> down(Map<String, String> values) {
        Map<String, String> ids = new StackDiscovery(aws, stack).existingIds(values);
        String vpc = ids.get("VPC_ID");
        step("autoscaling", this::removeScaling);
        step("ECS services", this::removeServices);
        step("task definitions", this::deregisterTaskDefinitions);
        step("rollout alarms", this::removeAlarms);
        step(
                "ECS cluster",
                () -> aws.ecs().describeClusters(r -> r.clusters(stack)).clusters().stream()
                        .filter(c -> "ACTIVE".equals(c.status()))
                        .forEach(c ->
                                call("delete cluster " + stack, () -> aws.ecs().deleteCluster(r -> r.cluster(stack)))));
        step("Cloud Map", () -> removeCloudMap(ids));
        step("load balancer", () -> removeLoadBalancer(ids));
        step("NAT gateways", () -> removeNatGateways(ids));
        step("route tables", () -> removeRouteTables(ids));
        step("internet gateway", () -> removeInternetGateway(ids, vpc));
        step("security groups", () -> removeSecurityGroups(ids, vpc));
        step("subnets", () -> removeSubnets(ids, vpc));
        step("VPC", () -> {
            if (vpc != null) {
                call("delete VPC " + vpc, () -> aws.ec2().deleteVpc(r -> r.vpcId(vpc)));
            }
        });
        step(
                "log groups",
                () -> SERVICES.forEach(service -> aws.logs()
                        .describeLogGroups(r -> r.logGroupNamePrefix("/ecs/" + stack + "/" + service))
                        .logGroups()
                        .forEach(g -> call(
                                "delete log group " + g.logGroupName(),
                                () -> aws.logs().deleteLogGroup(r -> r.logGroupName(g.logGroupName()))))));
        step("ECR repositories", () -> SERVICES.forEach(this::removeRepository));
        step("IAM roles", () -> ROLES.forEach(this::removeRole));
        return new StackAudit(aws, stack).leftovers(values.get("NAMESPACE"));
    }

    /** The alarms the services' deployments watch: after the services, which name them. */
    private void removeAlarms() {
        List<String> names = StackAudit.alarms(aws, stack);
        if (!names.isEmpty()) {
            call(
                    "delete alarms " + String.join(", ", names),
                    () -> aws.cloudWatch().deleteAlarms(r -> r.alarmNames(names)));
        }
    }

    private void removeScaling() {
        String resource = "service/" + stack + "/gate-server";
        aws.scaling()
                .describeScalingPolicies(r -> r.serviceNamespace("ecs").resourceId(resource))
                .scalingPolicies()
                .forEach(p -> call(
                        "delete scaling policy " + p.policyName(),
                        () -> aws.scaling()
                                .deleteScalingPolicy(r -> r.serviceNamespace("ecs")
                                        .resourceId(resource)
                                        .scalableDimension(p.scalableDimension())
                                        .policyName(p.policyName()))));
        aws.scaling()
                .describeScalableTargets(r -> r.serviceNamespace("ecs").resourceIds(resource))
                .scalableTargets()
                .forEach(t -> call(
                        "deregister scalable target " + resource,
                        () -> aws.scaling()
                                .deregisterScalableTarget(r -> r.serviceNamespace("ecs")
                                        .resourceId(resource)
                                        .scalableDimension(t.scalableDimension()))));
    }

    private void removeServices() {
        for (String name : SERVICES) {
            if (activeService(name) == null) {
                continue;
            }
            call(
                    "scale " + name + " to 0",
                    () -> aws.ecs()
                            .updateService(r -> r.cluster(stack).service(name).desiredCount(0)));
            call(
                    "delete service " + name,
                    () -> aws.ecs().deleteService(r -> r.cluster(stack).service(name)));
        }
        for (String name : SERVICES) {
            // its tasks stop and release their network interfaces before the service is INACTIVE
            wait.until(
                    "service " + name,
                    timeouts.services(),
                    () -> {
                        Service service = activeService(name);
                        return service == null
                                ? "INACTIVE"
                                : service.status() + " " + service.runningCount() + " running";
                    },
                    "INACTIVE"::equals,
                    state -> false);
        }
    }

    private Service activeService(String name) {
        try {
            return aws.ecs().describeServices(r -> r.cluster(stack).services(name)).services().stream()
                    .filter(s -> !"INACTIVE".equals(s.status()))
                    .findFirst()
                    .orElse(null);
        } catch (ClusterNotFoundException noCluster) {
            return null;
        }
    }

    private void deregisterTaskDefinitions() {
        for (String service : SERVICES) {
            aws.ecs()
                    .listTaskDefinitionsPaginator(
                            r -> r.familyPrefix(stack + "-" + service).status("ACTIVE"))
                    .taskDefinitionArns()
                    .forEach(arn -> call(
                            "deregister " + arn, () -> aws.ecs().deregisterTaskDefinition(r -> r.taskDefinition(arn))));
        }
    }

    private void removeCloudMap(Map<String, String> ids) {
        for (String registry : List.of("GATE_REGISTRY_ARN", "DATA_REGISTRY_ARN")) {
            String arn = ids.get(registry);
            if (arn != null) {
                String id = arn.substring(arn.lastIndexOf('/') + 1);
                call("delete Cloud Map service " + id, () -> aws.cloudMap().deleteService(r -> r.id(id)));
            }
        }
        String namespace = ids.get("NAMESPACE_ID");
        if (namespace != null) {
            String operation = call(
                    "delete namespace " + namespace,
                    () -> aws.cloudMap().deleteNamespace(r -> r.id(namespace)).operationId());
            wait.until(
                    "namespace deletion " + operation,
                    timeouts.namespace(),
                    () -> aws.cloudMap()
                            .getOperation(r -> r.operationId(operation))
                            .operation()
                            .statusAsString(),
                    "SUCCESS"::equals,
                    "FAIL"::equals);
        }
    }

    private void removeLoadBalancer(Map<String, String> ids) {
        String lb = ids.get("LOAD_BALANCER_ARN");
        if (lb != null) {
            aws.elb()
                    .describeListeners(r -> r.loadBalancerArn(lb))
                    .listeners()
                    .forEach(l -> call(
                            "delete listener " + l.port(),
                            () -> aws.elb().deleteListener(r -> r.listenerArn(l.listenerArn()))));
            call("delete load balancer " + stack, () -> aws.elb().deleteLoadBalancer(r -> r.loadBalancerArn(lb)));
            wait.until(
                    "load balancer " + stack,
                    timeouts.loadBalancer(),
                    () -> {
                        try {
                            return aws.elb()
                                    .describeLoadBalancers(r -> r.loadBalancerArns(lb))
                                    .loadBalancers()
                                    .getFirst()
                                    .state()
                                    .codeAsString();
                        } catch (LoadBalancerNotFoundException gone) {
                            return "deleted";
                        }
                    },
                    "deleted"::equals,
                    state -> false);
        }
        // the listener's deletion took its rules (the production rule) with it
        for (String name : List.of("TARGET_GROUP_ARN", "ALTERNATE_TARGET_GROUP_ARN")) {
            String group = ids.get(name);
            if (group != null) {
                call(
                        "delete target group " + group.substring(group.indexOf(":targetgroup/") + 13),
                        () -> aws.elb().deleteTargetGroup(r -> r.targetGroupArn(group)));
            }
        }
    }

    /** Both NAT gateways (with --nat-per-az) are deleted first and waited for, then their addresses released. */
    private void removeNatGateways(Map<String, String> ids) {
        List<String> gateways = Stream.of("NAT_GATEWAY_ID", "NAT_B_GATEWAY_ID")
                .map(ids::get)
                .filter(Objects::nonNull)
                .toList();
        gateways.forEach(nat ->
                call("delete NAT gateway " + nat, () -> aws.ec2().deleteNatGateway(r -> r.natGatewayId(nat))));
        for (String nat : gateways) {
            wait.until(
                    "NAT gateway " + nat,
                    timeouts.natGateway(),
                    () -> aws.ec2()
                            .describeNatGateways(r -> r.natGatewayIds(nat))
                            .natGateways()
                            .getFirst()
                            .stateAsString(),
                    "deleted"::equals,
                    "failed"::equals);
        }
        // only once no NAT gateway holds them
        Stream.of("NAT_ALLOCATION_ID", "NAT_B_ALLOCATION_ID")
                .map(ids::get)
                .filter(Objects::nonNull)
                .forEach(allocation -> call(
                        "release Elastic IP " + allocation,
                        () -> aws.ec2().releaseAddress(r -> r.allocationId(allocation))));
    }

    private void removeRouteTables(Map<String, String> ids) {
        List<String> tables = Stream.of("PUBLIC_ROUTE_TABLE_ID", "PRIVATE_ROUTE_TABLE_ID", "PRIVATE_B_ROUTE_TABLE_ID")
                .map(ids::get)
                .filter(Objects::nonNull)
                .toList();
        for (String id : tables) {
            aws.ec2().describeRouteTables(r -> r.routeTableIds(id)).routeTables().getFirst().associations().stream()
                    .filter(a -> !Boolean.TRUE.equals(a.main()))
                    .map(RouteTableAssociation::routeTableAssociationId)
                    .forEach(a ->
                            call("disassociate " + a, () -> aws.ec2().disassociateRouteTable(r -> r.associationId(a))));
        }
        tables.forEach(id ->
                call("delete route table " + id, () -> aws.ec2().deleteRouteTable(r -> r.routeTableId(id))));
    }

    private void removeInternetGateway(Map<String, String> ids, String vpc) {
        String igw = ids.get("IGW_ID");
        if (igw == null) {
            return;
        }
        if (vpc != null
                && aws
                        .ec2()
                        .describeInternetGateways(r -> r.internetGatewayIds(igw))
                        .internetGateways()
                        .getFirst()
                        .attachments()
                        .stream()
                        .anyMatch(a -> vpc.equals(a.vpcId()))) {
            call(
                    "detach internet gateway " + igw,
                    () -> aws.ec2()
                            .detachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc)));
        }
        call("delete internet gateway " + igw, () -> aws.ec2().deleteInternetGateway(r -> r.internetGatewayId(igw)));
    }

    /** data-server's group refers to gate-server's, which refers to the load balancer's: delete in that order. */
    private void removeSecurityGroups(Map<String, String> ids, String vpc) {
        if (vpc != null) {
            awaitNetworkInterfacesReleased(vpc);
        }
        for (String group : List.of("DATA_SECURITY_GROUP_ID", "GATE_SECURITY_GROUP_ID", "ALB_SECURITY_GROUP_ID")) {
            String id = ids.get(group);
            if (id != null) {
                call("delete security group " + id, () -> aws.ec2().deleteSecurityGroup(r -> r.groupId(id)));
            }
        }
    }

    /**
     * Stopped tasks, a deleted load balancer and a deleted NAT gateway give their network interfaces back
     * asynchronously; a subnet or group still holding one cannot be deleted. Interfaces left "available"
     * (which an emulator keeps) are deleted here where the caller may.
     */
    private void awaitNetworkInterfacesReleased(String vpc) {
        Filter inVpc = Filter.builder().name("vpc-id").values(vpc).build();
        aws.ec2().describeNetworkInterfaces(r -> r.filters(inVpc)).networkInterfaces().stream()
                .filter(eni -> "available".equals(eni.statusAsString()))
                .forEach(eni -> deleteNetworkInterface(eni.networkInterfaceId()));
        wait.until(
                "network interfaces in " + vpc,
                timeouts.services(),
                () -> aws.ec2()
                                .describeNetworkInterfaces(r -> r.filters(inVpc))
                                .networkInterfaces()
                                .size() + " in use",
                "0 in use"::equals,
                state -> false);
    }

    /**
     * The deploying role may not delete network interfaces (they carry no stack tag, and no condition key names
     * the stack's VPC before it exists): on AWS the service that made one removes it, and the wait goes on.
     */
    private void deleteNetworkInterface(String id) {
        out.println("    delete network interface " + id);
        try {
            aws.ec2().deleteNetworkInterface(r -> r.networkInterfaceId(id));
        } catch (AwsServiceException ex) {
            String code = ex.awsErrorDetails().errorCode();
            if (!code.contains("Unauthorized") && !code.contains("AccessDenied")) {
                throw new DeployException(
                        "cannot delete network interface %s: %s (%s); run `down --yes` again once fixed: it resumes"
                                .formatted(id, ex.awsErrorDetails().errorMessage(), code),
                        ex);
            }
            out.println("      not allowed to the deploying role: left to the service that made it (the wait goes on)");
        }
    }

    private void removeSubnets(Map<String, String> ids, String vpc) {
        for (String subnet :
                List.of("PUBLIC_SUBNET_A_ID", "PUBLIC_SUBNET_B_ID", "PRIVATE_SUBNET_A_ID", "PRIVATE_SUBNET_B_ID")) {
            String id = ids.get(subnet);
            if (id != null) {
                call("delete subnet " + id, () -> aws.ec2().deleteSubnet(r -> r.subnetId(id)));
            }
        }
    }

    /** Only a repository this stack created (tagged with it): another stack in the account may share the name. */
    private void removeRepository(String name) {
        if (StackAudit.repositoryOwnedBy(aws, name, stack)) {
            call(
                    "delete ECR repository " + name + " and its images",
                    () -> aws.ecr().deleteRepository(r -> r.repositoryName(name).force(true)));
        }
    }

    private void removeRole(String suffix) {
        String role = stack + "-" + suffix;
        try {
            aws.iam()
                    .listAttachedRolePolicies(r -> r.roleName(role))
                    .attachedPolicies()
                    .forEach(p -> call(
                            "detach " + p.policyName(),
                            () -> aws.iam()
                                    .detachRolePolicy(r -> r.roleName(role).policyArn(p.policyArn()))));
            aws.iam()
                    .listRolePolicies(r -> r.roleName(role))
                    .policyNames()
                    .forEach(name -> call(
                            "delete inline policy " + name + " of " + role,
                            () -> aws.iam()
                                    .deleteRolePolicy(r -> r.roleName(role).policyName(name))));
            call("delete IAM role " + role, () -> aws.iam().deleteRole(r -> r.roleName(role)));
        } catch (NoSuchEntityException gone) {
            // already deleted
        }
    }

    private void step(String what, Runnable action) {
        out.println("  " + what);
        action.run();
    }

    private void call(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    private <T> T call(String what, Supplier<T> action) {
        out.println("    " + what);
        try {
            return action.get();
        } catch (AwsServiceException ex) {
            throw new DeployException(
                    "cannot %s: %s (%s); run `down --yes` again once fixed: it resumes"
                            .formatted(
                                    what,
                                    ex.awsErrorDetails().errorMessage(),
                                    ex.awsErrorDetails().errorCode()),
                    ex);
        }
    }
}
