package ecstest.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;

/** What the drills do to containers, the way ECS and an operator do it: signals, stops, pauses. */
final class Docker {

    private Docker() {}

    /** {@code docker stop}: SIGTERM, then up to 30 s for the JVM's graceful shutdown. */
    static void stopGracefully(GenericContainer<?> container) {
        client(container)
                .stopContainerCmd(container.getContainerId())
                .withTimeout(30)
                .exec();
    }

    static void signal(GenericContainer<?> container, String signal) {
        client(container)
                .killContainerCmd(container.getContainerId())
                .withSignal(signal)
                .exec();
    }

    static void pause(GenericContainer<?> container) {
        client(container).pauseContainerCmd(container.getContainerId()).exec();
    }

    static void unpause(GenericContainer<?> container) {
        client(container).unpauseContainerCmd(container.getContainerId()).exec();
    }

    static boolean isRunning(GenericContainer<?> container) {
        return Boolean.TRUE.equals(client(container)
                .inspectContainerCmd(container.getContainerId())
                .exec()
                .getState()
                .getRunning());
    }

    static String ipAddress(GenericContainer<?> container) {
        return container.getContainerInfo().getNetworkSettings().getNetworks().values().stream()
                .map(network -> network.getIpAddress())
                .findFirst()
                .orElseThrow();
    }

    static long countLines(GenericContainer<?> container, String text) {
        return container.getLogs().lines().filter(line -> line.contains(text)).count();
    }

    /**
     * Waits for a line the container writes from now on. Reads only the log since a second before the call: after
     * a load test the whole log is megabytes, and reading it on every poll made the wait seconds long.
     */
    static void awaitLogLine(GenericContainer<?> container, String text, Duration timeout) {
        awaitLogLine(container, text, Instant.now(), timeout);
    }

    /** Waits for a line the container writes after {@code after} (read from the second before it). */
    static void awaitLogLine(GenericContainer<?> container, String text, Instant after, Duration timeout) {
        int since = (int) after.getEpochSecond() - 1;
        await(
                () -> logSince(container, since).lines().anyMatch(line -> line.contains(text)),
                timeout,
                "log line '" + text + "' in " + name(container));
    }

    /** The container's stdout and stderr from that Unix second on. */
    private static String logSince(GenericContainer<?> container, int epochSecond) {
        StringBuilder log = new StringBuilder();
        try {
            client(container)
                    .logContainerCmd(container.getContainerId())
                    .withStdOut(true)
                    .withStdErr(true)
                    .withSince(epochSecond)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            log.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    })
                    .awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the log of " + name(container), ex);
        }
        return log.toString();
    }

    /** Waits until the container holds at least {@code count} established TCP connections to {@code port}. */
    static void awaitEstablishedConnections(GenericContainer<?> container, int port, int count, Duration timeout) {
        String remotePort = String.format(":%04X ", port);
        await(
                () -> {
                    return tcpTable(container)
                                    .lines()
                                    .map(String::trim)
                                    // columns: sl local_address rem_address st ... ; 01 = ESTABLISHED
                                    .filter(line -> line.split("\\s+").length > 3)
                                    .filter(line -> (line.split("\\s+")[2] + " ").endsWith(remotePort))
                                    .filter(line -> line.split("\\s+")[3].equals("01"))
                                    .count()
                            >= count;
                },
                timeout,
                count + " connections from " + name(container) + " to port " + port);
    }

    /**
     * The container's /proc/net/tcp, read from the host through its main process where the test may (no process
     * started inside a container limited to a fraction of a core, which takes a second there), else by exec.
     */
    private static String tcpTable(GenericContainer<?> container) {
        Long pid = client(container)
                .inspectContainerCmd(container.getContainerId())
                .exec()
                .getState()
                .getPidLong();
        Path table = Path.of("/proc", String.valueOf(pid), "net", "tcp");
        try {
            return Files.readString(table);
        } catch (IOException | RuntimeException notHere) {
            // bash's own $(<file): the images have bash, not cat
            return execQuietly(container, "bash", "-c", "printf '%s\\n' \"$(</proc/net/tcp)\"")
                    .getStdout();
        }
    }

    private static Container.ExecResult execQuietly(GenericContainer<?> container, String... command) {
        try {
            return container.execInContainer(command);
        } catch (Exception ex) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + " in " + name(container), ex);
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for %s", timeout, what).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static String name(GenericContainer<?> container) {
        return container.getDockerImageName();
    }

    private static DockerClient client(GenericContainer<?> container) {
        return container.getDockerClient();
    }
}
