package ecstest.deploy.ops;

import ecstest.deploy.DeployException;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code moto_server}, an AWS API emulator, on a free loopback port, for {@code rehearse}; the repository's extended
 * one (emulator/) when it is there, so that deployments go through their stages. It emulates the APIs, not the
 * containers: services are told to report their tasks running ({@code MOTO_ECS_SERVICE_RUNNING}), and
 * AWS managed policies exist ({@code MOTO_IAM_LOAD_MANAGED_POLICIES}), as the stack's execution role needs.
 */
public final class Emulator implements AutoCloseable {

    /** moto's account: the one every emulated ARN carries. */
    public static final String ACCOUNT_ID = "123456789012";

    /** Any key works with the emulator; this one says what it is. */
    public static final String ACCESS_KEY = "rehearsal";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private Emulator(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /**
     * @param repositoryRoot where {@code emulator/bin/moto_server} (moto with the repository's extensions: ECS
     *     service deployments) is used from, unless {@code MOTO_SERVER} names another emulator
     */
    public static Emulator start(PrintWriter out, Path repositoryRoot) {
        String binary = System.getenv().getOrDefault("MOTO_SERVER", "moto_server");
        if (!onPath(binary)) {
            throw new DeployException(binary + " is not on the PATH: rehearse runs the verbs against this AWS API"
                    + " emulator; install it with pip install 'moto[server]' (or point MOTO_SERVER at it)");
        }
        Path extended = repositoryRoot.resolve("emulator/bin/moto_server");
        if (System.getenv("MOTO_SERVER") == null && Files.isExecutable(extended)) {
            binary = extended.toString();
        }
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path log = Files.createTempFile("ecs-test-emulator-", ".log");
            ProcessBuilder builder = new ProcessBuilder(binary, "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
            builder.environment().put("MOTO_ECS_SERVICE_RUNNING", "1");
            // a deployment's minutes pass in seconds: a rolling one takes one second, a five-minute bake five
            builder.environment().put("MOTO_ECS_DEPLOYMENT_SPEEDUP", "60");
            Emulator emulator = new Emulator(builder.start(), URI.create("http://127.0.0.1:" + port), log);
            out.printf("starting the AWS API emulator (%s) on %s, log %s%n", binary, emulator.endpoint, log);
            out.flush();
            emulator.awaitReady();
            return emulator;
        } catch (IOException ex) {
            throw new DeployException("cannot start " + binary + ": " + ex.getMessage());
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady() {
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
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new DeployException("the emulator did not start on " + endpoint + " within "
                            + START_TIMEOUT.toSeconds() + " s; its log: " + log);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            close();
            throw new DeployException("interrupted while the emulator started");
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

    private static boolean onPath(String binary) {
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
}
