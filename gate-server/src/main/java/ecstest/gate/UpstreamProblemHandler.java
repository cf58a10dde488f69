package ecstest.gate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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

    /** Counted per answer status (502 unavailable, 504 timed out): what an alarm on upstream errors watches. */
    static final String UPSTREAM_ERRORS = "gate.upstream.errors";

    private static final Logger log = LoggerFactory.getLogger(UpstreamProblemHandler.class);

    private final Counter unavailable;
    private final Counter timedOut;

    UpstreamProblemHandler(MeterRegistry meters) {
        this.unavailable = upstreamErrors(meters, HttpStatus.BAD_GATEWAY);
        this.timedOut = upstreamErrors(meters, HttpStatus.GATEWAY_TIMEOUT);
    }

    private static Counter upstreamErrors(MeterRegistry meters, HttpStatus status) {
        return Counter.builder(UPSTREAM_ERRORS)
                .description("GET / answered without data-server's answer")
                .tag("status", String.valueOf(status.value()))
                .register(meters);
    }

    @ExceptionHandler
    ProblemDetail upstreamFailure(UpstreamFailure failure) {
        boolean timeout = failure.status() == HttpStatus.GATEWAY_TIMEOUT;
        (timeout ? timedOut : unavailable).increment();
        log.atWarn()
                .addKeyValue("status", failure.status().value())
                .addKeyValue("upstream_ms", failure.upstreamMillis())
                .log("GET / -> {}: {}", failure.status().value(), failure.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(failure.status(), failure.getMessage());
        problem.setType(timeout ? TIMEOUT : UNAVAILABLE);
        problem.setTitle(timeout ? "Upstream timed out" : "Upstream unavailable");
        problem.setProperty("upstream", failure.upstream().toString());
        return problem;
    }
}
