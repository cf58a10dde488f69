package ecstest.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** smoke against a real HTTP server on loopback, answering right or wrong. */
class SmokeCommandTests {

    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aBoundedLoadOfRightAnswersPassesAndReportsPercentiles() throws IOException {
        start(200, "응, 답!");

        String[] outcome = run("--requests", "400", "--concurrency", "16");

        assertThat(outcome[0]).isEqualTo("0");
        assertThat(outcome[1])
                .contains("400 requests, 16 concurrent, 400 ok, 0 errors")
                .contains("latency ms: p50");
        assertThat(served).hasValue(400);
    }

    @Test
    void aWrongAnswerFailsAndSaysWhat() throws IOException {
        start(502, "{\"title\":\"Upstream unavailable\"}");

        String[] outcome = run("--requests", "3");

        assertThat(outcome[0]).isEqualTo("1");
        assertThat(outcome[2]).contains("3 × HTTP 502");
    }

    @Test
    void outOfBoundsLoadIsRefusedBeforeAnyRequest() throws IOException {
        start(200, "응, 답!");

        String[] outcome = run("--requests", "1000000");

        assertThat(outcome[0]).isEqualTo("1");
        assertThat(outcome[2]).contains("--requests must be 1 to 100000");
        assertThat(served).hasValue(0);
    }

    private void start(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            served.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain;charset=UTF-8");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    private String[] run(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "smoke";
        all[1] = "--url";
        all[2] = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        System.arraycopy(args, 0, all, 3, args.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EcsTestCli.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }
}
