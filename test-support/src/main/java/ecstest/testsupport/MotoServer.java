package ecstest.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code moto_server} (an AWS API emulator) on a free loopback port, one process per test class. Classes that use
 * it carry {@code @RequiresTools("moto_server")}, which skips them, saying why, where it is not installed (and
 * fails them in CI); {@link #start()} checks again for callers without it.
 */
public final class MotoServer implements AutoCloseable {

    public static final String ACCOUNT_ID = "123456789012"; // moto's default account
    public static final String REGION = "ap-northeast-2";

    /** A rolling deployment's minute of stages takes 0.1 s. */
    public static final int DEPLOYMENT_SPEEDUP = 600;

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    public static MotoServer start() throws IOException {
        return start(Map.of());
    }

    /**
     * The emulator with the repository's extensions ({@code emulator/bin/moto_server}: ECS service deployments)
     * unless {@code MOTO_SERVER} names another; its deployment clock runs {@value #DEPLOYMENT_SPEEDUP} times
     * faster than the wall clock unless {@code environment} sets {@code MOTO_ECS_DEPLOYMENT_SPEEDUP}.
     */
    public static MotoServer start(Map<String, String> environment) throws IOException {
        String binary = System.getenv().getOrDefault("MOTO_SERVER", "moto_server");
        if (!onPath(binary)) {
            unavailable("moto_server is not installed (pip install 'moto[server]'); the AWS emulator tests need it");
        }
        Path extended = extendedEmulator();
        if (System.getenv("MOTO_SERVER") == null && extended != null) {
            binary = extended.toString();
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("moto-", ".log");
        ProcessBuilder builder = new ProcessBuilder(binary, "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
        builder.environment().put("MOTO_ECS_SERVICE_RUNNING", "1"); // services report their tasks running
        builder.environment().put("MOTO_ECS_DEPLOYMENT_SPEEDUP", Integer.toString(DEPLOYMENT_SPEEDUP));
        builder.environment().putAll(environment);
        MotoServer moto = new MotoServer(builder.start(), URI.create("http://127.0.0.1:" + port), log);
        moto.awaitReady(Duration.ofSeconds(60));
        return moto;
    }

    /** For the CLI's SDK clients, which use the default credentials chain (system properties come first). */
    public static void useDummyCredentials() {
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    public static void clearDummyCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Environment for the AWS CLI: dummy credentials, no user config, this endpoint's quirks handled. */
    public Map<String, String> cliEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_CONFIG_FILE", "/nonexistent/ecs-test/config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/ecs-test/credentials");
        env.put("AWS_DISABLE_HOST_PREFIX_INJECTION", "true"); // Cloud Map's data- host prefix
        env.put("AWS_PAGER", "");
        return env;
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException ex) {
                // not listening yet
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException(
                        "moto_server did not start on " + endpoint + "; its log:\n" + logText());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException ex) {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code emulator/bin/moto_server} in the working directory or one of its parents (a module's), if any. */
    public static Path extendedEmulator() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path launcher = dir.resolve("emulator/bin/moto_server");
            if (Files.isExecutable(launcher)) {
                return launcher;
            }
        }
        return null;
    }

    public static boolean onPath(String binary) {
        if (binary.contains("/")) {
            return Files.isExecutable(Path.of(binary));
        }
        return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, binary)));
    }

    public static void unavailable(String reason) {
        if (Skip.inCi()) {
            fail("CI=true, so this test must run: " + reason);
        }
        Assumptions.abort(reason);
    }
}
