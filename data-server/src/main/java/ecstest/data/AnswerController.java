package ecstest.data;

import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AnswerController {

    static final String ANSWER = "응, 답!";

    private static final Logger log = LoggerFactory.getLogger(AnswerController.class);

    // Pre-encoded once: the hot path writes the same 10 bytes every time.
    private static final byte[] ANSWER_BYTES = ANSWER.getBytes(StandardCharsets.UTF_8);

    private static final MediaType TEXT_UTF8 = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

    @GetMapping("/")
    ResponseEntity<byte[]> answer() {
        log.info("GET / -> 200");
        return ResponseEntity.ok().contentType(TEXT_UTF8).body(ANSWER_BYTES);
    }
}
