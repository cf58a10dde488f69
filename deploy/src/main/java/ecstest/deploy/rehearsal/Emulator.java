package ecstest.deploy.rehearsal;

import ecstest.deploy.DeployException;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code moto_server}, an AWS API emulator, on a free loopback port: what {@code rehearse} runs the verbs against, and
 * the emulator tests too. The repository's extended one (emulator/bin/moto_server) when it is there, so that
 * deployments go through their stages. It emulates the APIs, not the containers: services are told to report their
 * tasks running ({@code MOTO_ECS_SERVICE_RUNNING}), and AWS managed policies exist
 * ({@code MOTO_IAM_LOAD_MANAGED_POLICIES}), as the stack's execution role needs.
 */
public final class Emulator implements AutoCloseable {

    /** moto's account: the one every emulated ARN carries. */
    public static final String ACCOUNT_ID = "123456789012";

    /** Any key works with the emulator; this one says what it is. */
    public static final String ACCESS_KEY = "rehearsal";

    /** Simulated seconds per real second of the emulator's deployments (a five-minute bake in five seconds). */
    public static final String SPEEDUP = "MOTO_ECS_DEPLOYMENT_SPEEDUP";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private Emulator(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** The emulator's program: {@code MOTO_SERVER}, else {@code moto_server} from the PATH. */
    public static String binary() {
        return System.getenv().getOrDefault("MOTO_SERVER", "moto_server");
    }

    /** Whether {@link #binary()} is there to run. */
    public static boolean installed() {
        String binary = binary();
        if (binary.contains(File.separator)) {
            return Files.isExecutable(Path.of(binary));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }

    /** The repository's extended emulator, looked for in {@code from} and the folders above it (a module's, say). */
    public static Optional<Path> extended(Path from) {
        for (Path dir = from.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path launcher = dir.resolve("emulator/bin/moto_server");
            if (Files.isExecutable(launcher)) {
                return Optional.of(launcher);
            }
        }
        return Optional.empty();
    }

    /**
     * @param from where the repository's extended emulator is looked for (unless {@code MOTO_SERVER} names another)
     * @param environment more for the emulator's process, e.g. {@link #SPEEDUP}
     */
    public static Emulator start(Path from, Map<String, String> environment) {
        if (!installed()) {
            throw new DeployException(binary() + " is not on the PATH: the emulator is moto; install it with pip"
                    + " install 'moto[server]' (or point MOTO_SERVER at it)");
        }
        String program = System.getenv("MOTO_SERVER") == null
                ? extended(from).map(Path::toString).orElse(binary())
                : binary();
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path log = Files.createTempFile("ecs-test-emulator-", ".log");
            ProcessBuilder builder = new ProcessBuilder(program, "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
            builder.environment().put("MOTO_ECS_SERVICE_RUNNING", "1");
            builder.environment().putAll(environment);
            Emulator emulator = new Emulator(builder.start(), URI.create("http://127.0.0.1:" + port), log);
            emulator.awaitReady(program);
            return emulator;
        } catch (IOException ex) {
            throw new DeployException("cannot start " + program + ": " + ex.getMessage());
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public Path log() {
        return log;
    }

    /** What the emulator has written to its log so far. */
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException ex) {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady(String program) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest ready = HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            while (true) {
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // retried below until the deadline
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new DeployException("interrupted while the emulator started");
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new DeployException(program + " did not start on " + endpoint + " within "
                            + START_TIMEOUT.toSeconds() + " s; its log, " + log + ":\n" + logText());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
