package ecstest.gate;

import java.io.IOException;
import java.net.ConnectException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * One immediate retry of an idempotent request that never reached data-server: a refused or timed-out
 * connect (the address behind the name is gone; the retry resolves again and may find the next one),
 * or a pooled keep-alive connection the server had already closed. Never a retry after a read timeout
 * or on any response (those may have reached data-server and would double the wait), nor when gate's own
 * pool has no free connection ({@code ConnectionRequestTimeoutException} is none of the types below).
 */
final class ConnectFailureRetryStrategy implements HttpRequestRetryStrategy {

    private static final int MAX_RETRIES = 1;

    @Override
    public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
        return execCount <= MAX_RETRIES && isIdempotent(request) && neverReachedServer(exception);
    }

    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
        return false;
    }

    @Override
    public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
        return TimeValue.ZERO_MILLISECONDS;
    }

    static boolean neverReachedServer(IOException exception) {
        return exception instanceof ConnectException
                || exception instanceof ConnectTimeoutException
                || exception instanceof NoHttpResponseException;
    }

    private static boolean isIdempotent(HttpRequest request) {
        return Method.isIdempotent(request.getMethod());
    }
}
