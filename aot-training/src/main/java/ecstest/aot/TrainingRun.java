package ecstest.aot;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * requests to {@code /} on a connection each and a few to the health probes, then the load a task gets behind
 * the load balancer: {@code -Dtraining.load.requests} (default 40,000) requests to {@code /} over
 * {@code -Dtraining.load.connections} (default 8) kept-alive connections at once. It checks every answer is 200,
 * and exits; the JVM writes the cache on exit. The load is what puts the request path's methods into the cache
 * with the profiles the optimizing compiler (C2) needs (JEP 515), so a new task compiles them from its first
 * requests instead of first profiling them for minutes at a quarter of a core. A service argument containing {@code {upstream}} (gate-server's
 * {@code --data-server.url={upstream}}) first starts a loopback stand-in for data-server (the same 9-byte
 * answer) and gets its URL, so gate-server's training takes the real relay path. Any failure exits with status 1 and says why on stderr.
 */
public final class TrainingRun {

    private static final byte[] ANSWER = "응, 답!".getBytes(StandardCharsets.UTF_8);

    /**
     * How long one answer may take: a few seconds natively; under another platform's emulation the first request of
     * a path (its classes loaded and interpreted many times slower) takes longer, so aot-cache.sh gives it more.
     */
    private static final int READ_TIMEOUT_MILLIS = Integer.getInteger("training.read.timeout.seconds", 5) * 1_000;

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

        String host = "127.0.0.1";
        for (int i = 0; i < requests; i++) {
            expect200(host, port, "/");
            if (i % 50 == 0) {
                expect200(host, port, "/actuator/health/readiness");
                expect200(host, port, "/actuator/health/liveness");
            }
        }
        int loadRequests = Integer.getInteger("training.load.requests", 40_000);
        int loadConnections = Integer.getInteger("training.load.connections", 8);
        load(host, port, loadRequests, loadConnections);
        System.out.println(
                "training run: " + (requests + loadRequests) + " requests answered 200; exiting to write the cache");
        System.exit(0);
    }

    /**
     * One GET on its own connection, read to the end. Plain sockets rather than the JDK's HTTP client or
     * server: classes loaded here land in the cache too, and the services use neither.
     */
    private static void expect200(String host, int port, String path) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!response.startsWith("HTTP/1.1 200 ")) {
                fail("GET " + path + " answered: " + response);
            }
        } catch (IOException e) {
            fail("GET " + path + " failed: " + e);
        }
    }

    /** {@code requests} GETs of {@code /}, shared by {@code connections} threads, each on one kept-alive connection. */
    private static void load(String host, int port, int requests, int connections) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int share = requests / connections + (c < requests % connections ? 1 : 0);
            threads.add(Thread.ofPlatform().name("training-load-" + c).start(() -> keepAlive(host, port, share)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static void keepAlive(String host, int port, int requests) {
        byte[] request =
                ("GET / HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            var in = new BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < requests; i++) {
                out.write(request);
                out.flush();
                readResponse(in);
            }
        } catch (IOException e) {
            fail("GET / on a kept-alive connection failed: " + e);
        }
    }

    /** Reads one response with a Content-Length body; anything but a 200 (or a body of unknown length) fails the run. */
    private static void readResponse(BufferedInputStream in) throws IOException {
        String status = readLine(in);
        int length = -1;
        for (String line; !(line = readLine(in)).isEmpty(); ) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        if (!status.startsWith("HTTP/1.1 200 ") || length < 0) {
            fail("GET / on a kept-alive connection answered: " + status
                    + (length < 0 ? " without a Content-Length" : ""));
        }
        if (in.readNBytes(length).length != length) {
            throw new IOException("the connection closed inside a response body");
        }
    }

    private static String readLine(BufferedInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b == -1) {
                throw new IOException("the connection closed inside a response head");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** A loopback stand-in for data-server: the same answer on every request, connections kept alive. */
    private static int startUpstream() throws IOException {
        ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: " + ANSWER.length
                        + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        // one write per answer: head and body in two segments wait ~40 ms each for the client's delayed ACK (Nagle)
        byte[] response = Arrays.copyOf(head, head.length + ANSWER.length);
        System.arraycopy(ANSWER, 0, response, head.length, ANSWER.length);
        Thread.ofPlatform().daemon().name("upstream-accept").start(() -> {
            while (true) {
                try {
                    Socket connection = server.accept();
                    Thread.ofPlatform().daemon().start(() -> answer(connection, response));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    private static void answer(Socket connection, byte[] response) {
        try (connection) {
            connection.setTcpNoDelay(true);
            var in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            int matched = 0; // of the blank line that ends a request's head: \r\n\r\n
            for (int b; (b = in.read()) != -1; ) {
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == 4) {
                    out.write(response);
                    out.flush();
                    matched = 0;
                }
            }
        } catch (IOException e) {
            // the client closed the connection: nothing to answer
        }
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
