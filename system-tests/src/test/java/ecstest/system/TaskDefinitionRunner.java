package ecstest.system;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Volume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;
import tools.jackson.databind.JsonNode;

/**
 * Starts a rendered {@code register-task-definition-*.json} on the Docker engine, reading every setting from the
 * JSON and from nowhere else, so a test runs what ECS will run. What each field becomes:
 *
 * <table>
 *   <caption>task definition field → Docker</caption>
 *   <tr><th>field</th><th>here</th></tr>
 *   <tr><td>cpu (units of 1/1024 vCPU)</td><td>the container's CPU quota ({@code --cpus cpu/1024})</td></tr>
 *   <tr><td>memory (MiB)</td><td>its memory limit, no swap ({@code --memory}, {@code --memory-swap} the same): past
 *       it the kernel kills the process, as on Fargate</td></tr>
 *   <tr><td>networkMode awsvpc</td><td>a network namespace of its own on a bridge network; the container's ports
 *       are its own, as a task's ENI; another task reaches it by a network alias (Cloud Map's name)</td></tr>
 *   <tr><td>volumes[].name (Fargate's task storage)</td><td>an anonymous Docker volume per mount</td></tr>
 *   <tr><td>image</td><td>the locally built image of the same repository name (Jib's {@code jib:dockerBuild})</td></tr>
 *   <tr><td>essential</td><td>{@link #essentialStopped()}: an essential container that stops stops the task</td></tr>
 *   <tr><td>portMappings[].containerPort, protocol tcp</td><td>exposed (and published on a free host port)</td></tr>
 *   <tr><td>environment</td><td>the container's environment, nothing added</td></tr>
 *   <tr><td>healthCheck command, interval, timeout, retries, startPeriod</td><td>Docker's health check, the same
 *       values</td></tr>
 *   <tr><td>readonlyRootFilesystem</td><td>{@code --read-only}</td></tr>
 *   <tr><td>mountPoints sourceVolume, containerPath, readOnly</td><td>the volume at that path (read-only mounts
 *       refused: none is used)</td></tr>
 *   <tr><td>stopTimeout</td><td>Docker's stop timeout: {@code docker stop} sends SIGTERM, waits that long, then
 *       SIGKILL, as ECS does</td></tr>
 *   <tr><td>user</td><td>{@code --user}</td></tr>
 * </table>
 *
 * Not modelled, by name: {@code logConfiguration} (awslogs: the lines stay in Docker's log), {@code
 * executionRoleArn} and {@code taskRoleArn} (no IAM here), {@code runtimePlatform} (the image is this machine's
 * platform), {@code requiresCompatibilities}, {@code family} and {@code tags} (AWS bookkeeping). Any other field
 * fails {@link #start}: a template field nobody modelled cannot slip by.
 */
final class TaskDefinitionRunner {

    private static final Set<String> TASK_FIELDS_NOT_MODELLED =
            Set.of("family", "requiresCompatibilities", "runtimePlatform", "executionRoleArn", "taskRoleArn", "tags");
    private static final Set<String> TASK_FIELDS =
            Set.of("networkMode", "cpu", "memory", "containerDefinitions", "volumes");
    private static final Set<String> CONTAINER_FIELDS_NOT_MODELLED = Set.of("logConfiguration");
    private static final Set<String> CONTAINER_FIELDS = Set.of(
            "name",
            "image",
            "essential",
            "portMappings",
            "environment",
            "healthCheck",
            "stopTimeout",
            "readonlyRootFilesystem",
            "mountPoints",
            "user");

    private final JsonNode task;
    private final Network network;
    private final Function<String, DockerImageName> localImage;
    private final Map<String, String> aliases;
    private final Map<String, GenericContainer<?>> started = new LinkedHashMap<>();
    private final Map<String, Boolean> essential = new HashMap<>();

    /**
     * @param localImage the local image standing in for an image reference of the task definition
     * @param aliases network aliases by container name: the names other tasks reach it by
     */
    TaskDefinitionRunner(
            JsonNode task, Network network, Function<String, DockerImageName> localImage, Map<String, String> aliases) {
        this.task = task;
        this.network = network;
        this.localImage = localImage;
        this.aliases = aliases;
    }

    /** The task's containers, created and started, in order; returns once each reports healthy by its own check. */
    Map<String, GenericContainer<?>> start() {
        requireKnown("task definition", task, TASK_FIELDS, TASK_FIELDS_NOT_MODELLED);
        if (!task.path("networkMode").asString().equals("awsvpc")) {
            throw new IllegalArgumentException("networkMode " + task.path("networkMode") + ": only awsvpc is modelled");
        }
        Map<String, String> volumes = new HashMap<>();
        task.path("volumes").forEach(volume -> {
            requireKnown("volume", volume, Set.of("name"), Set.of());
            volumes.put(volume.get("name").asString(), volume.get("name").asString());
        });
        long nanoCpus = Long.parseLong(task.get("cpu").asString()) * 1_000_000_000L / 1024;
        long memory = Long.parseLong(task.get("memory").asString()) * 1024 * 1024;
        for (JsonNode container : task.get("containerDefinitions")) {
            requireKnown("container definition", container, CONTAINER_FIELDS, CONTAINER_FIELDS_NOT_MODELLED);
            started.put(container.get("name").asString(), create(container, volumes, nanoCpus, memory));
            essential.put(
                    container.get("name").asString(),
                    container.path("essential").asBoolean(true));
        }
        started.values().forEach(GenericContainer::start);
        return started;
    }

    private GenericContainer<?> create(JsonNode definition, Map<String, String> volumes, long nanoCpus, long memory) {
        String name = definition.get("name").asString();
        GenericContainer<?> container = new GenericContainer<>(
                        localImage.apply(definition.get("image").asString()))
                .withNetwork(network)
                .waitingFor(new HealthyOrFail().withStartupTimeout(Duration.ofMinutes(3)));
        if (aliases.containsKey(name)) {
            container.withNetworkAliases(aliases.get(name));
        }
        List<Integer> ports = new ArrayList<>();
        definition.path("portMappings").forEach(mapping -> {
            requireKnown("port mapping", mapping, Set.of("containerPort", "protocol", "name"), Set.of());
            if (!mapping.path("protocol").asString("tcp").equals("tcp")) {
                throw new IllegalArgumentException("protocol " + mapping.get("protocol") + ": only tcp is modelled");
            }
            ports.add(Integer.parseInt(mapping.get("containerPort").asString()));
        });
        container.withExposedPorts(ports.toArray(Integer[]::new));
        definition
                .path("environment")
                .forEach(variable -> container.withEnv(
                        variable.get("name").asString(), variable.get("value").asString()));
        List<Volume> mounts = new ArrayList<>();
        definition.path("mountPoints").forEach(mount -> {
            requireKnown("mount point", mount, Set.of("sourceVolume", "containerPath", "readOnly"), Set.of());
            if (!volumes.containsKey(mount.get("sourceVolume").asString())) {
                throw new IllegalArgumentException("mount point of an undeclared volume: " + mount);
            }
            if (mount.path("readOnly").asBoolean(false)) {
                throw new IllegalArgumentException("read-only mount points are not modelled: " + mount);
            }
            mounts.add(new Volume(mount.get("containerPath").asString()));
        });
        HealthCheck health = healthCheck(definition.get("healthCheck"));
        Integer stopTimeout =
                definition.has("stopTimeout") ? definition.get("stopTimeout").asInt() : null;
        boolean readOnly = definition.path("readonlyRootFilesystem").asBoolean(false);
        String user = definition.has("user") ? definition.get("user").asString() : null;
        container.withCreateContainerCmdModifier(cmd -> {
            cmd.getHostConfig()
                    .withNanoCPUs(nanoCpus)
                    .withMemory(memory)
                    .withMemorySwap(memory)
                    .withReadonlyRootfs(readOnly);
            cmd.withVolumes(mounts);
            if (health != null) {
                cmd.withHealthcheck(health);
            }
            if (stopTimeout != null) {
                cmd.withStopTimeout(stopTimeout);
            }
            if (user != null) {
                cmd.withUser(user);
            }
        });
        return container;
    }

    private static HealthCheck healthCheck(JsonNode check) {
        if (check == null) {
            return null;
        }
        requireKnown(
                "health check", check, Set.of("command", "interval", "timeout", "retries", "startPeriod"), Set.of());
        List<String> command = new ArrayList<>();
        check.get("command").forEach(part -> command.add(part.asString()));
        return new HealthCheck()
                .withTest(command)
                .withInterval(seconds(check.path("interval").asString("30")))
                .withTimeout(seconds(check.path("timeout").asString("5")))
                .withRetries(Integer.parseInt(check.path("retries").asString("3")))
                .withStartPeriod(seconds(check.path("startPeriod").asString("0")));
    }

    private static long seconds(String value) {
        return Duration.ofSeconds(Long.parseLong(value)).toNanos();
    }

    private static void requireKnown(String what, JsonNode node, Set<String> modelled, Set<String> notModelled) {
        for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext(); ) {
            String field = names.next();
            if (!modelled.contains(field) && !notModelled.contains(field)) {
                throw new IllegalArgumentException("the task-definition runner does not know the " + what + " field "
                        + field + ": model it in TaskDefinitionRunner, or list it there as not modelled");
            }
        }
    }

    /** Docker's view of a container: health status, OOM kill, exit code. */
    static InspectContainerResponse.ContainerState state(GenericContainer<?> container) {
        return container
                .getDockerClient()
                .inspectContainerCmd(container.getContainerId())
                .exec()
                .getState();
    }

    /** An essential container of the task that is no longer running, or null: ECS would stop the task. */
    String essentialStopped() {
        return started.entrySet().stream()
                .filter(entry -> essential.get(entry.getKey()))
                .filter(entry -> !Boolean.TRUE.equals(state(entry.getValue()).getRunning()))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    /**
     * Waits for Docker's health status "healthy", as Testcontainers' own health-check wait does, but stops at once
     * when the container exits or Docker declares it unhealthy (its retries spent after the start period, when ECS
     * would replace the task), quoting the health check's last outputs and exit codes.
     */
    static final class HealthyOrFail extends AbstractWaitStrategy {

        @Override
        protected void waitUntilReady() {
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            while (true) {
                InspectContainerResponse.ContainerState state =
                        waitStrategyTarget.getCurrentContainerInfo().getState();
                HealthState health = state.getHealth();
                String status = health == null ? "none" : health.getStatus();
                if ("healthy".equals(status)) {
                    return;
                }
                if (!Boolean.TRUE.equals(state.getRunning()) || "unhealthy".equals(status)) {
                    String checks = health == null
                            ? ""
                            : health.getLog().stream()
                                    .map(check -> "exit " + check.getExitCodeLong() + ": "
                                            + String.valueOf(check.getOutput()).strip())
                                    .reduce("", (a, b) -> a + "\n    " + b);
                    String how = Boolean.TRUE.equals(state.getRunning())
                            ? "unhealthy"
                            : "stopped (exit code " + state.getExitCodeLong()
                                    + (Boolean.TRUE.equals(state.getOOMKilled()) ? ", killed for memory" : "") + ")";
                    List<String> log = waitStrategyTarget.getLogs().lines().toList();
                    String lastLines = log.subList(Math.max(0, log.size() - 3), log.size()).stream()
                            .map(line -> line.length() > 400 ? line.substring(0, 400) + "…" : line)
                            .reduce("", (a, b) -> a + "\n    " + b);
                    throw new ContainerLaunchException(
                            "%s is %s before it was healthy; its health check's last runs:%s%n  its last log lines:%s"
                                    .formatted(
                                            waitStrategyTarget
                                                    .getContainerInfo()
                                                    .getName(),
                                            how,
                                            checks,
                                            lastLines));
                }
                if (System.nanoTime() > deadline) {
                    throw new ContainerLaunchException(
                            "not healthy within " + startupTimeout + " (status " + status + ")");
                }
                LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            }
        }
    }
}
