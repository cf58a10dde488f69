package ecstest.gate;

import java.net.URI;
import org.springframework.http.HttpStatus;

/** data-server did not give a usable answer; {@link UpstreamProblemHandler} turns it into problem+json. */
class UpstreamFailure extends RuntimeException {

    private final HttpStatus status;
    private final URI upstream;

    UpstreamFailure(HttpStatus status, URI upstream, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.upstream = upstream;
    }

    HttpStatus status() {
        return status;
    }

    URI upstream() {
        return upstream;
    }
}
