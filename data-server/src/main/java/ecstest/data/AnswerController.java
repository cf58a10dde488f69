package ecstest.data;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AnswerController {

    static final String ANSWER = "응, 답!";

    private static final Logger log = LoggerFactory.getLogger(AnswerController.class);

    // Pre-encoded once: the hot path writes the same 10 bytes every time.
    private static final byte[] ANSWER_BYTES = ANSWER.getBytes(StandardCharsets.UTF_8);

    private static final String TEXT_UTF8 = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8).toString();

    /**
     * The same bytes every time, written to the response as they are: not a {@code ResponseEntity}, which went
     * through Spring MVC's return-value handling and message converters on every request (with gate-server's
     * relay written the same way, the pair served more requests for less CPU each: bench/RESULTS.md, "Per-request
     * CPU").
     */
    @GetMapping("/")
    void answer(HttpServletResponse response) throws IOException {
        log.info("GET / -> 200");
        response.setContentType(TEXT_UTF8);
        response.setContentLength(ANSWER_BYTES.length);
        response.getOutputStream().write(ANSWER_BYTES);
    }
}
