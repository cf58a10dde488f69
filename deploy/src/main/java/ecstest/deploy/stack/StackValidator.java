package ecstest.deploy.stack;

import ecstest.deploy.DeployException;
import ecstest.deploy.config.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyRequest;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;

/**
 * What AWS would reject (or what would break the stack) that the AWS CLI's shape checks let through
 * and an emulator accepts: Fargate sizes, CIDR blocks, ports that must agree across templates, names
 * that must exist. Reports every problem at once.
 */
final class StackValidator {

    /** Fargate's task sizes: CPU units → allowed memory (MiB) as {min, max, step}. */
    private static final Map<Integer, int[]> FARGATE_MEMORY = Map.of(
            256, new int[] {512, 2048, 512},
            512, new int[] {1024, 4096, 1024},
            1024, new int[] {2048, 8192, 1024},
            2048, new int[] {4096, 16384, 1024},
            4096, new int[] {8192, 30720, 1024},
            8192, new int[] {16384, 61440, 4096},
            16384, new int[] {32768, 122880, 8192});

    private static final Set<Integer> LOG_RETENTION_DAYS = Set.of(
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final List<String> SUBNETS =
            List.of("PUBLIC_SUBNET_A_CIDR", "PUBLIC_SUBNET_B_CIDR", "PRIVATE_SUBNET_A_CIDR", "PRIVATE_SUBNET_B_CIDR");

    List<String> problems(Map<String, String> values, List<StackRenderer.RenderedStep> steps) {
        List<String> problems = new ArrayList<>();
        collect(problems, () -> checkCidrs(values));
        String requestsPerTask = values.getOrDefault("GATE_TARGET_REQUESTS_PER_TASK", "");
        if (!requestsPerTask.isBlank() && !requestsPerTask.matches("[1-9]\\d{0,6}")) {
            problems.add("GATE_TARGET_REQUESTS_PER_TASK=" + requestsPerTask
                    + " must be empty (no request-count scaling) or a whole number of requests per task per minute");
        }
        String natPerAz = values.getOrDefault("NAT_PER_AZ", "false");
        if (!natPerAz.equals("true") && !natPerAz.equals("false")) {
            problems.add("NAT_PER_AZ=" + natPerAz + " must be true or false");
        }
        for (StackRenderer.RenderedStep step : steps) {
            SdkRequest request = step.request();
            String file = step.fileName();
            if (request instanceof RegisterTaskDefinitionRequest task) {
                collect(problems, () -> checkFargateSize(file, task));
            } else if (request instanceof PutRetentionPolicyRequest retention
                    && !LOG_RETENTION_DAYS.contains(retention.retentionInDays())) {
                problems.add(file + ": retentionInDays " + retention.retentionInDays()
                        + " is not one CloudWatch Logs offers "
                        + LOG_RETENTION_DAYS.stream().sorted().toList());
            } else if (request instanceof RegisterScalableTargetRequest target
                    && target.minCapacity() > target.maxCapacity()) {
                problems.add(file + ": MinCapacity " + target.minCapacity() + " is above MaxCapacity "
                        + target.maxCapacity());
            }
        }
        collect(problems, () -> checkLoadBalancedPorts(steps));
        return problems;
    }

    private static void checkCidrs(Map<String, String> values) {
        Cidr vpc = Cidr.parse("VPC_CIDR", values.get("VPC_CIDR"));
        if (vpc.prefix() < 16 || vpc.prefix() > 28) {
            throw new DeployException("VPC_CIDR=" + values.get("VPC_CIDR") + ": a VPC's block must be /16 to /28");
        }
        List<Cidr> subnets = new ArrayList<>();
        for (String name : SUBNETS) {
            Cidr subnet = Cidr.parse(name, values.get(name));
            if (!vpc.contains(subnet)) {
                throw new DeployException(
                        name + "=" + values.get(name) + " is not inside VPC_CIDR=" + values.get("VPC_CIDR"));
            }
            for (int i = 0; i < subnets.size(); i++) {
                if (subnets.get(i).overlaps(subnet)) {
                    throw new DeployException(name + "=" + values.get(name) + " overlaps " + SUBNETS.get(i) + "="
                            + values.get(SUBNETS.get(i)));
                }
            }
            subnets.add(subnet);
        }
    }

    private static void checkFargateSize(String file, RegisterTaskDefinitionRequest task) {
        int cpu = Integer.parseInt(task.cpu());
        int memory = Integer.parseInt(task.memory());
        int[] allowed = FARGATE_MEMORY.get(cpu);
        if (allowed == null) {
            throw new DeployException(file + ": cpu " + cpu + " is not a Fargate size (one of "
                    + FARGATE_MEMORY.keySet().stream().sorted().toList() + ")");
        }
        if (memory < allowed[0] || memory > allowed[1] || (memory - allowed[0]) % allowed[2] != 0) {
            throw new DeployException(
                    "%s: Fargate does not offer cpu %d with memory %d; with cpu %d memory is %d to %d MiB in steps of %d"
                            .formatted(file, cpu, memory, cpu, allowed[0], allowed[1], allowed[2]));
        }
    }

    /** The service's load balancer must name a container of its task definition, on the port the target group uses. */
    private static void checkLoadBalancedPorts(List<StackRenderer.RenderedStep> steps) {
        Map<String, RegisterTaskDefinitionRequest> tasks = new java.util.HashMap<>();
        Integer targetGroupPort = null;
        for (StackRenderer.RenderedStep step : steps) {
            if (step.request() instanceof RegisterTaskDefinitionRequest task) {
                tasks.put(task.family(), task);
            } else if (step.request() instanceof CreateTargetGroupRequest group) {
                targetGroupPort = group.port();
            }
        }
        for (StackRenderer.RenderedStep step : steps) {
            if (!(step.request() instanceof CreateServiceRequest service)) {
                continue;
            }
            RegisterTaskDefinitionRequest task = tasks.get(service.taskDefinition());
            if (task == null) {
                throw new DeployException(step.fileName() + ": taskDefinition '" + service.taskDefinition()
                        + "' is not the family of any task definition template");
            }
            for (LoadBalancer lb : service.loadBalancers()) {
                ContainerDefinition container = task.containerDefinitions().stream()
                        .filter(c -> c.name().equals(lb.containerName()))
                        .findFirst()
                        .orElseThrow(() -> new DeployException(step.fileName() + ": loadBalancers containerName '"
                                + lb.containerName() + "' is not a container of " + task.family()));
                boolean exposed = container.portMappings().stream()
                        .anyMatch(p -> p.containerPort().equals(lb.containerPort()));
                if (!exposed) {
                    throw new DeployException(
                            step.fileName() + ": container " + container.name() + " of " + task.family()
                                    + " maps no port " + lb.containerPort() + " (its ports: "
                                    + container.portMappings().stream()
                                            .map(p -> p.containerPort())
                                            .toList() + ")");
                }
                if (targetGroupPort != null && !targetGroupPort.equals(lb.containerPort())) {
                    throw new DeployException(
                            "%s: the load balancer sends to port %d, but the target group uses port %d"
                                    .formatted(step.fileName(), lb.containerPort(), targetGroupPort));
                }
            }
        }
    }

    private static void collect(List<String> problems, Runnable check) {
        try {
            check.run();
        } catch (DeployException ex) {
            problems.add(ex.getMessage());
        }
    }
}
