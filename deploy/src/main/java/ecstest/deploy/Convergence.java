package ecstest.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.ec2.model.AssociateRouteTableRequest;
import software.amazon.awssdk.services.ec2.model.CreateSubnetRequest;
import software.amazon.awssdk.services.ec2.model.CreateVpcRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.servicediscovery.model.DnsRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code up} changes on a resource that exists but no longer matches the stack's settings, and what it
 * refuses to change. A step's resource that exists is compared with what its template sets; each difference AWS
 * can change in place becomes a {@link Change} (an update call in the AWS CLI's shape, sent like a step); one it
 * cannot stops the run with the setting, the reason and what to do, before any call of the run is made.
 */
final class Convergence {

    /**
     * An update {@code up} makes: why (the setting, old → new), and the call.
     *
     * @param step the call's service and operation (its template is the step's it converges)
     */
    record Change(String why, Step step, JsonNode json, SdkRequest request) {}

    /**
     * The count {@code up} last set on a service, as a tag of the service: a count that differs from it was set
     * since by {@code scale} or by autoscaling and stays; a setting that differs from it is a new setting, applied.
     */
    static final String DESIRED_COUNT_TAG = "ecs-test:desired-count";

    /** Where {@link StackProvisioner} keeps the revision a run registered for a service, until the service moves. */
    static String revisionKey(String service) {
        return "NEW_REVISION:" + service;
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AwsClients aws;
    private final String stack;
    private final RequestParser parser = new RequestParser();

    Convergence(AwsClients aws, String stack) {
        this.aws = aws;
        this.stack = stack;
    }

    /**
     * The updates that bring the existing resource of {@code request} to what it sets; empty when it matches.
     *
     * @throws DeployException naming the setting, when AWS cannot change the difference in place
     */
    List<Change> changes(Step step, SdkRequest request, Map<String, String> known) {
        return switch (request) {
            case RegisterTaskDefinitionRequest task -> taskDefinition(step, task);
            case CreateServiceRequest service -> service(step, service, known);
            case software.amazon.awssdk.services.servicediscovery.model.CreateServiceRequest registry ->
                registry(step, registry, known);
            case PutScalingPolicyRequest policy -> scalingPolicy(step, policy);
            case PutMetricAlarmRequest alarm -> alarm(step, alarm);
            case CreateTargetGroupRequest group -> targetGroup(step, group, known);
            case AssociateRouteTableRequest association -> association(step, association);
            case CreateVpcRequest vpc -> {
                refuseIfMoved("VPC_CIDR", vpcCidr(known.get("VPC_ID")), vpc.cidrBlock(), "a VPC's CIDR block");
                yield List.of();
            }
            case CreateSubnetRequest subnet -> {
                subnet(subnet, known);
                yield List.of();
            }
            default -> List.of();
        };
    }

    /**
     * What the settings no longer ask for and {@code up} removes: the scaling policy on the load balancer's requests
     * once GATE_TARGET_REQUESTS_PER_TASK is empty (the plan then has no step for it, so nothing else would).
     */
    List<Change> removals(Map<String, String> values) {
        if (!values.getOrDefault("GATE_TARGET_REQUESTS_PER_TASK", "").isBlank()) {
            return List.of();
        }
        String resource = "service/" + stack + "/gate-server";
        String name = stack + "-gate-server-requests";
        if (StepState.scalingPolicy(aws, "ecs", resource, name).isEmpty()) {
            return List.of();
        }
        Step step =
                Step.of("application-autoscaling/put-scaling-policy-requests.json", "put-scaling-policy", "", Map.of());
        return List.of(change(
                "GATE_TARGET_REQUESTS_PER_TASK is empty: the policy " + name + " goes",
                step,
                "delete-scaling-policy",
                JSON.createObjectNode()
                        .put("PolicyName", name)
                        .put("ServiceNamespace", "ecs")
                        .put("ResourceId", resource)
                        .put("ScalableDimension", "ecs:service:DesiredCount")));
    }

    /** The running service of a task definition family ({@code <stack>-<service>}), if the stack has it. */
    Optional<Service> serviceOf(String family) {
        String name = family.substring(stack.length() + 1);
        try {
            return aws.ecs().describeServices(r -> r.cluster(stack).services(name)).services().stream()
                    .filter(s -> "ACTIVE".equals(s.status()))
                    .findFirst();
        } catch (software.amazon.awssdk.services.ecs.model.ClusterNotFoundException ex) {
            return Optional.empty();
        }
    }

    /**
     * Against the revision the service runs, images aside: those are {@code deploy}'s, and a new revision keeps
     * the digests deployed. A difference (task size, environment, health check...) registers a revision the
     * service then moves to ({@link #service}).
     */
    private List<Change> taskDefinition(Step step, RegisterTaskDefinitionRequest wanted) {
        Optional<Service> service = serviceOf(wanted.family());
        if (service.isEmpty()) {
            return List.of(); // the step itself registers the first revision (StepState.sameAsLatest)
        }
        TaskDefinition running = aws.ecs()
                .describeTaskDefinition(r -> r.taskDefinition(service.get().taskDefinition()))
                .taskDefinition();
        RegisterTaskDefinitionRequest keeping = wanted.toBuilder()
                .containerDefinitions(wanted.containerDefinitions().stream()
                        .map(container -> container.toBuilder()
                                .image(imageOf(running, container))
                                .build())
                        .toList())
                .build();
        if (SdkSubset.covers(keeping, running)) {
            return List.of();
        }
        String revision = running.family() + ":" + running.revision();
        return List.of(change(
                "%s runs %s, which differs in %s: a new revision with the images it runs"
                        .formatted(
                                service.get().serviceName(),
                                revision,
                                String.join(", ", SdkSubset.differences(keeping, running))),
                step,
                "register-task-definition",
                requestJson(keeping)));
    }

    private static String imageOf(TaskDefinition running, ContainerDefinition container) {
        return running.containerDefinitions().stream()
                .filter(c -> c.name().equals(container.name()))
                .map(ContainerDefinition::image)
                .findFirst()
                .orElse(container.image());
    }

    /** The revision this run registered, the count when its setting changed, and the health-check grace period. */
    private List<Change> service(Step step, CreateServiceRequest wanted, Map<String, String> known) {
        Service service = aws.ecs()
                .describeServices(r -> r.cluster(wanted.cluster()).services(wanted.serviceName()))
                .services()
                .getFirst();
        List<String> why = new ArrayList<>();
        ObjectNode update =
                JSON.createObjectNode().put("cluster", wanted.cluster()).put("service", wanted.serviceName());
        String revision = known.get(revisionKey(wanted.serviceName()));
        if (revision != null) {
            update.put("taskDefinition", revision);
            why.add("taskDefinition " + shortRevision(service.taskDefinition()) + " → " + shortRevision(revision));
        }
        List<Change> changes = new ArrayList<>();
        String setting = Services.desiredCountSetting(wanted.serviceName());
        Optional<String> applied = desiredCountTag(service.serviceArn());
        String configured = String.valueOf(wanted.desiredCount());
        if (!applied.map(configured::equals).orElse(false)) {
            if (applied.isPresent() || !configured.equals(String.valueOf(service.desiredCount()))) {
                update.put("desiredCount", wanted.desiredCount());
                why.add("desiredCount %d → %s (%s)".formatted(service.desiredCount(), configured, setting));
            }
            // what up set, so that a count set since by scale or autoscaling is told apart from a new setting
            ObjectNode tag = JSON.createObjectNode().put("resourceArn", service.serviceArn());
            tag.putArray("tags").addObject().put("key", DESIRED_COUNT_TAG).put("value", configured);
            changes.add(change(
                    "record %s=%s on the service (%s)".formatted(DESIRED_COUNT_TAG, configured, setting),
                    step,
                    "tag-resource",
                    tag));
        }
        boolean advancedToDrop = wanted.loadBalancers().stream().allMatch(lb -> lb.advancedConfiguration() == null)
                && service.loadBalancers().stream().anyMatch(lb -> lb.advancedConfiguration() != null);
        if (!SdkSubset.covers(wanted.loadBalancers(), service.loadBalancers()) || advancedToDrop) {
            // the alternate target group, production rule and role a traffic-shifting strategy needs, or none
            update.set(
                    "loadBalancers",
                    JSON.valueToTree(
                            wanted.loadBalancers().stream().map(RequestJson::of).toList()));
            why.add("loadBalancers (GATE_DEPLOYMENT_STRATEGY)");
        }
        if (!SdkSubset.covers(wanted.deploymentConfiguration(), service.deploymentConfiguration())) {
            update.set("deploymentConfiguration", RequestJson.of(wanted.deploymentConfiguration()));
            why.add("deploymentConfiguration: "
                    + String.join(
                            ", ",
                            SdkSubset.differences(
                                    wanted.deploymentConfiguration(), service.deploymentConfiguration())));
        }
        if (wanted.healthCheckGracePeriodSeconds() != null
                && service.healthCheckGracePeriodSeconds() != null
                && !wanted.healthCheckGracePeriodSeconds().equals(service.healthCheckGracePeriodSeconds())) {
            update.put("healthCheckGracePeriodSeconds", wanted.healthCheckGracePeriodSeconds());
            why.add("healthCheckGracePeriodSeconds %d → %d (HEALTH_CHECK_GRACE_PERIOD_SECONDS)"
                    .formatted(service.healthCheckGracePeriodSeconds(), wanted.healthCheckGracePeriodSeconds()));
        }
        if (!why.isEmpty()) {
            changes.addFirst(change(String.join(", ", why), step, "update-service", update));
        }
        return changes;
    }

    private Optional<String> desiredCountTag(String serviceArn) {
        return aws.ecs().listTagsForResource(r -> r.resourceArn(serviceArn)).tags().stream()
                .filter(t -> t.key().equals(DESIRED_COUNT_TAG))
                .map(t -> t.value())
                .findFirst();
    }

    private static String shortRevision(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** The Cloud Map service's record TTL (DNS_TTL_SECONDS): UpdateService, in place. */
    private List<Change> registry(
            Step step,
            software.amazon.awssdk.services.servicediscovery.model.CreateServiceRequest wanted,
            Map<String, String> known) {
        String arn = known.get(Services.prefix(wanted.name()) + "_REGISTRY_ARN");
        if (arn == null || arn.startsWith("(")) {
            return List.of();
        }
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        var existing = aws.cloudMap().getService(r -> r.id(id)).service();
        List<DnsRecord> records =
                existing.dnsConfig() == null ? List.of() : existing.dnsConfig().dnsRecords();
        List<DnsRecord> wantedRecords = wanted.dnsConfig().dnsRecords();
        if (records.equals(wantedRecords)) {
            return List.of();
        }
        ObjectNode update = JSON.createObjectNode().put("Id", id);
        var array = update.putObject("Service").putObject("DnsConfig").putArray("DnsRecords");
        wantedRecords.forEach(
                record -> array.addObject().put("Type", record.typeAsString()).put("TTL", record.ttl()));
        return List.of(change(
                "records of %s: TTL %s → %s s (DNS_TTL_SECONDS)"
                        .formatted(
                                wanted.name(),
                                records.isEmpty() ? "none" : records.getFirst().ttl(),
                                wantedRecords.getFirst().ttl()),
                step,
                "update-service",
                update));
    }

    /** An alarm whose metric, threshold or periods changed is put again (PutMetricAlarm replaces it). */
    private List<Change> alarm(Step step, PutMetricAlarmRequest wanted) {
        Optional<MetricAlarm> existing = StepState.alarm(aws, wanted.alarmName());
        if (existing.isEmpty() || SdkSubset.covers(wanted, existing.get())) {
            return List.of();
        }
        return List.of(change(
                "%s: %s"
                        .formatted(
                                wanted.alarmName(), String.join(", ", SdkSubset.differences(wanted, existing.get()))),
                step,
                "put-metric-alarm",
                requestJson(wanted)));
    }

    /** A target-tracking policy whose target or cooldowns changed is put again (PutScalingPolicy replaces it). */
    private List<Change> scalingPolicy(Step step, PutScalingPolicyRequest wanted) {
        Optional<ScalingPolicy> existing = StepState.scalingPolicy(
                aws, wanted.serviceNamespaceAsString(), wanted.resourceId(), wanted.policyName());
        if (existing.isEmpty()
                || SdkSubset.covers(
                        wanted.targetTrackingScalingPolicyConfiguration(),
                        existing.get().targetTrackingScalingPolicyConfiguration())) {
            return List.of();
        }
        return List.of(change(
                "%s: %s"
                        .formatted(
                                wanted.policyName(),
                                String.join(
                                        ", ",
                                        SdkSubset.differences(
                                                wanted.targetTrackingScalingPolicyConfiguration(),
                                                existing.get().targetTrackingScalingPolicyConfiguration()))),
                step,
                "put-scaling-policy",
                requestJson(wanted)));
    }

    /** The health check changes in place (ModifyTargetGroup); the port, protocol and VPC cannot. */
    private List<Change> targetGroup(Step step, CreateTargetGroupRequest wanted, Map<String, String> known) {
        String arn = known.get(step.name().equals("gate-alt") ? "ALTERNATE_TARGET_GROUP_ARN" : "TARGET_GROUP_ARN");
        TargetGroup group = aws.elb()
                .describeTargetGroups(r -> r.targetGroupArns(arn))
                .targetGroups()
                .getFirst();
        refuseIfMoved(
                "GATE_PORT", String.valueOf(group.port()), String.valueOf(wanted.port()), "a target group's port");
        CreateTargetGroupRequest healthCheck = CreateTargetGroupRequest.builder()
                .healthCheckProtocol(wanted.healthCheckProtocol())
                .healthCheckPath(wanted.healthCheckPath())
                .healthCheckPort(wanted.healthCheckPort())
                .healthCheckIntervalSeconds(wanted.healthCheckIntervalSeconds())
                .healthCheckTimeoutSeconds(wanted.healthCheckTimeoutSeconds())
                .healthyThresholdCount(wanted.healthyThresholdCount())
                .unhealthyThresholdCount(wanted.unhealthyThresholdCount())
                .matcher(wanted.matcher())
                .build();
        if (SdkSubset.covers(healthCheck, group)) {
            return List.of();
        }
        ObjectNode update = (ObjectNode) requestJson(healthCheck);
        update.put("TargetGroupArn", arn);
        return List.of(change(
                "health check of %s: %s"
                        .formatted(wanted.name(), String.join(", ", SdkSubset.differences(healthCheck, group))),
                step,
                "modify-target-group",
                update));
    }

    /**
     * A subnet associated with another of the stack's route tables (NAT_PER_AZ changed) moves to the planned one
     * in place (ReplaceRouteTableAssociation); one associated with the planned table already is applied.
     */
    private List<Change> association(Step step, AssociateRouteTableRequest wanted) {
        Optional<RouteTableAssociation> current = aws
                .ec2()
                .describeRouteTables(r -> r.filters(Filter.builder()
                        .name("association.subnet-id")
                        .values(wanted.subnetId())
                        .build()))
                .routeTables()
                .stream()
                .flatMap(t -> t.associations().stream())
                .filter(a -> wanted.subnetId().equals(a.subnetId()))
                .findFirst();
        if (current.isEmpty() || current.get().routeTableId().equals(wanted.routeTableId())) {
            return List.of();
        }
        return List.of(change(
                "subnet %s: route table %s → %s (NAT_PER_AZ)"
                        .formatted(wanted.subnetId(), current.get().routeTableId(), wanted.routeTableId()),
                step,
                "replace-route-table-association",
                JSON.createObjectNode()
                        .put("AssociationId", current.get().routeTableAssociationId())
                        .put("RouteTableId", wanted.routeTableId())));
    }

    private void subnet(CreateSubnetRequest wanted, Map<String, String> known) {
        String name = wanted.tagSpecifications().stream()
                .flatMap(spec -> spec.tags().stream())
                .filter(tag -> tag.key().equals("Name"))
                .map(tag -> tag.value())
                .findFirst()
                .orElse("");
        String variable = subnetVariable(name);
        String id = variable == null ? null : known.get(variable);
        if (id == null || id.startsWith("(")) {
            return;
        }
        Subnet subnet =
                aws.ec2().describeSubnets(r -> r.subnetIds(id)).subnets().getFirst();
        String setting = variable.replace("_ID", "_CIDR");
        refuseIfMoved(setting, subnet.cidrBlock(), wanted.cidrBlock(), "a subnet's CIDR block");
        refuseIfMoved(
                setting.contains("_A_") ? "AZ_A" : "AZ_B",
                subnet.availabilityZone(),
                wanted.availabilityZone(),
                "a subnet's availability zone");
    }

    private String subnetVariable(String name) {
        String suffix = name.startsWith(stack + "-") ? name.substring(stack.length() + 1) : name;
        return switch (suffix) {
            case "public-a" -> "PUBLIC_SUBNET_A_ID";
            case "public-b" -> "PUBLIC_SUBNET_B_ID";
            case "private-a" -> "PRIVATE_SUBNET_A_ID";
            case "private-b" -> "PRIVATE_SUBNET_B_ID";
            default -> null;
        };
    }

    private String vpcCidr(String vpcId) {
        if (vpcId == null || vpcId.startsWith("(")) {
            return null;
        }
        return aws.ec2().describeVpcs(r -> r.vpcIds(vpcId)).vpcs().getFirst().cidrBlock();
    }

    private void refuseIfMoved(String setting, String existing, String wanted, String what) {
        if (existing != null && !Objects.equals(existing, wanted)) {
            throw new DeployException(
                    "%s is %s but the stack was built with %s: AWS cannot change %s in place; set it back, or `down --yes`"
                                    .formatted(setting, wanted, existing, what)
                            + " and `up` to rebuild the stack with it");
        }
    }

    private Change change(String why, Step step, String operation, JsonNode json) {
        Step call = Step.of(step.service() + "/" + operation + ".json", operation, step.name(), Map.of());
        return new Change(why, call, json, parser.parse(step.template() + " (" + operation + ")", call, json));
    }

    /** The request as the AWS CLI's input JSON: the SDK's member names, set members only. */
    private static JsonNode requestJson(SdkRequest request) {
        return RequestJson.of(request);
    }
}
