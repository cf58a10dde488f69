package ecstest.deploy.smoke;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GETs the stack's URL and expects {@code 응, 답!}: once, or {@code requests} times with {@code concurrency}
 * in flight (the tutorial's {@code ab} test), measuring throughput, latency percentiles and errors.
 */
public final class LoadCheck {

    static final String ANSWER = "응, 답!";

    public record Result(
            int requests, int ok, Map<String, Integer> errors, Duration elapsed, List<Long> latenciesMicros) {

        public double requestsPerSecond() {
            return requests / Math.max(elapsed.toNanos() / 1e9, 1e-9);
        }

        public double percentileMillis(double p) {
            if (latenciesMicros.isEmpty()) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * latenciesMicros.size()) - 1;
            return latenciesMicros.get(Math.max(0, index)) / 1000.0;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    public Result run(URI url, int requests, int concurrency) throws InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        Map<String, Integer> errors = new ConcurrentHashMap<>();
        AtomicInteger ok = new AtomicInteger();
        Semaphore inFlight = new Semaphore(concurrency);
        long started = System.nanoTime();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                inFlight.acquire();
                workers.submit(() -> {
                    try {
                        long sent = System.nanoTime();
                        String problem = check(request);
                        latencies.add((System.nanoTime() - sent) / 1_000);
                        if (problem == null) {
                            ok.incrementAndGet();
                        } else {
                            errors.merge(problem, 1, Integer::sum);
                        }
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(
                requests, ok.get(), new TreeMap<>(errors), Duration.ofNanos(System.nanoTime() - started), sorted);
    }

    /** @return null when the answer is right, else what was wrong with it */
    private String check(HttpRequest request) {
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                return "HTTP " + response.statusCode();
            }
            return ANSWER.equals(response.body()) ? null : "unexpected body: " + abbreviate(response.body());
        } catch (IOException ex) {
            return ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 80 ? body.substring(0, 80) + "…" : body;
    }
}
