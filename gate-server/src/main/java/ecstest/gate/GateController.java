package ecstest.gate;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class GateController {

    private static final Logger log = LoggerFactory.getLogger(GateController.class);

    private final DataServerClient dataServer;

    GateController(DataServerClient dataServer) {
        this.dataServer = dataServer;
    }

    /**
     * data-server's bytes and content type, written to the response as they are. Returning them as a
     * {@code ResponseEntity} sent every request through Spring MVC's return-value handling (entity headers copied
     * into a second header map, a conditional-request check, the message converters, a flush), a measurable share of the
     * pair's CPU per request (bench/RESULTS.md). An upstream failure is thrown before anything is written, so it still becomes a
     * problem response ({@link UpstreamProblemHandler}).
     */
    @GetMapping("/")
    void relay(HttpServletResponse response) throws IOException {
        DataServerClient.Answer answer = dataServer.fetch();
        // one line per request; as JSON (task definitions) the pairs are fields beside traceId
        log.atInfo()
                .addKeyValue("status", 200)
                .addKeyValue("upstream_ms", answer.upstreamMillis())
                .log("GET / -> 200 (data-server {} ms)", answer.upstreamMillis());
        response.setContentType(answer.contentType().toString());
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }
}
