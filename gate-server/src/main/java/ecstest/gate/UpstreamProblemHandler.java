package ecstest.gate;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Upstream failures become RFC 9457 problem details: a deliberate 502/504, never a 500 with a trace. */
@RestControllerAdvice
class UpstreamProblemHandler {

    static final URI UNAVAILABLE = URI.create("urn:ecs-test:problem:upstream-unavailable");
    static final URI TIMEOUT = URI.create("urn:ecs-test:problem:upstream-timeout");

    private static final Logger log = LoggerFactory.getLogger(UpstreamProblemHandler.class);

    @ExceptionHandler
    ProblemDetail upstreamFailure(UpstreamFailure failure) {
        log.warn("GET / -> {}: {}", failure.status().value(), failure.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(failure.status(), failure.getMessage());
        boolean timeout = failure.status() == HttpStatus.GATEWAY_TIMEOUT;
        problem.setType(timeout ? TIMEOUT : UNAVAILABLE);
        problem.setTitle(timeout ? "Upstream timed out" : "Upstream unavailable");
        problem.setProperty("upstream", failure.upstream().toString());
        return problem;
    }
}
