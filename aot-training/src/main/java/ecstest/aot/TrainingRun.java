package ecstest.aot;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One training run for a JDK AOT cache ({@code -XX:AOTCacheOutput}).
 *
 * <pre>java -XX:AOTCacheOutput=app.aot -cp &lt;dependencies&gt;:aot-training.jar ecstest.aot.TrainingRun
 *      &lt;service.jar&gt; &lt;main class&gt; [service arguments...]</pre>
 *
 * <p>The service's jar is loaded by a child class loader, not from the class path: the JVM archives only
 * classes of its built-in loaders, and validates the cache against the class path it was trained with.
 * The cache therefore holds the JDK and the dependencies, never the service's classes, and stays valid
 * when only the service's code changes (its jar is appended to the class path at run time).
 *
 * <p>The run starts the service on a free loopback port, sends {@code -Dtraining.requests} (default 300)
 * requests to {@code /} and a few to the readiness probe, checks every answer is 200, and exits; the JVM
 * writes the cache on exit. A service argument containing {@code {upstream}} (gate-server's
 * {@code --data-server.url={upstream}}) first starts a loopback stand-in for data-server (the same 9-byte
 * answer) and gets its URL, so gate-server's training takes the real relay path. Any failure exits with status 1 and says why on stderr.
 */
public final class TrainingRun {

    private static final byte[] ANSWER = "응, 답!".getBytes(StandardCharsets.UTF_8);

    private TrainingRun() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            fail("usage: TrainingRun <service.jar> <main class> [service arguments...]");
        }
        Path jar = Path.of(args[0]);
        if (!Files.isRegularFile(jar)) {
            fail("no service jar at " + jar);
        }
        int requests = Integer.getInteger("training.requests", 300);
        int port = freePort();
        List<String> serviceArgs = new ArrayList<>();
        String upstream = null;
        for (String arg : Arrays.asList(args).subList(2, args.length)) {
            if (arg.contains("{upstream}") && upstream == null) {
                upstream = "http://127.0.0.1:" + startUpstream();
            }
            serviceArgs.add(upstream == null ? arg : arg.replace("{upstream}", upstream));
        }
        serviceArgs.add("--server.port=" + port);
        serviceArgs.add("--server.address=127.0.0.1");

        URLClassLoader loader =
                new URLClassLoader("service", new URL[] {jar.toUri().toURL()}, TrainingRun.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class.forName(args[1], true, loader)
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) serviceArgs.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            e.getCause().printStackTrace();
            fail("the service did not start: " + e.getCause());
        }

        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        String base = "http://127.0.0.1:" + port;
        for (int i = 0; i < requests; i++) {
            expect200(client, base + "/");
            if (i % 50 == 0) {
                expect200(client, base + "/actuator/health/readiness");
                expect200(client, base + "/actuator/health/liveness");
            }
        }
        System.out.println("training run: " + requests + " requests answered 200; exiting to write the cache");
        System.exit(0);
    }

    private static void expect200(HttpClient client, String url) throws InterruptedException {
        try {
            HttpResponse<byte[]> response = client.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                fail("GET " + url + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            fail("GET " + url + " failed: " + e);
        }
    }

    private static int startUpstream() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain;charset=UTF-8");
            exchange.sendResponseHeaders(200, ANSWER.length);
            try (var body = exchange.getResponseBody()) {
                body.write(ANSWER);
            }
        });
        server.start();
        return server.getAddress().getPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void fail(String message) {
        System.err.println("training run failed: " + message);
        System.exit(1);
    }
}
