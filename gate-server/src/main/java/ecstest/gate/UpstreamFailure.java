package ecstest.gate;

import java.net.URI;
import org.springframework.http.HttpStatus;

/** data-server did not give a usable answer; {@link UpstreamProblemHandler} turns it into problem+json. */
class UpstreamFailure extends RuntimeException {

    private final HttpStatus status;
    private final URI upstream;
    private final long upstreamMillis;

    UpstreamFailure(HttpStatus status, URI upstream, String detail, Throwable cause, long upstreamMillis) {
        super(detail, cause);
        this.status = status;
        this.upstream = upstream;
        this.upstreamMillis = upstreamMillis;
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
