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
        long started = System.nanoTime();
        DataServerClient.Answer answer = dataServer.fetch();
        log.info("GET / -> 200 (data-server {} ms)", (System.nanoTime() - started) / 1_000_000);
        return ResponseEntity.ok().contentType(answer.contentType()).body(answer.body());
    }
}
