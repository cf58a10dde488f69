package ecstest.deploy.stack;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.aws.SdkCalls;
import ecstest.deploy.aws.SdkSubset;
import ecstest.deploy.settings.Services;
import ecstest.deploy.settings.Setting;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.settings.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * A task definition family per service ({@code <stack>-<service>}). Its images are {@code deploy}'s: a setting
 * that changes a revision (task size, environment, health check...) registers a new one with the images the
 * service runs, and the service moves to it ({@link EcsServicesResource}).
 */
public final class TaskDefinitionsResource extends Resource {

    /** Fargate's task sizes: CPU units → allowed memory (MiB) as {min, max, step}. */
    private static final Map<Integer, int[]> FARGATE_MEMORY = Map.of(
            256, new int[] {512, 2048, 512},
            512, new int[] {1024, 4096, 1024},
            1024, new int[] {2048, 8192, 1024},
            2048, new int[] {4096, 16384, 1024},
            4096, new int[] {8192, 30720, 1024},
            8192, new int[] {16384, 61440, 4096},
            16384, new int[] {32768, 122880, 8192});

    public static final Setting GATE_CPU = cpu("gate-server");
    public static final Setting GATE_MEMORY = memory("gate-server");
    public static final Setting DATA_CPU = cpu("data-server");
    public static final Setting DATA_MEMORY = memory("data-server");
    static final Setting GATE_REQUEST_THREADS = threads("gate-server");
    static final Setting DATA_REQUEST_THREADS = threads("data-server");

    public static final Setting CPU_ARCHITECTURE = new Setting(
            "CPU_ARCHITECTURE",
            Type.oneOf("ARM64", "X86_64"),
            "ARM64",
            "the tasks' processors, as ECS spells them: ARM64 (Graviton) costs less per hour; the images are built"
                    + " for both",
            Setting.Change.IN_PLACE);

    static final Setting HEALTH_CHECK_START_PERIOD_SECONDS = new Setting(
            "HEALTH_CHECK_START_PERIOD_SECONDS",
            Type.whole(0, 300, "seconds (ECS allows 0 to 300)"),
            "60",
            "how long a new task's failed container health checks do not count (a quarter-vCPU task takes a while to listen"
                    + " after its start; figures: bench/RESULTS.md, \"Start-up\")",
            Setting.Change.IN_PLACE);

    public static final Setting GATE_IMAGE = image("gate-server");
    public static final Setting DATA_IMAGE = image("data-server");

    private static Setting cpu(String service) {
        return new Setting(
                Services.prefix(service) + "_CPU",
                Type.oneOf(256, 512, 1024, 2048, 4096, 8192, 16384).asText(),
                "256",
                service + "'s task size in CPU units (1024 = 1 vCPU); with its memory, a size Fargate offers",
                Setting.Change.IN_PLACE);
    }

    private static Setting memory(String service) {
        return new Setting(
                Services.prefix(service) + "_MEMORY",
                Type.whole(512, 122_880, "MiB").asText(),
                "512",
                service + "'s task memory in MiB; with its CPU, a size Fargate offers (256 CPU: 512 to 2048)",
                Setting.Change.IN_PLACE);
    }

    private static Setting threads(String service) {
        return new Setting(
                Services.prefix(service) + "_REQUEST_THREADS",
                Type.whole(1, 1_000, "a number of request threads").asText(), // an environment variable
                "4",
                service + "'s request threads per task (server.tomcat.threads.max): at a quarter vCPU, more threads"
                        + " take the CPU from the JIT compiler while a task warms up (figures: bench/RESULTS.md,"
                        + " \"Request threads\"); measure another task size with bench/warmup-curve.sh",
                Setting.Change.IN_PLACE);
    }

    private static Setting image(String service) {
        return new Setting(
                Services.prefix(service) + "_IMAGE",
                Type.image(),
                "${ACCOUNT_ID}.dkr.ecr.${REGION}.amazonaws.com/${STACK}/" + service + ":0.1.0",
                "the image " + service + "'s first revision runs; after that, images are `deploy`'s (pinned by"
                        + " digest)",
                Setting.Change.DEPLOY);
    }

    private static final Map<String, Step> STEPS = Map.of(
            "gate-server", registration("gate-server"),
            "data-server", registration("data-server"));

    private static Step registration(String service) {
        return Step.of(
                "ecs/register-task-definition-" + service + ".json", "register-task-definition", service, Map.of());
    }

    /** The step of the service's task definition, for a plan to render (deploy's, with pinned images). */
    public static Step step(String service) {
        return STEPS.get(service);
    }

    @Override
    List<Setting> settings() {
        return List.of(
                GATE_CPU,
                GATE_MEMORY,
                DATA_CPU,
                DATA_MEMORY,
                GATE_REQUEST_THREADS,
                DATA_REQUEST_THREADS,
                CPU_ARCHITECTURE,
                HEALTH_CHECK_START_PERIOD_SECONDS,
                GATE_IMAGE,
                DATA_IMAGE);
    }

    /** Each task's CPU and memory a size Fargate offers. */
    @Override
    List<String> checkRequests(List<RenderedStep> plan) {
        List<String> problems = new ArrayList<>();
        for (RenderedStep step : plan) {
            if (step.request() instanceof RegisterTaskDefinitionRequest task) {
                fargateSize(step.fileName(), task).ifPresent(problems::add);
            }
        }
        return problems;
    }

    private static Optional<String> fargateSize(String file, RegisterTaskDefinitionRequest task) {
        int cpu = Integer.parseInt(task.cpu());
        int memory = Integer.parseInt(task.memory());
        int[] allowed = FARGATE_MEMORY.get(cpu);
        if (allowed == null) {
            return Optional.of(file + ": cpu " + cpu + " is not a Fargate size (one of "
                    + FARGATE_MEMORY.keySet().stream().sorted().toList() + ")");
        }
        if (memory < allowed[0] || memory > allowed[1] || (memory - allowed[0]) % allowed[2] != 0) {
            return Optional.of(
                    "%s: Fargate does not offer cpu %d with memory %d; with cpu %d memory is %d to %d MiB in steps of %d"
                            .formatted(file, cpu, memory, cpu, allowed[0], allowed[1], allowed[2]));
        }
        return Optional.empty();
    }

    @Override
    String title() {
        return "task definitions";
    }

    @Override
    List<Step> steps(StackSettings settings) {
        return Services.NAMES.stream().map(STEPS::get).toList();
    }

    /**
     * Against the revision the service runs, images aside; before there is a service, against the family's latest
     * revision.
     */
    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        RegisterTaskDefinitionRequest wanted = (RegisterTaskDefinitionRequest) request;
        Optional<Service> service = stack.service(step.name());
        if (service.isEmpty()) {
            return Diff.exists(sameAsLatest(stack.aws, wanted));
        }
        return running(
                step,
                wanted,
                stack.aws
                        .ecs()
                        .describeTaskDefinition(
                                r -> r.taskDefinition(service.get().taskDefinition()))
                        .taskDefinition());
    }

    /** The revision the service runs: a setting that differs registers a new one, with the images it runs. */
    static Diff running(Step step, RegisterTaskDefinitionRequest wanted, TaskDefinition running) {
        RegisterTaskDefinitionRequest keeping = wanted.toBuilder()
                .containerDefinitions(wanted.containerDefinitions().stream()
                        .map(container -> container.toBuilder()
                                .image(imageOf(running, container))
                                .build())
                        .toList())
                .build();
        if (SdkSubset.covers(keeping, running)) {
            return Diff.SAME;
        }
        return Diff.of(List.of(Change.of(
                "%s runs %s:%d, which differs in %s: a new revision with the images it runs"
                        .formatted(
                                step.name(),
                                running.family(),
                                running.revision(),
                                String.join(", ", SdkSubset.differences(keeping, running))),
                step,
                "register-task-definition",
                keeping)));
    }

    private static String imageOf(TaskDefinition running, ContainerDefinition container) {
        return running.containerDefinitions().stream()
                .filter(c -> c.name().equals(container.name()))
                .map(ContainerDefinition::image)
                .findFirst()
                .orElse(container.image());
    }

    /** A new revision is registered only when the family's latest differs in what the template sets. */
    public static boolean sameAsLatest(AwsClients aws, RegisterTaskDefinitionRequest wanted) {
        return latestAsWanted(aws, wanted).isPresent();
    }

    /** The ARN of the family's latest revision when it has everything the request sets, else empty. */
    public static Optional<String> latestAsWanted(AwsClients aws, RegisterTaskDefinitionRequest wanted) {
        TaskDefinition latest;
        try {
            latest = aws.ecs()
                    .describeTaskDefinition(r -> r.taskDefinition(wanted.family()))
                    .taskDefinition();
        } catch (ClientException ex) {
            return Optional.empty(); // no revision yet
        }
        // a deregistered (INACTIVE) revision cannot run: it does not count
        return "ACTIVE".equals(latest.statusAsString()) && SdkSubset.covers(wanted, latest)
                ? Optional.of(latest.taskDefinitionArn())
                : Optional.empty();
    }

    /**
     * A revision whose registration's answer was lost is the family's latest, as wanted: that is the revision the
     * service moves to (registering it again would leave an identical one unused).
     */
    @Override
    boolean changedAfterAll(StackContext stack, Step step, SdkRequest request, Change change, StackState state) {
        Optional<String> registered = latestAsWanted(stack.aws, (RegisterTaskDefinitionRequest) change.request());
        registered.ifPresent(arn -> state.revision(step.name(), new StackState.Registered(arn)));
        return registered.isPresent();
    }

    /** The revision a change registered, for the service's step to move to (a placeholder in a dry run). */
    @Override
    void applied(Step step, Change change, SdkResponse response, StackState state) {
        state.revision(
                step.name(),
                response == null
                        ? new StackState.WouldRegister()
                        : new StackState.Registered(
                                (String) SdkCalls.at(response, "taskDefinition.taskDefinitionArn")));
    }

    @Override
    void delete(StackContext stack, StackState state) {
        active(stack)
                .forEach(arn -> stack.call(
                        "deregister " + arn,
                        () -> stack.aws.ecs().deregisterTaskDefinition(r -> r.taskDefinition(arn))));
    }

    private static List<String> active(StackContext stack) {
        List<String> arns = new ArrayList<>();
        for (String service : Services.NAMES) {
            // familyPrefix is a prefix: stack a's a-data-server would also list stack a-data-server-b's families
            stack
                    .aws
                    .ecs()
                    .listTaskDefinitionsPaginator(
                            r -> r.familyPrefix(stack.name(service)).status("ACTIVE"))
                    .taskDefinitionArns()
                    .stream()
                    .filter(arn -> family(arn).equals(stack.name(service)))
                    .forEach(arns::add);
        }
        return arns;
    }

    /** {@code arn:aws:ecs:…:task-definition/<family>:<revision>} → the family. */
    private static String family(String arn) {
        String familyAndRevision = arn.substring(arn.lastIndexOf('/') + 1);
        return familyAndRevision.substring(0, familyAndRevision.lastIndexOf(':'));
    }

    @Override
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return active(stack).stream().map(arn -> "task definition " + arn).toList();
    }
}
