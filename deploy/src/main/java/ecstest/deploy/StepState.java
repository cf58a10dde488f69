package ecstest.deploy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyRequest;
import software.amazon.awssdk.services.ec2.model.AssociateRouteTableRequest;
import software.amazon.awssdk.services.ec2.model.AttachInternetGatewayRequest;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.CreateRouteRequest;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ModifyVpcAttributeRequest;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryRequest;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.CreateClusterRequest;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.iam.model.CreateRoleRequest;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PutRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.Role;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether the account already has what a step would create or set: read-only calls only. A step whose
 * product is a resource ID is applied when discovery found that ID.
 */
final class StepState {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AwsClients aws;

    StepState(AwsClients aws) {
        this.aws = aws;
    }

    static boolean pausedByScale(ScalableTarget target) {
        return target.suspendedState() != null
                && Boolean.TRUE.equals(target.suspendedState().dynamicScalingOutSuspended());
    }

    boolean applied(Step step, SdkRequest request, Map<String, String> ids) {
        if (step.produces() != null) {
            return ids.containsKey(step.produces());
        }
        return switch (request) {
            case CreateRoleRequest role -> roleExists(role);
            case PutRolePolicyRequest policy -> rolePolicyIs(policy);
            case CreateRepositoryRequest repository -> repositoryExists(repository.repositoryName());
            case ModifyVpcAttributeRequest vpc ->
                aws.ec2()
                        .describeVpcAttribute(
                                r -> r.vpcId(vpc.vpcId()).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
                        .enableDnsHostnames()
                        .value();
            case AttachInternetGatewayRequest attach ->
                aws
                        .ec2()
                        .describeInternetGateways(r -> r.internetGatewayIds(attach.internetGatewayId()))
                        .internetGateways()
                        .stream()
                        .flatMap(g -> g.attachments().stream())
                        .anyMatch(a -> a.vpcId().equals(attach.vpcId()));
            case CreateRouteRequest route ->
                aws.ec2().describeRouteTables(r -> r.routeTableIds(route.routeTableId())).routeTables().stream()
                        .flatMap(t -> t.routes().stream())
                        .anyMatch(r -> route.destinationCidrBlock().equals(r.destinationCidrBlock()));
            case AssociateRouteTableRequest association ->
                aws.ec2().describeRouteTables(r -> r.routeTableIds(association.routeTableId())).routeTables().stream()
                        .flatMap(t -> t.associations().stream())
                        .anyMatch(a -> association.subnetId().equals(a.subnetId()));
            case AuthorizeSecurityGroupIngressRequest ingress ->
                aws.ec2().describeSecurityGroups(r -> r.groupIds(ingress.groupId())).securityGroups().stream()
                        .flatMap(g -> g.ipPermissions().stream())
                        .anyMatch(existing ->
                                ingress.ipPermissions().stream().allMatch(wanted -> covers(existing, wanted)));
            case ModifyTargetGroupAttributesRequest attributes ->
                aws.elb()
                        .describeTargetGroupAttributes(r -> r.targetGroupArn(attributes.targetGroupArn()))
                        .attributes()
                        .containsAll(attributes.attributes().stream()
                                .map(a -> TargetGroupAttribute.builder()
                                        .key(a.key())
                                        .value(a.value())
                                        .build())
                                .toList());
            case CreateListenerRequest listener ->
                aws.elb().describeListeners(r -> r.loadBalancerArn(listener.loadBalancerArn())).listeners().stream()
                        .anyMatch(l -> l.port().equals(listener.port()));
            case CreateClusterRequest cluster ->
                aws.ecs().describeClusters(r -> r.clusters(cluster.clusterName())).clusters().stream()
                        .anyMatch(c -> "ACTIVE".equals(c.status()));
            case CreateLogGroupRequest group -> logGroupRetention(group.logGroupName()) != null;
            case PutRetentionPolicyRequest retention ->
                Objects.equals(logGroupRetention(retention.logGroupName()), retention.retentionInDays());
            case RegisterTaskDefinitionRequest task -> sameAsLatest(task);
            case CreateServiceRequest service ->
                aws
                        .ecs()
                        .describeServices(r -> r.cluster(service.cluster()).services(service.serviceName()))
                        .services()
                        .stream()
                        .anyMatch(s -> "ACTIVE".equals(s.status()));
            case RegisterScalableTargetRequest target ->
                aws
                        .scaling()
                        .describeScalableTargets(r -> r.serviceNamespace(target.serviceNamespace())
                                .resourceIds(target.resourceId())
                                .scalableDimension(target.scalableDimension()))
                        .scalableTargets()
                        .stream()
                        // a target `scale --all 0` paused (scaling suspended) is left as it is: re-registering the
                        // configured minimum would start tasks again; up reports the pause instead
                        .anyMatch(t -> pausedByScale(t)
                                || (t.minCapacity().equals(target.minCapacity())
                                        && t.maxCapacity().equals(target.maxCapacity())));
            case PutScalingPolicyRequest policy ->
                scalingPolicy(aws, policy.serviceNamespaceAsString(), policy.resourceId(), policy.policyName())
                        .isPresent();
            case PutMetricAlarmRequest alarm -> alarm(aws, alarm.alarmName()).isPresent();
            default -> throw new IllegalStateException("no state check for " + step.operation());
        };
    }

    /** The metric alarm of that name, if it exists. */
    static Optional<MetricAlarm> alarm(AwsClients aws, String name) {
        return aws.cloudWatch().describeAlarms(r -> r.alarmNames(name)).metricAlarms().stream()
                .findFirst();
    }

    /** The scaling policy of that name on that resource, if it exists. */
    static Optional<ScalingPolicy> scalingPolicy(AwsClients aws, String namespace, String resourceId, String name) {
        return aws
                .scaling()
                .describeScalingPolicies(r ->
                        r.serviceNamespace(namespace).resourceId(resourceId).policyNames(name))
                .scalingPolicies()
                .stream()
                // by name here too: moto ignores the policyNames filter
                .filter(p -> p.policyName().equals(name))
                .findFirst();
    }

    /**
     * The role exists with the permissions boundary the request names. One without it (made by an older
     * version) cannot be given it by the deployer, whose policy allows changing only roles that carry it.
     */
    private boolean roleExists(CreateRoleRequest wanted) {
        Role role;
        try {
            role = aws.iam().getRole(r -> r.roleName(wanted.roleName())).role();
        } catch (NoSuchEntityException ex) {
            return false;
        }
        String boundary = role.permissionsBoundary() == null
                ? null
                : role.permissionsBoundary().permissionsBoundaryArn();
        if (!wanted.permissionsBoundary().equals(boundary)) {
            throw new DeployException(("role %s exists without the permissions boundary %s (made before the stack's"
                            + " roles carried one); the deploying role may not change it: run `down --yes` with the"
                            + " credentials that built the stack, then `up`")
                    .formatted(wanted.roleName(), wanted.permissionsBoundary()));
        }
        return true;
    }

    /** The role has this inline policy with the same statements (IAM returns the document URL-encoded). */
    private boolean rolePolicyIs(PutRolePolicyRequest wanted) {
        try {
            String document = aws.iam()
                    .getRolePolicy(r -> r.roleName(wanted.roleName()).policyName(wanted.policyName()))
                    .policyDocument();
            return JSON.readTree(URLDecoder.decode(document, StandardCharsets.UTF_8))
                    .equals(JSON.readTree(wanted.policyDocument()));
        } catch (NoSuchEntityException ex) {
            return false;
        }
    }

    private boolean repositoryExists(String name) {
        try {
            return !aws.ecr()
                    .describeRepositories(r -> r.repositoryNames(name))
                    .repositories()
                    .isEmpty();
        } catch (RepositoryNotFoundException ex) {
            return false;
        }
    }

    /** The group's retention in days, 0 when it keeps logs forever, null when there is no such group. */
    private Integer logGroupRetention(String name) {
        return aws.logs().describeLogGroups(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name))
                .findFirst()
                .map(g -> g.retentionInDays() == null ? 0 : g.retentionInDays())
                .orElse(null);
    }

    /** A new revision is registered only when the latest one differs in what the template sets. */
    boolean sameAsLatest(RegisterTaskDefinitionRequest wanted) {
        TaskDefinition latest;
        try {
            latest = aws.ecs()
                    .describeTaskDefinition(r -> r.taskDefinition(wanted.family()))
                    .taskDefinition();
        } catch (ClientException ex) {
            return false; // no revision yet
        }
        // a deregistered (INACTIVE) revision cannot run: it does not count
        return "ACTIVE".equals(latest.statusAsString()) && SdkSubset.covers(wanted, latest);
    }

    private static boolean covers(IpPermission existing, IpPermission wanted) {
        return Objects.equals(existing.ipProtocol(), wanted.ipProtocol())
                && Objects.equals(existing.fromPort(), wanted.fromPort())
                && Objects.equals(existing.toPort(), wanted.toPort())
                && wanted.ipRanges().stream()
                        .allMatch(range -> existing.ipRanges().stream()
                                .anyMatch(r -> r.cidrIp().equals(range.cidrIp())))
                && wanted.userIdGroupPairs().stream()
                        .allMatch(pair -> existing.userIdGroupPairs().stream()
                                .anyMatch(p -> p.groupId().equals(pair.groupId())));
    }
}
