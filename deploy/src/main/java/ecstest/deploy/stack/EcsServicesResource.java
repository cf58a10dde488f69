package ecstest.deploy.stack;

import ecstest.deploy.aws.SdkSubset;
import ecstest.deploy.pricing.Bill;
import ecstest.deploy.settings.Services;
import ecstest.deploy.settings.Setting;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.settings.Type;
import ecstest.deploy.template.RequestJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two ECS services on Fargate in the private subnets, registered in Cloud Map; gate-server's behind the
 * load balancer, deployed by GATE_DEPLOYMENT_STRATEGY with the rollout alarms.
 */
public final class EcsServicesResource extends Resource {

    /**
     * The count {@code up} last set on a service, as a tag of the service: a count that differs from it was set
     * since by {@code scale} or by autoscaling and stays; a setting that differs from it is a new setting, applied.
     */
    static final String DESIRED_COUNT_TAG = "ecs-test:desired-count";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static final Setting GATE_DESIRED_COUNT = count("gate-server");
    public static final Setting DATA_DESIRED_COUNT = count("data-server");

    static final Setting HEALTH_CHECK_GRACE_PERIOD_SECONDS = new Setting(
            "HEALTH_CHECK_GRACE_PERIOD_SECONDS",
            Type.whole(0, 2_147_483_647, "seconds"),
            "60",
            "how long the load balancer's failed health checks of a new gate-server task do not count, from the"
                    + " task's start",
            Setting.Change.IN_PLACE);

    /** gate-server's deployment strategies (deploymentConfiguration.strategy); data-server always rolls. */
    static final Setting GATE_DEPLOYMENT_STRATEGY = new Setting(
            "GATE_DEPLOYMENT_STRATEGY",
            Type.oneOf("ROLLING", "CANARY", "LINEAR", "BLUE_GREEN"),
            "CANARY",
            "how gate-server's deployments move traffic (data-server, behind Cloud Map DNS, always rolls): CANARY"
                    + " sends GATE_CANARY_PERCENT to the new tasks for GATE_CANARY_BAKE_MINUTES, then all; LINEAR"
                    + " moves GATE_LINEAR_STEP_PERCENT every GATE_LINEAR_STEP_BAKE_MINUTES; BLUE_GREEN all at once",
            Setting.Change.IN_PLACE);

    static final Setting GATE_BAKE_MINUTES = minutes(
            "GATE_BAKE_MINUTES",
            "5",
            "how long a canary, linear or blue/green deployment keeps the old tasks once all the traffic is on the"
                    + " new, ready to take it back at once");

    static final Setting GATE_CANARY_PERCENT = new Setting(
            "GATE_CANARY_PERCENT",
            Type.whole(1, 99, "a percentage of the traffic"),
            "10",
            "the share of the requests a CANARY deployment sends to the new tasks first",
            Setting.Change.IN_PLACE);

    static final Setting GATE_CANARY_BAKE_MINUTES =
            minutes("GATE_CANARY_BAKE_MINUTES", "5", "how long a CANARY deployment holds its first share");

    static final Setting GATE_LINEAR_STEP_PERCENT = new Setting(
            "GATE_LINEAR_STEP_PERCENT",
            Type.whole(3, 100, "a percentage of the traffic (ECS: 3 to 100)"),
            "25",
            "the share of the requests a LINEAR deployment moves at each step",
            Setting.Change.IN_PLACE);

    static final Setting GATE_LINEAR_STEP_BAKE_MINUTES =
            minutes("GATE_LINEAR_STEP_BAKE_MINUTES", "2", "how long a LINEAR deployment holds each step");

    private static Setting count(String service) {
        return new Setting(
                Services.prefix(service) + "_DESIRED_COUNT",
                Type.whole(0, Services.MAX_TASKS, "a number of tasks"),
                "1",
                "how many tasks " + service + " runs; `scale` sets another count, which `up` then leaves",
                Setting.Change.IN_PLACE);
    }

    private static Setting minutes(String name, String defaultValue, String meaning) {
        return new Setting(
                name,
                Type.whole(0, 1_440, "minutes (ECS allows 0 to 1440)"),
                defaultValue,
                meaning,
                Setting.Change.IN_PLACE);
    }

    /** The stack's setting of the service's task count: GATE_DESIRED_COUNT or DATA_DESIRED_COUNT. */
    public static Setting desiredCount(String service) {
        return service.equals("gate-server") ? GATE_DESIRED_COUNT : DATA_DESIRED_COUNT;
    }

    @Override
    List<Setting> settings() {
        return List.of(
                GATE_DESIRED_COUNT,
                DATA_DESIRED_COUNT,
                HEALTH_CHECK_GRACE_PERIOD_SECONDS,
                GATE_DEPLOYMENT_STRATEGY,
                GATE_BAKE_MINUTES,
                GATE_CANARY_PERCENT,
                GATE_CANARY_BAKE_MINUTES,
                GATE_LINEAR_STEP_PERCENT,
                GATE_LINEAR_STEP_BAKE_MINUTES);
    }

    /** gate-server's deployment configuration and load balancers, by GATE_DEPLOYMENT_STRATEGY. */
    @Override
    List<Fragment> fragments(StackSettings settings) {
        String strategy = settings.require(GATE_DEPLOYMENT_STRATEGY);
        return List.of(
                new Fragment(
                        "GATE_DEPLOYMENT_CONFIGURATION", "ecs/gate-server-deployment-" + strategy + ".json", false),
                new Fragment(
                        "GATE_LOAD_BALANCERS",
                        "ecs/gate-server-load-balancers-" + (strategy.equals("ROLLING") ? "ROLLING" : "TRAFFIC_SHIFT")
                                + ".json",
                        false));
    }

    @Override
    void bill(StackSettings settings, Bill.Builder bill) {
        String architecture = settings.require(TaskDefinitionsResource.CPU_ARCHITECTURE);
        int tasks = 0;
        for (String service : Services.NAMES) {
            boolean gate = service.equals(Services.GATE);
            int cpu = settings.whole(gate ? TaskDefinitionsResource.GATE_CPU : TaskDefinitionsResource.DATA_CPU);
            int memory =
                    settings.whole(gate ? TaskDefinitionsResource.GATE_MEMORY : TaskDefinitionsResource.DATA_MEMORY);
            int count = settings.whole(desiredCount(service));
            tasks += count;
            bill.hourly(
                    "%s tasks (%s vCPU, %s GB, %s)".formatted(service, cpu / 1024.0, memory / 1024.0, architecture),
                    count,
                    bill.prices().taskHour(architecture, cpu, memory));
        }
        if (EgressResource.is(settings, EgressResource.PUBLIC)) {
            bill.hourly(
                    "the tasks' public IPv4 addresses (EGRESS=public)",
                    tasks,
                    bill.prices().publicIpv4Hour());
        }
    }

    /** The service's load balancer names a container of its task definition, on the port the target group uses. */
    @Override
    List<String> checkRequests(List<RenderedStep> plan) {
        Map<String, RegisterTaskDefinitionRequest> tasks = new java.util.HashMap<>();
        Integer targetGroupPort = null;
        for (RenderedStep step : plan) {
            if (step.request() instanceof RegisterTaskDefinitionRequest task) {
                tasks.put(task.family(), task);
            } else if (step.request() instanceof CreateTargetGroupRequest group) {
                targetGroupPort = group.port();
            }
        }
        List<String> problems = new ArrayList<>();
        for (RenderedStep step : plan) {
            if (step.request() instanceof CreateServiceRequest service) {
                problems.addAll(loadBalancedPorts(step.fileName(), service, tasks, targetGroupPort));
            }
        }
        return problems;
    }

    private static List<String> loadBalancedPorts(
            String file,
            CreateServiceRequest service,
            Map<String, RegisterTaskDefinitionRequest> tasks,
            Integer targetGroupPort) {
        RegisterTaskDefinitionRequest task = tasks.get(service.taskDefinition());
        if (task == null) {
            return List.of(file + ": taskDefinition '" + service.taskDefinition()
                    + "' is not the family of any task definition template");
        }
        List<String> problems = new ArrayList<>();
        for (LoadBalancer lb : service.loadBalancers()) {
            Optional<ContainerDefinition> container = task.containerDefinitions().stream()
                    .filter(c -> c.name().equals(lb.containerName()))
                    .findFirst();
            if (container.isEmpty()) {
                problems.add(file + ": loadBalancers containerName '" + lb.containerName() + "' is not a container of "
                        + task.family());
                continue;
            }
            List<Integer> ports = container.get().portMappings().stream()
                    .map(p -> p.containerPort())
                    .toList();
            if (!ports.contains(lb.containerPort())) {
                problems.add(file + ": container " + lb.containerName() + " of " + task.family() + " maps no port "
                        + lb.containerPort() + " (its ports: " + ports + ")");
            } else if (targetGroupPort != null && !targetGroupPort.equals(lb.containerPort())) {
                problems.add("%s: the load balancer sends to port %d, but the target group uses port %d"
                        .formatted(file, lb.containerPort(), targetGroupPort));
            }
        }
        return problems;
    }

    @Override
    String title() {
        return "ECS services";
    }

    @Override
    List<Step> steps(StackSettings settings) {
        // EGRESS=public: the tasks in the public subnets, each with a public IPv4 address; else the private ones
        boolean inPublic = EgressResource.is(settings, EgressResource.PUBLIC);
        SubnetsResource.Subnet a = inPublic ? SubnetsResource.PUBLIC_A : SubnetsResource.PRIVATE_A;
        SubnetsResource.Subnet b = inPublic ? SubnetsResource.PUBLIC_B : SubnetsResource.PRIVATE_B;
        return Services.NAMES.stream()
                .map(service -> Step.of(
                        "ecs/create-service-" + service + ".json",
                        "create-service",
                        service,
                        Map.of(
                                // the count as the text a tag holds (a lone numeric placeholder renders as a number)
                                "DESIRED_COUNT_TEXT",
                                "${" + desiredCount(service).name() + "}",
                                "TASK_SUBNET_A_ID",
                                "${" + a.id().name() + "}",
                                "TASK_SUBNET_B_ID",
                                "${" + b.id().name() + "}",
                                "ASSIGN_PUBLIC_IP",
                                inPublic ? "ENABLED" : "DISABLED")))
                .toList();
    }

    /** The revision this run registered, the count when its setting changed, load balancers, deployment, grace. */
    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        CreateServiceRequest wanted = (CreateServiceRequest) request;
        Optional<Service> found = stack.service(wanted.serviceName());
        if (found.isEmpty()) {
            return Diff.MISSING;
        }
        Service service = found.get();
        return service(
                step,
                wanted,
                service,
                desiredCountTag(stack, service.serviceArn()),
                state.revision(wanted.serviceName()));
    }

    /**
     * The service as it is: the revision this run registered, the count when its setting changed (not when `scale` or
     * autoscaling set it: {@code applied} is the count `up` last set), load balancers, deployment configuration,
     * grace period.
     */
    static Diff service(
            Step step,
            CreateServiceRequest wanted,
            Service service,
            Optional<String> applied,
            Optional<StackState.NewRevision> revision) {
        List<String> why = new ArrayList<>();
        ObjectNode update =
                JSON.createObjectNode().put("cluster", wanted.cluster()).put("service", wanted.serviceName());
        if (revision.orElse(null) instanceof StackState.Registered registered) {
            update.put("taskDefinition", registered.arn());
            why.add("taskDefinition " + shortRevision(service.taskDefinition()) + " → "
                    + shortRevision(registered.arn()));
        } else if (revision.isPresent()) {
            update.put("taskDefinition", "(the revision registered above)");
            why.add("taskDefinition " + shortRevision(service.taskDefinition()) + " → the revision registered above");
        }
        List<Change> changes = new ArrayList<>();
        Setting setting = desiredCount(wanted.serviceName());
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
        if (!SdkSubset.covers(wanted.networkConfiguration(), service.networkConfiguration())) {
            // subnets and public IP (EGRESS): ECS starts a deployment that moves the tasks
            update.set("networkConfiguration", RequestJson.of(wanted.networkConfiguration()));
            why.add("networkConfiguration: "
                    + String.join(
                            ", ", SdkSubset.differences(wanted.networkConfiguration(), service.networkConfiguration()))
                    + " (EGRESS)");
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
        return revision.orElse(null) instanceof StackState.WouldRegister ? diff.asProvisional() : diff;
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
    void settle(StackContext stack, StackSettings settings) {
        for (String service : Services.NAMES) {
            stack.wait.until(
                    "service " + service,
                    stack.timeouts.services(),
                    () -> state(stack, service),
                    state -> state.startsWith("stable"),
                    state -> state.contains("FAILED"));
        }
        reportCountsApart(stack, settings);
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
    private static void reportCountsApart(StackContext stack, StackSettings settings) {
        for (String name : Services.NAMES) {
            String configured = settings.get(desiredCount(name));
            Service service = stack.service(name).orElseThrow();
            Integer desired = service.desiredCount();
            if (configured != null && !configured.equals(String.valueOf(desired))) {
                stack.out.printf(
                        "  note: %s runs %d tasks where %s=%s; up leaves that as it is (set by `ecs-test scale` or by"
                                + " autoscaling): `ecs-test scale %s %s` or `ecs-test scale --all --resume` goes back%n",
                        name, desired, desiredCount(name), configured, name, configured);
            }
            Setting setting = name.equals("gate-server")
                    ? TaskDefinitionsResource.GATE_IMAGE
                    : TaskDefinitionsResource.DATA_IMAGE;
            String image = stack.aws
                    .ecs()
                    .describeTaskDefinition(r -> r.taskDefinition(service.taskDefinition()))
                    .taskDefinition()
                    .containerDefinitions()
                    .getFirst()
                    .image();
            if (settings.get(setting) != null && !settings.get(setting).equals(image)) {
                stack.out.printf(
                        "  note: %s runs %s, not %s=%s: images are `ecs-test deploy`'s (up keeps what runs)%n",
                        name, image, setting, settings.get(setting));
            }
        }
    }

    /** Scaled to 0 and deleted; their tasks stop and give back their network interfaces before they are INACTIVE. */
    @Override
    void delete(StackContext stack, StackState state) {
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
                    never -> false);
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
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return Services.NAMES.stream()
                .flatMap(name -> notDeleted(stack, name).stream())
                .map(s -> "ECS service " + s.serviceName() + " (" + s.status() + ")")
                .toList();
    }
}
