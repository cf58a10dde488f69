package ecstest.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An HTTP proxy in front of an AWS API emulator that fails a share of the requests the way networks and AWS do: an
 * empty 503 (the request never reaches AWS), an answer lost after AWS acted on the request (the connection closes
 * without one), and a stall before the request goes on.
 *
 * <p>Which requests fail is fixed by the seed, per action and per occurrence of it ({@code CreateSubnet}'s third call),
 * not by the order of all requests: the polls of a wait vary in number from run to run, the calls that change
 * something do not, so a seed that fails a given create fails it in every run.
 */
public final class FaultyProxy implements AutoCloseable {

    public enum Fault {
        /** 503 with an empty body; the request is not forwarded. */
        UNAVAILABLE,
        /** Forwarded, so AWS acts on it; then the connection closes without an answer. */
        LOST,
        /** Held for the stall, then forwarded. */
        STALL
    }

    /** A fault the proxy injected: into which action, the how-many-th call of it, and which. */
    public record Injected(String action, int occurrence, Fault fault) {
        /** A call that makes something: Create*, Allocate*, Register*, Put*, Authorize*, Associate*, Attach*. */
        public boolean onCreate() {
            return List.of("Create", "Allocate", "Register", "Put", "Authorize", "Associate", "Attach").stream()
                    .anyMatch(action::startsWith);
        }

        /** A call that removes something: Delete*, Release*, Deregister*, Disassociate*, Detach*. */
        public boolean onDelete() {
            return List.of("Delete", "Release", "Deregister", "Disassociate", "Detach").stream()
                    .anyMatch(action::startsWith);
        }
    }

    /** Headers the JDK's client sets itself, or that describe one hop only. */
    private static final Set<String> HOP_BY_HOP =
            Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final HttpClient client;
    private final URI target;
    private final long seed;
    private final int percent;
    private final Duration stall;
    private final Map<String, AtomicInteger> occurrences = new ConcurrentHashMap<>();
    private final List<Injected> injected = new CopyOnWriteArrayList<>();
    private final List<String> actions = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> services = new java.util.concurrent.ConcurrentSkipListSet<>();
    private volatile boolean enabled = true;

    private FaultyProxy(URI target, long seed, int percent, Duration stall) throws IOException {
        this.target = target;
        this.seed = seed;
        this.percent = percent;
        this.stall = stall;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * @param percent the share of requests that fail, 0 to 100; the failures are split evenly among the faults
     * @param stall how long a stalled request is held
     */
    public static FaultyProxy start(URI target, long seed, int percent, Duration stall) throws IOException {
        return new FaultyProxy(target, seed, percent, stall);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every fault injected so far, in order. */
    public List<Injected> injected() {
        return List.copyOf(injected);
    }

    /** The action of every request so far, in order (with 0 percent of failures: a counting proxy). */
    public List<String> actions() {
        return List.copyOf(actions);
    }

    /** The actions that changed something: all but Describe*, List* and Get* (and Route 53's GETs). */
    public List<String> mutating() {
        return actions.stream()
                .filter(action -> !action.startsWith("Describe")
                        && !action.startsWith("List")
                        && !action.startsWith("Get")
                        && !action.startsWith("GET "))
                .toList();
    }

    /**
     * The AWS services the requests so far were signed for (SigV4's credential scope: {@code ssm}, {@code monitoring}
     * for CloudWatch...): which APIs a client reached through this proxy.
     */
    public java.util.Set<String> services() {
        return java.util.Set.copyOf(services);
    }

    private static java.util.Optional<String> signingService(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            return java.util.Optional.empty();
        }
        java.util.regex.Matcher scope = java.util.regex.Pattern.compile(
                        "Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request")
                .matcher(authorization);
        return scope.find() ? java.util.Optional.of(scope.group(1)) : java.util.Optional.empty();
    }

    /** Forgets the actions seen so far. */
    public void clearActions() {
        actions.clear();
    }

    /** Passes every request on unharmed (set-up and checks that are not under test) or, again, fails its share. */
    public void faults(boolean on) {
        enabled = on;
    }

    @Override
    public void close() {
        server.stop(0);
        client.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String action = action(exchange, body);
            actions.add(action);
            signingService(exchange).ifPresent(services::add);
            int occurrence = occurrences
                    .computeIfAbsent(action, a -> new AtomicInteger())
                    .incrementAndGet();
            Fault fault = enabled ? fate(action, occurrence) : null;
            if (fault != null) {
                injected.add(new Injected(action, occurrence, fault));
            }
            if (fault == Fault.UNAVAILABLE) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            if (fault == Fault.STALL) {
                LockSupport.parkNanos(stall.toNanos());
            }
            HttpResponse<byte[]> answer = forward(exchange, body);
            if (fault == Fault.LOST) {
                // an exception out of the handler makes the server close the connection without an answer
                throw new IOException("answer of " + action + " dropped on purpose");
            }
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
        }
    }

    private Fault fate(String action, int occurrence) {
        return fate(seed, percent, action, occurrence);
    }

    /** A fault for the {@code occurrence}-th call of the action, or none, decided by the seed alone. */
    public static Fault fate(long seed, int percent, String action, int occurrence) {
        long draw = mix(seed ^ mix(action.hashCode() * 31L + occurrence));
        long unit = Math.floorMod(draw, 300L);
        if (unit >= percent * 3L) {
            return null;
        }
        return Fault.values()[(int) (unit % 3)];
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException(ex);
        }
    }

    /**
     * The API action of a request: {@code X-Amz-Target}'s (JSON protocols: ECS, Cloud Map, Logs, ECR...), the form's
     * {@code Action} (query protocols: EC2, ELB, IAM, CloudWatch), or method and path (REST: Route 53).
     */
    static String action(HttpExchange exchange, byte[] body) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            return target.substring(target.lastIndexOf('.') + 1);
        }
        String form = new String(body, StandardCharsets.UTF_8);
        for (String pair : form.split("&")) {
            if (pair.startsWith("Action=")) {
                return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
            }
        }
        return exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    }
}
