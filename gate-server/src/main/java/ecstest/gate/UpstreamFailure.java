package ecstest.gate;

import java.net.URI;
import org.springframework.http.HttpStatus;

/** data-server did not give a usable answer; {@link UpstreamProblemHandler} turns it into problem+json. */
class UpstreamFailure extends RuntimeException {

    private final HttpStatus status;
    private final URI upstream;
    private long upstreamMillis;

    UpstreamFailure(HttpStatus status, URI upstream, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.upstream = upstream;
    }

    /** Records how long gate waited for data-server (set once, where the call was timed). */
    UpstreamFailure took(long millis) {
        this.upstreamMillis = millis;
        return this;
    }

    HttpStatus status() {
        return status;
    }

    URI upstream() {
        return upstream;
    }

    /** How long gate waited for data-server before giving up. */
    long upstreamMillis() {
        return upstreamMillis;
    }
}
