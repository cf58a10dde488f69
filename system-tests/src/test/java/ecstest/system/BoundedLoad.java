package ecstest.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * GET requests from a fixed number of workers until stopped, or until a request count or a duration is
 * reached, whichever comes first. Every answer other than 200 with the expected body is a failure.
 */
final class BoundedLoad {

    record Result(long ok, List<String> failures) {
        List<String> firstFailures() {
            return failures.stream().limit(5).toList();
        }
    }

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ok = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    private BoundedLoad() {}

    static BoundedLoad start(HttpClient http, URI uri, int concurrency, long maxRequests, Duration maxDuration) {
        BoundedLoad load = new BoundedLoad();
        long deadline = System.nanoTime() + maxDuration.toNanos();
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < concurrency; i++) {
            load.workers.submit(() -> {
                while (load.running.get() && load.completed() < maxRequests && System.nanoTime() < deadline) {
                    load.record(http, request);
                }
            });
        }
        return load;
    }

    private void record(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() == 200 && PairContainerTests.ANSWER.equals(response.body())) {
                ok.incrementAndGet();
            } else {
                failures.add(response.statusCode() + " " + response.body());
            }
        } catch (Exception ex) {
            failures.add(ex.toString());
        }
    }

    long completed() {
        return ok.get() + failures.size();
    }

    void awaitCompleted(long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (completed() < count) {
            assertThat(System.nanoTime())
                    .as("%d requests within %s", count, timeout)
                    .isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    Result stop() throws InterruptedException {
        running.set(false);
        workers.shutdown();
        assertThat(workers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        return new Result(ok.get(), List.copyOf(failures));
    }
}
