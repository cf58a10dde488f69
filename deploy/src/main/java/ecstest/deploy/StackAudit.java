package ecstest.deploy;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/** Every resource of the stack that still exists, over every type {@code up} creates: the leak audit. */
final class StackAudit {

    private final AwsClients aws;
    private final String stack;

    StackAudit(AwsClients aws, String stack) {
        this.aws = aws;
        this.stack = stack;
    }

    /** True when the repository exists and carries this stack's tag. */
    static boolean repositoryOwnedBy(AwsClients aws, String name, String stack) {
        try {
            String arn = aws.ecr()
                    .describeRepositories(r -> r.repositoryNames(name))
                    .repositories()
                    .getFirst()
                    .repositoryArn();
            return aws.ecr().listTagsForResource(r -> r.resourceArn(arn)).tags().stream()
                    .anyMatch(tag -> tag.key().equals(StackDiscovery.STACK_TAG)
                            && tag.value().equals(stack));
        } catch (RepositoryNotFoundException gone) {
            return false;
        }
    }

    /** The stack's rollout alarms that exist (each step of the plan that puts one names it {@code <stack>-…}). */
    static List<String> alarms(AwsClients aws, String stack) {
        List<String> names = StackPlan.steps().stream()
                .filter(step -> step.operation().equals("put-metric-alarm"))
                .map(step -> stack + "-gate-server-" + step.name())
                .toList();
        return aws.cloudWatch().describeAlarms(r -> r.alarmNames(names)).metricAlarms().stream()
                .map(alarm -> alarm.alarmName())
                .toList();
    }

    List<String> leftovers(String namespaceName) {
        List<String> left = new ArrayList<>();
        Filter tagged = Filter.builder()
                .name("tag:" + StackDiscovery.STACK_TAG)
                .values(stack)
                .build();
        aws.ec2().describeVpcs(r -> r.filters(tagged)).vpcs().forEach(v -> left.add("VPC " + v.vpcId()));
        aws.ec2().describeSubnets(r -> r.filters(tagged)).subnets().forEach(s -> left.add("subnet " + s.subnetId()));
        aws.ec2()
                .describeInternetGateways(r -> r.filters(tagged))
                .internetGateways()
                .forEach(g -> left.add("internet gateway " + g.internetGatewayId()));
        aws.ec2()
                .describeAddresses(r -> r.filters(tagged))
                .addresses()
                .forEach(a -> left.add("Elastic IP " + a.publicIp() + " (" + a.allocationId() + ")"));
        aws.ec2().describeNatGateways(r -> r.filter(tagged)).natGateways().stream()
                .filter(n -> !n.stateAsString().equals("deleted"))
                .forEach(n -> left.add("NAT gateway " + n.natGatewayId() + " (" + n.stateAsString() + ")"));
        aws.ec2()
                .describeRouteTables(r -> r.filters(tagged))
                .routeTables()
                .forEach(t -> left.add("route table " + t.routeTableId()));
        aws.ec2()
                .describeSecurityGroups(r -> r.filters(tagged))
                .securityGroups()
                .forEach(g -> left.add("security group " + g.groupId() + " (" + g.groupName() + ")"));
        try {
            aws.elb()
                    .describeLoadBalancers(r -> r.names(stack))
                    .loadBalancers()
                    .forEach(lb -> left.add("load balancer " + lb.loadBalancerArn()));
        } catch (LoadBalancerNotFoundException gone) {
            // as it should be
        }
        for (String group : List.of("gate-server", "gate-alt")) {
            try {
                aws.elb()
                        .describeTargetGroups(r -> r.names(stack + "-" + group))
                        .targetGroups()
                        .forEach(tg -> left.add("target group " + tg.targetGroupArn()));
            } catch (TargetGroupNotFoundException gone) {
                // as it should be
            }
        }
        aws.cloudMap().listNamespaces().namespaces().stream()
                .filter(ns -> ns.name().equals(namespaceName))
                .forEach(ns -> left.add("Cloud Map namespace " + ns.id()));
        aws.ecs().describeClusters(r -> r.clusters(stack)).clusters().stream()
                .filter(c -> "ACTIVE".equals(c.status()))
                .forEach(c -> left.add("ECS cluster " + c.clusterArn()));
        for (String family : List.of(stack + "-gate-server", stack + "-data-server")) {
            aws.ecs()
                    .listTaskDefinitions(r -> r.familyPrefix(family).status("ACTIVE"))
                    .taskDefinitionArns()
                    .forEach(arn -> left.add("task definition " + arn));
        }
        aws.logs()
                .describeLogGroups(r -> r.logGroupNamePrefix("/ecs/" + stack + "/"))
                .logGroups()
                .forEach(g -> left.add("log group " + g.logGroupName()));
        aws.scaling().describeScalableTargets(r -> r.serviceNamespace("ecs")).scalableTargets().stream()
                .filter(t -> t.resourceId().startsWith("service/" + stack + "/"))
                .forEach(t -> left.add("scalable target " + t.resourceId()));
        alarms(aws, stack).forEach(name -> left.add("CloudWatch alarm " + name));
        for (String repository : List.of("gate-server", "data-server")) {
            if (repositoryOwnedBy(aws, repository, stack)) {
                left.add("ECR repository " + repository);
            }
        }
        for (String role : StackTeardown.ROLES) {
            try {
                aws.iam().getRole(r -> r.roleName(stack + "-" + role));
                left.add("IAM role " + stack + "-" + role);
            } catch (NoSuchEntityException gone) {
                // as it should be
            }
        }
        return left;
    }
}
