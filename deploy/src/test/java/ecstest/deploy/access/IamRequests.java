package ecstest.deploy.access;

import ecstest.deploy.aws.AwsClients;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DeleteScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DeregisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DeleteLogGroupRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyRequest;
import software.amazon.awssdk.services.ec2.model.DisassociateRouteTableRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryRequest;
import software.amazon.awssdk.services.ecr.model.DeleteRepositoryRequest;
import software.amazon.awssdk.services.ecr.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ecr.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.ecs.model.CreateClusterRequest;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeleteClusterRequest;
import software.amazon.awssdk.services.ecs.model.DeleteServiceRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.StopServiceDeploymentRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesRequest;
import software.amazon.awssdk.services.iam.model.CreateRoleRequest;
import software.amazon.awssdk.services.iam.model.DeleteRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.DeleteRoleRequest;
import software.amazon.awssdk.services.iam.model.DetachRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.GetPolicyRequest;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PutRolePolicyRequest;
import software.amazon.awssdk.services.servicediscovery.model.CreatePrivateDnsNamespaceRequest;
import software.amazon.awssdk.services.servicediscovery.model.DeleteNamespaceRequest;
import software.amazon.awssdk.services.ssm.model.DeleteParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathRequest;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;

/**
 * An SDK request → the IAM authorizations AWS evaluates for it: the action, each resource's ARN (in the
 * Service Authorization Reference's format) with the tags it carries, the request's tags, and the condition
 * keys the call sets (iam:PermissionsBoundary, iam:PassedToService, ...). Also the authorizations a call
 * implies beyond its own action, per the services' documentation: tag-on-create (ec2:CreateTags,
 * elasticloadbalancing:AddTags, ecs:TagResource, ...), iam:PassRole for a task definition's roles, what Cloud Map
 * and Application Auto Scaling do with the caller's permissions. A request it does not know becomes an
 * authorization for "unmapped:…", which no policy allows: a new call cannot slip by.
 */
final class IamRequests {

    static final String TAG = "ecs-test:stack";

    /** One authorization request: what the evaluator is asked. */
    record Authorization(String call, String action, String resource, Map<String, Object> context) {
        Authorization {
            context = new TreeMap<>(context);
        }
    }

    /** Top-level EC2 request members that name an existing resource, by the operations they appear in. */
    private static final Map<String, List<String>> EC2_RESOURCES = Map.ofEntries(
            Map.entry("CreateSubnet", List.of("VpcId")),
            Map.entry("AttachInternetGateway", List.of("InternetGatewayId", "VpcId")),
            Map.entry("DetachInternetGateway", List.of("InternetGatewayId", "VpcId")),
            Map.entry("CreateNatGateway", List.of("SubnetId", "AllocationId")),
            Map.entry("CreateRouteTable", List.of("VpcId")),
            Map.entry("CreateRoute", List.of("RouteTableId")),
            Map.entry("AssociateRouteTable", List.of("RouteTableId", "SubnetId")),
            Map.entry("ReplaceRouteTableAssociation", List.of("RouteTableId")),
            Map.entry("CreateSecurityGroup", List.of("VpcId")),
            Map.entry("AuthorizeSecurityGroupIngress", List.of("GroupId")),
            Map.entry("RevokeSecurityGroupIngress", List.of("GroupId")),
            Map.entry("ModifyVpcAttribute", List.of("VpcId")),
            Map.entry("DeleteVpc", List.of("VpcId")),
            Map.entry("DeleteSubnet", List.of("SubnetId")),
            Map.entry("DeleteInternetGateway", List.of("InternetGatewayId")),
            Map.entry("ReleaseAddress", List.of("AllocationId")),
            Map.entry("DeleteNatGateway", List.of("NatGatewayId")),
            Map.entry("DeleteRouteTable", List.of("RouteTableId")),
            Map.entry("DeleteSecurityGroup", List.of("GroupId")),
            Map.entry("DeleteNetworkInterface", List.of("NetworkInterfaceId")),
            Map.entry("CreateVpcEndpoint", List.of("VpcId")),
            Map.entry("DeleteRoute", List.of("RouteTableId")));

    /** Top-level EC2 request members that name existing resources, a list of them, by operation. */
    private static final Map<String, List<String>> EC2_RESOURCE_LISTS = Map.of(
            "CreateVpcEndpoint", List.of("SubnetIds", "SecurityGroupIds", "RouteTableIds"),
            "DeleteVpcEndpoints", List.of("VpcEndpointIds"));

    private static final Map<String, String> EC2_TYPES = Map.of(
            "vpc-", "vpc",
            "subnet-", "subnet",
            "igw-", "internet-gateway",
            "eipalloc-", "elastic-ip",
            "nat-", "natgateway",
            "rtb-", "route-table",
            "sg-", "security-group",
            "eni-", "network-interface",
            "vpce-", "vpc-endpoint");

    private final String region;
    private final String account;
    private final String stack;
    private final AwsClients aws;
    /** Tags sent with RegisterScalableTarget, by resource ID: the emulator does not keep them. */
    private final Map<String, Map<String, String>> scalableTargetTags = new HashMap<>();

    IamRequests(String region, String account, String stack, AwsClients aws) {
        this.region = region;
        this.account = account;
        this.stack = stack;
        this.aws = aws;
    }

    String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + (service.equals("iam") ? "" : region) + ":" + account + ":" + resource;
    }

    List<Authorization> of(SdkRequest request) {
        String operation = request.getClass().getSimpleName().replaceFirst("Request$", "");
        String service = service(request);
        if (service == null) {
            return List.of(new Authorization(
                    operation, "unmapped:" + request.getClass().getName(), "*", Map.of()));
        }
        String action = service + ":" + operation;
        Calls calls = new Calls(operation);
        switch (service) {
            case "ec2" -> ec2(request, operation, calls);
            case "elasticloadbalancing" -> elb(request, action, calls);
            case "ecs" -> ecs(request, action, calls);
            case "servicediscovery" -> cloudMap(request, action, calls);
            case "ecr" -> ecr(request, action, calls);
            case "logs" -> logs(request, action, calls);
            case "iam" -> iam(request, action, calls);
            case "ssm" -> ssm(request, action, calls);
            case "application-autoscaling" -> scaling(request, action, calls);
            case "cloudwatch" -> cloudWatch(request, action, calls);
            case "acm" -> acm(request, action, calls);
            case "route53" -> route53(request, action, calls);
            default -> calls.add(action, "*", Map.of());
        }
        if (calls.list.isEmpty()) {
            calls.add("unmapped:" + action, "*", Map.of());
        }
        return calls.list;
    }

    private static String service(SdkRequest request) {
        String pkg = request.getClass().getPackageName();
        String client = pkg.substring("software.amazon.awssdk.services.".length(), pkg.lastIndexOf(".model"));
        return switch (client) {
            case "ec2", "ecs", "ecr", "iam", "ssm", "servicediscovery", "sts", "cloudwatch", "route53", "acm" -> client;
            case "elasticloadbalancingv2" -> "elasticloadbalancing";
            case "cloudwatchlogs" -> "logs";
            case "applicationautoscaling" -> "application-autoscaling";
            default -> null;
        };
    }

    /** The authorizations of one call. */
    private static final class Calls {
        final String call;
        final List<Authorization> list = new ArrayList<>();

        Calls(String call) {
            this.call = call;
        }

        void add(String action, String resource, Map<String, Object> context) {
            list.add(new Authorization(call, action, resource, context));
        }
    }

    private static boolean readOnly(String action) {
        String operation = action.substring(action.indexOf(':') + 1);
        return operation.startsWith("Describe") || operation.startsWith("List") || operation.startsWith("Get");
    }

    // EC2: resources by ID prefix; a created resource's type from its TagSpecifications
    private void ec2(SdkRequest request, String operation, Calls calls) {
        String action = "ec2:" + operation;
        if (readOnly(action)) {
            calls.add(action, "*", Map.of());
            return;
        }
        Optional<List> specs = request.getValueForField("TagSpecifications", List.class);
        if (specs.isPresent() && !specs.get().isEmpty()) {
            for (Object spec : specs.get()) {
                TagSpecification tags = (TagSpecification) spec;
                Map<String, String> requestTags = new LinkedHashMap<>();
                tags.tags().forEach(tag -> requestTags.put(tag.key(), tag.value()));
                String created = arn("ec2", tags.resourceTypeAsString() + "/*");
                calls.add(action, created, requestTags(requestTags));
                Map<String, Object> tagging = new HashMap<>(requestTags(requestTags));
                tagging.put("ec2:CreateAction", operation);
                calls.add("ec2:CreateTags", created, tagging);
            }
        }
        for (String member : EC2_RESOURCES.getOrDefault(operation, List.of())) {
            request.getValueForField(member, String.class).ifPresent(id -> ec2Resource(action, id, calls));
        }
        for (String member : EC2_RESOURCE_LISTS.getOrDefault(operation, List.of())) {
            request.getValueForField(member, List.class)
                    .ifPresent(ids -> ids.forEach(id -> ec2Resource(action, (String) id, calls)));
        }
        if (request instanceof DisassociateRouteTableRequest disassociate) {
            RouteTableAssociation association = aws
                    .ec2()
                    .describeRouteTables(r -> r.filters(Filter.builder()
                            .name("association.route-table-association-id")
                            .values(disassociate.associationId())
                            .build()))
                    .routeTables()
                    .stream()
                    .flatMap(table -> table.associations().stream())
                    .filter(a -> a.routeTableAssociationId().equals(disassociate.associationId()))
                    .findFirst()
                    .orElseThrow();
            ec2Resource(action, association.routeTableId(), calls);
            ec2Resource(action, association.subnetId(), calls);
        }
    }

    private void ec2Resource(String action, String id, Calls calls) {
        String type = EC2_TYPES.entrySet().stream()
                .filter(prefix -> id.startsWith(prefix.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no EC2 resource type for " + id));
        Map<String, String> tags = new LinkedHashMap<>();
        aws.ec2()
                .describeTags(r -> r.filters(
                        Filter.builder().name("resource-id").values(id).build()))
                .tags()
                .forEach(tag -> tags.put(tag.key(), tag.value()));
        calls.add(action, arn("ec2", type + "/" + id), resourceTags(tags));
    }

    private void elb(SdkRequest request, String action, Calls calls) {
        switch (request) {
            case CreateLoadBalancerRequest create -> {
                Map<String, String> tags = elbTags(create.tags());
                String created = arn("elasticloadbalancing", "loadbalancer/app/" + create.name() + "/*");
                calls.add(action, created, requestTags(tags));
                calls.add(
                        "elasticloadbalancing:AddTags",
                        created,
                        tagOnCreate(tags, "elasticloadbalancing", "CreateLoadBalancer"));
                serviceLinkedRole(calls, "elasticloadbalancing.amazonaws.com", "AWSServiceRoleForElasticLoadBalancing");
            }
            case CreateTargetGroupRequest create -> {
                Map<String, String> tags = elbTags(create.tags());
                String created = arn("elasticloadbalancing", "targetgroup/" + create.name() + "/*");
                calls.add(action, created, requestTags(tags));
                calls.add(
                        "elasticloadbalancing:AddTags",
                        created,
                        tagOnCreate(tags, "elasticloadbalancing", "CreateTargetGroup"));
            }
            case CreateRuleRequest create -> {
                // authorized on the listener (its tags and the request's); tagged as it is created
                Map<String, String> tags = elbTags(create.tags());
                Map<String, Object> context = new HashMap<>(requestTags(tags));
                context.putAll(resourceTags(elbTagsOf(create.listenerArn())));
                calls.add(action, create.listenerArn(), context);
                calls.add(
                        "elasticloadbalancing:AddTags",
                        create.listenerArn().replace(":listener/", ":listener-rule/") + "/*",
                        tagOnCreate(tags, "elasticloadbalancing", "CreateRule"));
            }
            case CreateListenerRequest create -> {
                Map<String, String> tags = elbTags(create.tags());
                Map<String, Object> context = new HashMap<>(requestTags(tags));
                context.putAll(resourceTags(elbTagsOf(create.loadBalancerArn())));
                calls.add(action, create.loadBalancerArn(), context);
                String listener = create.loadBalancerArn().replace(":loadbalancer/", ":listener/") + "/*";
                calls.add(
                        "elasticloadbalancing:AddTags",
                        listener,
                        tagOnCreate(tags, "elasticloadbalancing", "CreateListener"));
            }
            case ModifyTargetGroupAttributesRequest modify -> existingElb(action, modify.targetGroupArn(), calls);
            case software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupRequest modify ->
                existingElb(action, modify.targetGroupArn(), calls);
            case DeleteTargetGroupRequest delete -> existingElb(action, delete.targetGroupArn(), calls);
            case DeleteLoadBalancerRequest delete -> existingElb(action, delete.loadBalancerArn(), calls);
            case DeleteListenerRequest delete -> existingElb(action, delete.listenerArn(), calls);
            case software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyListenerRequest modify ->
                existingElb(action, modify.listenerArn(), calls);
            case software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteRuleRequest delete ->
                existingElb(action, delete.ruleArn(), calls);
            default -> {
                if (readOnly(action)) {
                    calls.add(action, "*", Map.of());
                }
            }
        }
    }

    private void existingElb(String action, String arn, Calls calls) {
        calls.add(action, arn, resourceTags(elbTagsOf(arn)));
    }

    private Map<String, String> elbTagsOf(String arn) {
        Map<String, String> tags = new LinkedHashMap<>();
        aws.elb()
                .describeTags(r -> r.resourceArns(arn))
                .tagDescriptions()
                .forEach(d -> d.tags().forEach(tag -> tags.put(tag.key(), tag.value())));
        return tags;
    }

    private static Map<String, String> elbTags(
            List<software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(tag -> map.put(tag.key(), tag.value()));
        return map;
    }

    private void ecs(SdkRequest request, String action, Calls calls) {
        switch (request) {
            case CreateClusterRequest create -> {
                Map<String, String> tags = ecsTags(create.tags());
                String cluster = arn("ecs", "cluster/" + create.clusterName());
                calls.add(action, cluster, requestTags(tags));
                calls.add("ecs:TagResource", cluster, tagOnCreate(tags, "ecs", "CreateCluster"));
            }
            case RegisterTaskDefinitionRequest register -> {
                Map<String, String> tags = ecsTags(register.tags());
                String family = arn("ecs", "task-definition/" + register.family() + ":*");
                calls.add(action, family, requestTags(tags));
                calls.add("ecs:TagResource", family, tagOnCreate(tags, "ecs", "RegisterTaskDefinition"));
                for (String role : new String[] {register.executionRoleArn(), register.taskRoleArn()}) {
                    if (role != null) {
                        calls.add("iam:PassRole", role, Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com"));
                    }
                }
            }
            case CreateServiceRequest create -> {
                Map<String, String> tags = ecsTags(create.tags());
                String service = ecsService(create.cluster(), create.serviceName());
                Map<String, Object> context = new HashMap<>(requestTags(tags));
                context.put("ecs:cluster", arn("ecs", "cluster/" + create.cluster()));
                calls.add(action, service, context);
                calls.add("ecs:TagResource", service, tagOnCreate(tags, "ecs", "CreateService"));
                create.loadBalancers().stream()
                        .filter(lb -> lb.advancedConfiguration() != null)
                        .forEach(lb -> calls.add(
                                "iam:PassRole",
                                lb.advancedConfiguration().roleArn(),
                                Map.of("iam:PassedToService", "ecs.amazonaws.com")));
                serviceLinkedRole(calls, "ecs.amazonaws.com", "AWSServiceRoleForECS");
            }
            case UpdateServiceRequest update ->
                existingEcs(action, ecsService(update.cluster(), update.service()), calls);
            case software.amazon.awssdk.services.ecs.model.TagResourceRequest tag -> {
                Map<String, String> resource = new LinkedHashMap<>();
                aws.ecs()
                        .listTagsForResource(r -> r.resourceArn(tag.resourceArn()))
                        .tags()
                        .forEach(t -> resource.put(t.key(), t.value()));
                Map<String, Object> context = new HashMap<>(resourceTags(resource));
                context.putAll(requestTags(ecsTags(tag.tags())));
                calls.add(action, tag.resourceArn(), context);
            }
            case DeleteServiceRequest delete ->
                existingEcs(action, ecsService(delete.cluster(), delete.service()), calls);
            case DeleteClusterRequest delete -> existingEcs(action, arn("ecs", "cluster/" + delete.cluster()), calls);
            case StopServiceDeploymentRequest stop -> {
                // service-deployment/<cluster>/<service>/<id>: the deployment and its service are both authorized
                String[] path = stop.serviceDeploymentArn().split("/");
                calls.add(action, stop.serviceDeploymentArn(), Map.of("ecs:cluster", arn("ecs", "cluster/" + path[1])));
                existingEcs(action, ecsService(path[1], path[2]), calls);
            }
            default -> calls.add(action, "*", Map.of()); // reads, and DeregisterTaskDefinition: no resource scope
        }
    }

    private String ecsService(String cluster, String service) {
        return arn("ecs", "service/" + cluster + "/" + service);
    }

    private void existingEcs(String action, String arn, Calls calls) {
        Map<String, String> tags = new LinkedHashMap<>();
        aws.ecs().listTagsForResource(r -> r.resourceArn(arn)).tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        Map<String, Object> context = new HashMap<>(resourceTags(tags));
        if (arn.contains(":service/")) {
            context.put("ecs:cluster", arn("ecs", "cluster/" + arn.split("/")[1]));
        }
        calls.add(action, arn, context);
    }

    private static Map<String, String> ecsTags(List<software.amazon.awssdk.services.ecs.model.Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(tag -> map.put(tag.key(), tag.value()));
        return map;
    }

    private void cloudMap(SdkRequest request, String action, Calls calls) {
        switch (request) {
            case CreatePrivateDnsNamespaceRequest create -> {
                Map<String, String> tags = new LinkedHashMap<>();
                create.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
                calls.add(action, "*", requestTags(tags));
                // Cloud Map API permissions reference: what CreatePrivateDnsNamespace does as the caller
                calls.add("route53:CreateHostedZone", "*", Map.of());
                calls.add("route53:GetHostedZone", "*", Map.of());
                calls.add("route53:ListHostedZonesByName", "*", Map.of());
                calls.add("ec2:DescribeVpcs", "*", Map.of());
                calls.add("ec2:DescribeRegions", "*", Map.of());
            }
            case software.amazon.awssdk.services.servicediscovery.model.CreateServiceRequest create -> {
                Map<String, String> tags = new LinkedHashMap<>();
                create.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
                String namespace = arn("servicediscovery", "namespace/" + create.namespaceId());
                calls.add(action, namespace, resourceTags(cloudMapTags(namespace)));
                calls.add(action, arn("servicediscovery", "service/*"), requestTags(tags));
            }
            case software.amazon.awssdk.services.servicediscovery.model.DeleteServiceRequest delete -> {
                String service = arn("servicediscovery", "service/" + delete.id());
                calls.add(action, service, resourceTags(cloudMapTags(service)));
            }
            case software.amazon.awssdk.services.servicediscovery.model.UpdateServiceRequest update -> {
                String service = arn("servicediscovery", "service/" + update.id());
                calls.add(action, service, resourceTags(cloudMapTags(service)));
            }
            case DeleteNamespaceRequest delete -> {
                String namespace = arn("servicediscovery", "namespace/" + delete.id());
                calls.add(action, namespace, resourceTags(cloudMapTags(namespace)));
            }
            default -> calls.add(action, "*", Map.of());
        }
    }

    private Map<String, String> cloudMapTags(String arn) {
        Map<String, String> tags = new LinkedHashMap<>();
        aws.cloudMap()
                .listTagsForResource(r -> r.resourceARN(arn))
                .tags()
                .forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }

    private void ecr(SdkRequest request, String action, Calls calls) {
        switch (request) {
            case CreateRepositoryRequest create -> {
                Map<String, String> tags = new LinkedHashMap<>();
                create.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
                String repository = arn("ecr", "repository/" + create.repositoryName());
                calls.add(action, repository, requestTags(tags));
                calls.add("ecr:TagResource", repository, requestTags(tags));
            }
            case DeleteRepositoryRequest delete -> existingEcr(action, delete.repositoryName(), calls);
            case DescribeImagesRequest describe -> existingEcr(action, describe.repositoryName(), calls);
            case ListTagsForResourceRequest list ->
                existingEcr(
                        action, list.resourceArn().substring(list.resourceArn().indexOf('/') + 1), calls);
            default -> calls.add(action, "*", Map.of());
        }
    }

    private void existingEcr(String action, String name, Calls calls) {
        String repository = arn("ecr", "repository/" + name);
        Map<String, String> tags = new LinkedHashMap<>();
        try {
            aws.ecr()
                    .listTagsForResource(r -> r.resourceArn(repository))
                    .tags()
                    .forEach(tag -> tags.put(tag.key(), tag.value()));
        } catch (software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException gone) {
            // asked about a repository that is not there: no tags
        }
        calls.add(action, repository, resourceTags(tags));
    }

    private void logs(SdkRequest request, String action, Calls calls) {
        switch (request) {
            case CreateLogGroupRequest create -> {
                String group = arn("logs", "log-group:" + create.logGroupName());
                calls.add(action, group, requestTags(create.tags()));
                calls.add("logs:TagResource", group, requestTags(create.tags()));
            }
            case PutRetentionPolicyRequest put ->
                calls.add(action, arn("logs", "log-group:" + put.logGroupName()), Map.of());
            case DeleteLogGroupRequest delete ->
                calls.add(action, arn("logs", "log-group:" + delete.logGroupName()), Map.of());
            case FilterLogEventsRequest filter ->
                calls.add(action, arn("logs", "log-group:" + filter.logGroupName()), Map.of());
            case software.amazon.awssdk.services.cloudwatchlogs.model.ListTagsForResourceRequest list ->
                calls.add(action, list.resourceArn(), Map.of());
            default -> calls.add(action, "*", Map.of());
        }
    }

    private void iam(SdkRequest request, String action, Calls calls) {
        switch (request) {
            case CreateRoleRequest create -> {
                Map<String, String> tags = new LinkedHashMap<>();
                create.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
                String role = arn("iam", "role/" + create.roleName());
                Map<String, Object> context = new HashMap<>(requestTags(tags));
                if (create.permissionsBoundary() != null) {
                    context.put("iam:PermissionsBoundary", create.permissionsBoundary());
                }
                calls.add(action, role, context);
                calls.add("iam:TagRole", role, requestTags(tags));
            }
            case PutRolePolicyRequest put -> existingRole(action, put.roleName(), calls);
            case DeleteRolePolicyRequest delete -> existingRole(action, delete.roleName(), calls);
            case DeleteRoleRequest delete -> existingRole(action, delete.roleName(), calls);
            case DetachRolePolicyRequest detach -> existingRole(action, detach.roleName(), calls);
            case GetPolicyRequest get -> calls.add(action, get.policyArn(), Map.of());
            default -> {
                Optional<String> role = request.getValueForField("RoleName", String.class);
                calls.add(action, role.map(name -> arn("iam", "role/" + name)).orElse("*"), Map.of());
            }
        }
    }

    private void existingRole(String action, String name, Calls calls) {
        Map<String, Object> context = new HashMap<>();
        try {
            var role = aws.iam().getRole(r -> r.roleName(name)).role();
            if (role.permissionsBoundary() != null) {
                context.put(
                        "iam:PermissionsBoundary", role.permissionsBoundary().permissionsBoundaryArn());
            }
            Map<String, String> tags = new LinkedHashMap<>();
            role.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
            context.putAll(resourceTags(tags));
        } catch (NoSuchEntityException gone) {
            // not there: AWS answers NoSuchEntity after authorizing on the name alone
        }
        calls.add(action, arn("iam", "role/" + name), context);
    }

    private void ssm(SdkRequest request, String action, Calls calls) {
        String name = switch (request) {
            case PutParameterRequest put -> put.name();
            case GetParameterRequest get -> get.name();
            case DeleteParameterRequest delete -> delete.name();
            case GetParametersByPathRequest get -> get.path().replaceFirst("/$", "");
            default -> null;
        };
        calls.add(action, name == null ? "*" : arn("ssm", "parameter" + name), Map.of());
    }

    private void scaling(SdkRequest request, String action, Calls calls) {
        String resourceId = request.getValueForField("ResourceId", String.class).orElse(null);
        if (resourceId == null) {
            calls.add(action, "*", Map.of());
            return;
        }
        // scalable target ARNs end in an ID AWS assigns; the tests need only one per resource
        String target = arn("application-autoscaling", "scalable-target/" + Integer.toHexString(resourceId.hashCode()));
        Map<String, Object> context = new HashMap<>();
        context.put("application-autoscaling:service-namespace", "ecs");
        context.put("application-autoscaling:scalable-dimension", "ecs:service:DesiredCount");
        Map<String, String> existing = scalableTargetTags.get(resourceId);
        if (existing != null) {
            context.putAll(resourceTags(existing));
        }
        String[] path = resourceId.split("/"); // service/<cluster>/<service>
        String alarms = arn("cloudwatch", "alarm:TargetTracking-" + resourceId + "-AlarmHigh-0");
        switch (request) {
            case RegisterScalableTargetRequest register -> {
                context.putAll(requestTags(register.tags()));
                calls.add(action, target, context);
                if (existing == null) {
                    calls.add("application-autoscaling:TagResource", target, requestTags(register.tags()));
                    serviceLinkedRole(
                            calls,
                            "ecs.application-autoscaling.amazonaws.com",
                            "AWSServiceRoleForApplicationAutoScaling_ECSService");
                    scalableTargetTags.put(resourceId, register.tags());
                }
                // Application Auto Scaling's user guide: registering an ECS service needs these on the service
                existingEcs("ecs:DescribeServices", ecsService(path[1], path[2]), calls);
                existingEcs("ecs:UpdateService", ecsService(path[1], path[2]), calls);
            }
            case PutScalingPolicyRequest put -> {
                calls.add(action, target, context);
                calls.add("cloudwatch:PutMetricAlarm", alarms, Map.of());
                calls.add("cloudwatch:DescribeAlarms", alarms, Map.of());
            }
            case DeleteScalingPolicyRequest delete -> {
                calls.add(action, target, context);
                calls.add("cloudwatch:DeleteAlarms", alarms, Map.of());
            }
            case DeregisterScalableTargetRequest deregister -> {
                calls.add(action, target, context);
                calls.add("cloudwatch:DeleteAlarms", alarms, Map.of());
            }
            default -> calls.add(action, "*", Map.of());
        }
    }

    /** CloudWatch alarms by name: PutMetricAlarm with tags also asks for cloudwatch:TagResource. */
    private void cloudWatch(SdkRequest request, String action, Calls calls) {
        switch (request) {
            case PutMetricAlarmRequest put -> {
                Map<String, String> tags = new LinkedHashMap<>();
                put.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
                String alarm = arn("cloudwatch", "alarm:" + put.alarmName());
                calls.add(action, alarm, requestTags(tags));
                if (!tags.isEmpty()) {
                    calls.add("cloudwatch:TagResource", alarm, requestTags(tags));
                }
            }
            case DescribeAlarmsRequest describe
            when !describe.alarmNames().isEmpty() ->
                describe.alarmNames().forEach(name -> calls.add(action, arn("cloudwatch", "alarm:" + name), Map.of()));
            case DeleteAlarmsRequest delete ->
                delete.alarmNames().forEach(name -> calls.add(action, arn("cloudwatch", "alarm:" + name), Map.of()));
            case software.amazon.awssdk.services.cloudwatch.model.ListTagsForResourceRequest list ->
                calls.add(action, list.resourceARN(), Map.of());
            default -> calls.add(action, "*", Map.of());
        }
    }

    private void serviceLinkedRole(Calls calls, String service, String role) {
        calls.add(
                "iam:CreateServiceLinkedRole",
                arn("iam", "role/aws-service-role/" + service + "/" + role),
                Map.of("iam:AWSServiceName", service));
    }

    static Map<String, Object> requestTags(Map<String, String> tags) {
        Map<String, Object> context = new HashMap<>();
        tags.forEach((key, value) -> context.put("aws:RequestTag/" + key, value));
        if (!tags.isEmpty()) {
            context.put("aws:TagKeys", List.copyOf(tags.keySet()));
        }
        return context;
    }

    // ACM: a request by its names, validation method and tags (tagged as it is made: acm:AddTagsToCertificate);
    // a certificate by its ARN and the tags it carries
    private void acm(SdkRequest request, String action, Calls calls) {
        switch (request) {
            case software.amazon.awssdk.services.acm.model.RequestCertificateRequest create -> {
                Map<String, String> tags = new LinkedHashMap<>();
                create.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
                Map<String, Object> context = new HashMap<>(requestTags(tags));
                List<String> names = new ArrayList<>(List.of(create.domainName()));
                names.addAll(create.subjectAlternativeNames());
                context.put("acm:DomainNames", names.stream().distinct().toList());
                context.put("acm:ValidationMethod", create.validationMethodAsString());
                calls.add(action, "*", context);
                calls.add("acm:AddTagsToCertificate", arn("acm", "certificate/*"), requestTags(tags));
            }
            case software.amazon.awssdk.services.acm.model.ListCertificatesRequest list ->
                calls.add(action, "*", Map.of());
            default ->
                request.getValueForField("CertificateArn", String.class)
                        .ifPresent(certificate -> calls.add(action, certificate, resourceTags(acmTagsOf(certificate))));
        }
    }

    private Map<String, String> acmTagsOf(String certificate) {
        Map<String, String> tags = new LinkedHashMap<>();
        try {
            aws.acm()
                    .listTagsForCertificate(r -> r.certificateArn(certificate))
                    .tags()
                    .forEach(tag -> tags.put(tag.key(), tag.value()));
        } catch (software.amazon.awssdk.services.acm.model.ResourceNotFoundException gone) {
            // deleted since: no tags
        }
        return tags;
    }

    // Route 53: a zone's records by the zone, with the names (normalized: lower case, no final dot), types and
    // actions of the change (the route53:ChangeResourceRecordSets* condition keys)
    private void route53(SdkRequest request, String action, Calls calls) {
        switch (request) {
            case software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest change -> {
                Map<String, Object> context = new HashMap<>();
                context.put(
                        "route53:ChangeResourceRecordSetsNormalizedRecordNames",
                        change.changeBatch().changes().stream()
                                .map(c -> normalized(c.resourceRecordSet().name()))
                                .distinct()
                                .toList());
                context.put(
                        "route53:ChangeResourceRecordSetsRecordTypes",
                        change.changeBatch().changes().stream()
                                .map(c -> c.resourceRecordSet().typeAsString())
                                .distinct()
                                .toList());
                context.put(
                        "route53:ChangeResourceRecordSetsActions",
                        change.changeBatch().changes().stream()
                                .map(c -> c.actionAsString())
                                .distinct()
                                .toList());
                calls.add(action, zone(change.hostedZoneId()), context);
            }
            case software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest list ->
                calls.add(action, zone(list.hostedZoneId()), Map.of());
            default -> calls.add(action, "*", Map.of());
        }
    }

    private static String zone(String id) {
        return "arn:aws:route53:::hostedzone/" + id.replace("/hostedzone/", "");
    }

    private static String normalized(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    static Map<String, Object> resourceTags(Map<String, String> tags) {
        Map<String, Object> context = new HashMap<>();
        tags.forEach((key, value) -> context.put("aws:ResourceTag/" + key, value));
        return context;
    }

    private static Map<String, Object> tagOnCreate(Map<String, String> tags, String service, String createAction) {
        Map<String, Object> context = new HashMap<>(requestTags(tags));
        context.put(service + ":CreateAction", createAction);
        return context;
    }
}
