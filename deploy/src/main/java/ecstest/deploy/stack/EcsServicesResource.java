package ecstest.deploy.stack;

import ecstest.deploy.aws.SdkSubset;
import ecstest.deploy.config.Services;
import ecstest.deploy.template.RequestJson;
import ecstest.deploy.template.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two ECS services on Fargate in the private subnets, registered in Cloud Map; gate-server's behind the
 * load balancer, deployed by GATE_DEPLOYMENT_STRATEGY with the rollout alarms.
 */
final class EcsServicesResource extends Resource {

    /**
     * The count {@code up} last set on a service, as a tag of the service: a count that differs from it was set
     * since by {@code scale} or by autoscaling and stays; a setting that differs from it is a new setting, applied.
     */
    static final String DESIRED_COUNT_TAG = "ecs-test:desired-count";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    String title() {
        return "ECS services";
    }

    @Override
    List<Step> steps(Map<String, String> values) {
        return Services.NAMES.stream()
                .map(service -> Step.of(
                        "ecs/create-service-" + service + ".json",
                        "create-service",
                        service,
                        // the count as the text a tag holds (a lone numeric placeholder renders as a number)
                        Map.of("DESIRED_COUNT_TEXT", "${" + Services.desiredCountSetting(service) + "}")))
                .toList();
    }

    /** The revision this run registered, the count when its setting changed, load balancers, deployment, grace. */
    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, Map<String, String> known) {
        CreateServiceRequest wanted = (CreateServiceRequest) request;
        Optional<Service> found = stack.service(wanted.serviceName());
        if (found.isEmpty()) {
            return Diff.MISSING;
        }
        Service service = found.get();
        List<String> why = new ArrayList<>();
        ObjectNode update =
                JSON.createObjectNode().put("cluster", wanted.cluster()).put("service", wanted.serviceName());
        String revision = known.get(TaskDefinitionsResource.revisionKey(wanted.serviceName()));
        if (revision != null) {
            update.put("taskDefinition", revision);
            why.add("taskDefinition " + shortRevision(service.taskDefinition()) + " → " + shortRevision(revision));
        }
        List<Change> changes = new ArrayList<>();
        String setting = Services.desiredCountSetting(wanted.serviceName());
        Optional<String> applied = desiredCountTag(stack, service.serviceArn());
        String configured = String.valueOf(wanted.desiredCount());
        if (!applied.map(configured::equals).orElse(false)) {
            if (applied.isPresent() || !configured.equals(String.valueOf(service.desiredCount()))) {
                update.put("desiredCount", wanted.desiredCount());
                why.add("desiredCount %d → %s (%s)".formatted(service.desiredCount(), configured, setting));
            }
            // what up set, so that a count set since by scale or autoscaling is told apart from a new setting
            ObjectNode tag = JSON.createObjectNode().put("resourceArn", service.serviceArn());
            tag.putArray("tags").addObject().put("key", DESIRED_COUNT_TAG).put("value", configured);
            changes.add(Change.of(
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
            changes.addFirst(Change.of(String.join(", ", why), step, "update-service", update));
        }
        Diff diff = Diff.of(changes);
        // a revision a dry run would register: up asks again once it exists
        return TaskDefinitionsResource.NOT_YET_REGISTERED.equals(revision) ? diff.asProvisional() : diff;
    }

    private static Optional<String> desiredCountTag(StackContext stack, String serviceArn) {
        return stack.aws.ecs().listTagsForResource(r -> r.resourceArn(serviceArn)).tags().stream()
                .filter(t -> t.key().equals(DESIRED_COUNT_TAG))
                .map(t -> t.value())
                .findFirst();
    }

    private static String shortRevision(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** Waits until each service runs all its desired tasks, then says what {@code up} left as it found it. */
    @Override
    void settle(StackContext stack, Map<String, String> values) {
        for (String service : Services.NAMES) {
            stack.wait.until(
                    "service " + service,
                    stack.timeouts.services(),
                    () -> state(stack, service),
                    state -> state.startsWith("stable"),
                    state -> state.contains("FAILED"));
        }
        reportCountsApart(stack, values);
    }

    /** "stable" once one deployment runs all desired tasks; else what it is doing, e.g. "IN_PROGRESS 1/2 running". */
    private static String state(StackContext stack, String name) {
        Service service = stack.service(name).orElseThrow();
        Deployment primary = service.deployments().stream()
                .filter(d -> "PRIMARY".equals(d.status()))
                .findFirst()
                .orElse(service.deployments().getFirst());
        boolean stable = service.deployments().size() == 1
                && service.runningCount().equals(service.desiredCount())
                && !"IN_PROGRESS".equals(primary.rolloutStateAsString());
        return (stable ? "stable " : primary.rolloutStateAsString() + " ") + service.runningCount() + "/"
                + service.desiredCount() + " running";
    }

    /**
     * What {@code up} leaves as it finds it, said with the way back: a count set by {@code scale} or autoscaling under
     * an unchanged setting ({@link #DESIRED_COUNT_TAG}), and images other than the configured ones (those are
     * {@code deploy}'s: a new revision keeps what runs).
     */
    private static void reportCountsApart(StackContext stack, Map<String, String> values) {
        for (String name : Services.NAMES) {
            String configured = values.get(Services.desiredCountSetting(name));
            Service service = stack.service(name).orElseThrow();
            Integer desired = service.desiredCount();
            if (configured != null && !configured.equals(String.valueOf(desired))) {
                stack.out.printf(
                        "  note: %s runs %d tasks where %s=%s; up leaves that as it is (set by `ecs-test scale` or by"
                                + " autoscaling): `ecs-test scale %s %s` or `ecs-test scale --all --resume` goes back%n",
                        name, desired, Services.desiredCountSetting(name), configured, name, configured);
            }
            String setting = Services.prefix(name) + "_IMAGE";
            String image = stack.aws
                    .ecs()
                    .describeTaskDefinition(r -> r.taskDefinition(service.taskDefinition()))
                    .taskDefinition()
                    .containerDefinitions()
                    .getFirst()
                    .image();
            if (values.get(setting) != null && !values.get(setting).equals(image)) {
                stack.out.printf(
                        "  note: %s runs %s, not %s=%s: images are `ecs-test deploy`'s (up keeps what runs)%n",
                        name, image, setting, values.get(setting));
            }
        }
    }

    /** Scaled to 0 and deleted; their tasks stop and give back their network interfaces before they are INACTIVE. */
    @Override
    void delete(StackContext stack, Map<String, String> ids) {
        for (String name : Services.NAMES.reversed()) {
            if (notDeleted(stack, name).isEmpty()) {
                continue;
            }
            stack.call(
                    "scale " + name + " to 0",
                    () -> stack.aws
                            .ecs()
                            .updateService(
                                    r -> r.cluster(stack.stack).service(name).desiredCount(0)));
            stack.call(
                    "delete service " + name,
                    () -> stack.aws
                            .ecs()
                            .deleteService(r -> r.cluster(stack.stack).service(name)));
        }
        for (String name : Services.NAMES.reversed()) {
            stack.wait.until(
                    "service " + name,
                    stack.timeouts.services(),
                    () -> notDeleted(stack, name)
                            .map(s -> s.status() + " " + s.runningCount() + " running")
                            .orElse("INACTIVE"),
                    "INACTIVE"::equals,
                    state -> false);
        }
    }

    /**
     * The stack's service unless it is INACTIVE (a DRAINING one is being deleted, its tasks still stopping); one that
     * does not carry the stack's tag is not the stack's to delete.
     */
    private static Optional<Service> notDeleted(StackContext stack, String name) {
        try {
            return stack
                    .aws
                    .ecs()
                    .describeServices(r -> r.cluster(stack.stack).services(name).include(ServiceField.TAGS))
                    .services()
                    .stream()
                    .filter(s -> !"INACTIVE".equals(s.status()))
                    .filter(s -> s.tags().stream()
                            .anyMatch(t -> t.key().equals(StackContext.STACK_TAG)
                                    && t.value().equals(stack.stack)))
                    .findFirst();
        } catch (ClusterNotFoundException noCluster) {
            return Optional.empty();
        }
    }

    @Override
    List<String> leftovers(StackContext stack, Map<String, String> values) {
        return Services.NAMES.stream()
                .flatMap(name -> notDeleted(stack, name).stream())
                .map(s -> "ECS service " + s.serviceName() + " (" + s.status() + ")")
                .toList();
    }
}
