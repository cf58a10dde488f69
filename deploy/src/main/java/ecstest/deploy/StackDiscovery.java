package ecstest.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceFilter;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceFilterName;
import software.amazon.awssdk.services.servicediscovery.model.ServiceFilter;
import software.amazon.awssdk.services.servicediscovery.model.ServiceFilterName;

/**
 * Finds the IDs of the stack's resources that already exist, by the tags and names the templates give
 * them ({@code ecs-test:stack} and {@code Name}, a load balancer's name, a namespace's name). The
 * account is the state: there is no state file to lose or to disagree with it.
 */
final class StackDiscovery {

    static final String STACK_TAG = "ecs-test:stack";

    /** Subnet Name tag suffix → the variable holding its ID (the names StackPlan gives them). */
    private static final Map<String, String> SUBNETS = Map.of(
            "public-a", "PUBLIC_SUBNET_A_ID",
            "public-b", "PUBLIC_SUBNET_B_ID",
            "private-a", "PRIVATE_SUBNET_A_ID",
            "private-b", "PRIVATE_SUBNET_B_ID");

    private final AwsClients aws;
    private final String stack;

    StackDiscovery(AwsClients aws, String stack) {
        this.aws = aws;
        this.stack = stack;
    }

    /** Every resource ID of {@link Variables#RESOURCE_IDS} that exists now. */
    Map<String, String> existingIds(Map<String, String> values) {
        try {
            Map<String, String> ids = new LinkedHashMap<>();
            Optional<String> vpc = vpc();
            vpc.ifPresent(id -> ids.put("VPC_ID", id));
            SUBNETS.forEach((name, variable) -> subnetNamed(name).ifPresent(id -> ids.put(variable, id)));
            internetGateway().ifPresent(id -> ids.put("IGW_ID", id));
            elasticIp("nat-a").ifPresent(id -> ids.put("NAT_ALLOCATION_ID", id));
            natGateway("nat-a").ifPresent(id -> ids.put("NAT_GATEWAY_ID", id));
            elasticIp("nat-b").ifPresent(id -> ids.put("NAT_B_ALLOCATION_ID", id));
            natGateway("nat-b").ifPresent(id -> ids.put("NAT_B_GATEWAY_ID", id));
            routeTable("public").ifPresent(id -> ids.put("PUBLIC_ROUTE_TABLE_ID", id));
            routeTable("private").ifPresent(id -> ids.put("PRIVATE_ROUTE_TABLE_ID", id));
            routeTable("private-b").ifPresent(id -> ids.put("PRIVATE_B_ROUTE_TABLE_ID", id));
            if (vpc.isPresent()) {
                securityGroup(vpc.get(), "alb").ifPresent(id -> ids.put("ALB_SECURITY_GROUP_ID", id));
                securityGroup(vpc.get(), "gate-server").ifPresent(id -> ids.put("GATE_SECURITY_GROUP_ID", id));
                securityGroup(vpc.get(), "data-server").ifPresent(id -> ids.put("DATA_SECURITY_GROUP_ID", id));
            }
            Optional<String> loadBalancer = loadBalancer();
            loadBalancer.ifPresent(arn -> ids.put("LOAD_BALANCER_ARN", arn));
            targetGroup("gate-server").ifPresent(arn -> ids.put("TARGET_GROUP_ARN", arn));
            targetGroup("gate-alt").ifPresent(arn -> ids.put("ALTERNATE_TARGET_GROUP_ARN", arn));
            loadBalancer.flatMap(this::listener).ifPresent(listener -> {
                ids.put("LISTENER_ARN", listener);
                productionRule(listener).ifPresent(arn -> ids.put("PRODUCTION_LISTENER_RULE_ARN", arn));
            });
            namespace(values.get("NAMESPACE")).ifPresent(id -> {
                ids.put("NAMESPACE_ID", id);
                registry(id, "gate-server").ifPresent(arn -> ids.put("GATE_REGISTRY_ARN", arn));
                registry(id, "data-server").ifPresent(arn -> ids.put("DATA_REGISTRY_ARN", arn));
            });
            return ids;
        } catch (AwsServiceException ex) {
            throw new DeployException(
                    "cannot read the stack from AWS: " + ex.awsErrorDetails().errorMessage() + " ("
                            + ex.awsErrorDetails().errorCode()
                            + "); check the credentials and region, or the deploying role's policies"
                            + " (`deploy/ecs-test admin-setup`)",
                    ex);
        } catch (SdkClientException ex) {
            throw new DeployException("cannot reach AWS: " + ex.getMessage(), ex);
        }
    }

    private Filter tag(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }

    private Filter[] named(String name) {
        return new Filter[] {tag(STACK_TAG, stack), tag("Name", stack + "-" + name)};
    }

    private Optional<String> vpc() {
        return aws.ec2().describeVpcs(r -> r.filters(named("vpc"))).vpcs().stream()
                .findFirst()
                .map(v -> v.vpcId());
    }

    private Optional<String> subnetNamed(String name) {
        return aws.ec2().describeSubnets(r -> r.filters(named(name))).subnets().stream()
                .findFirst()
                .map(s -> s.subnetId());
    }

    private Optional<String> internetGateway() {
        return aws.ec2().describeInternetGateways(r -> r.filters(named("igw"))).internetGateways().stream()
                .findFirst()
                .map(g -> g.internetGatewayId());
    }

    private Optional<String> elasticIp(String name) {
        return aws.ec2().describeAddresses(r -> r.filters(named(name))).addresses().stream()
                .findFirst()
                .map(a -> a.allocationId());
    }

    private Optional<String> natGateway(String name) {
        // the tags are checked here too: an emulator may ignore tag filters on this call
        return aws.ec2().describeNatGateways(r -> r.filter(named(name))).natGateways().stream()
                .filter(n -> n.tags().stream()
                        .anyMatch(t -> t.key().equals("Name") && t.value().equals(stack + "-" + name)))
                .filter(n -> n.state() != NatGatewayState.DELETED
                        && n.state() != NatGatewayState.DELETING
                        && n.state() != NatGatewayState.FAILED)
                .findFirst()
                .map(n -> n.natGatewayId());
    }

    private Optional<String> routeTable(String name) {
        return aws.ec2().describeRouteTables(r -> r.filters(named(name))).routeTables().stream()
                .findFirst()
                .map(t -> t.routeTableId());
    }

    private Optional<String> securityGroup(String vpcId, String name) {
        return aws
                .ec2()
                .describeSecurityGroups(r -> r.filters(
                        Filter.builder().name("vpc-id").values(vpcId).build(),
                        Filter.builder()
                                .name("group-name")
                                .values(stack + "-" + name)
                                .build()))
                .securityGroups()
                .stream()
                .findFirst()
                .map(g -> g.groupId());
    }

    private Optional<String> loadBalancer() {
        try {
            return aws.elb().describeLoadBalancers(r -> r.names(stack)).loadBalancers().stream()
                    .findFirst()
                    .map(lb -> lb.loadBalancerArn());
        } catch (LoadBalancerNotFoundException ex) {
            return Optional.empty();
        }
    }

    /** The HTTP listener (port 80) of the stack's load balancer. */
    private Optional<String> listener(String loadBalancerArn) {
        return aws.elb().describeListeners(r -> r.loadBalancerArn(loadBalancerArn)).listeners().stream()
                .filter(l -> l.port() == 80)
                .findFirst()
                .map(l -> l.listenerArn());
    }

    /** The listener's rule of priority 1, the production rule whose weights a deployment moves. */
    private Optional<String> productionRule(String listenerArn) {
        return aws.elb().describeRules(r -> r.listenerArn(listenerArn)).rules().stream()
                .filter(rule -> "1".equals(rule.priority()))
                .findFirst()
                .map(rule -> rule.ruleArn());
    }

    private Optional<String> targetGroup(String name) {
        try {
            return aws.elb().describeTargetGroups(r -> r.names(stack + "-" + name)).targetGroups().stream()
                    .findFirst()
                    .map(tg -> tg.targetGroupArn());
        } catch (TargetGroupNotFoundException ex) {
            return Optional.empty();
        }
    }

    private Optional<String> namespace(String name) {
        return aws
                .cloudMap()
                .listNamespacesPaginator(r -> r.filters(NamespaceFilter.builder()
                        .name(NamespaceFilterName.TYPE)
                        .values("DNS_PRIVATE")
                        .build()))
                .stream()
                .flatMap(page -> page.namespaces().stream())
                .filter(ns -> ns.name().equals(name))
                .findFirst()
                .map(ns -> ns.id());
    }

    private Optional<String> registry(String namespaceId, String service) {
        return aws
                .cloudMap()
                .listServicesPaginator(r -> r.filters(ServiceFilter.builder()
                        .name(ServiceFilterName.NAMESPACE_ID)
                        .values(namespaceId)
                        .build()))
                .stream()
                .flatMap(page -> page.services().stream())
                .filter(s -> s.name().equals(service))
                .findFirst()
                .map(s -> s.arn());
    }
}
