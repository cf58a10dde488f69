package ecstest.gate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class GateController {

    private static final Logger log = LoggerFactory.getLogger(GateController.class);

    private final DataServerClient dataServer;

    GateController(DataServerClient dataServer) {
        this.dataServer = dataServer;
    }

    @GetMapping("/")
    ResponseEntity<byte[]> relay() {
        DataServerClient.Answer answer = dataServer.fetch();
        // one line per request; as JSON (task definitions) the pairs are fields beside traceId
        log.atInfo()
                .addKeyValue("status", 200)
                .addKeyValue("upstream_ms", answer.upstreamMillis())
                .log("GET / -> 200 (data-server {} ms)", answer.upstreamMillis());
        return ResponseEntity.ok().contentType(answer.contentType()).body(answer.body());
    }
}
