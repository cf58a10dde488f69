package ecstest.gate;

import java.io.IOException;
import java.net.SocketException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * One immediate retry of an idempotent request whose connection failed before any answer: a refused,
 * unroutable or timed-out connect (the address behind the name is gone; the retry connects again and
 * HttpClient tries every address the name has), or a keep-alive connection that a stopping data-server
 * closed or reset under us. Never a retry after a read timeout or on any response (data-server is slow
 * or failing, and a retry would double the wait), nor when gate's own pool has no free connection
 * ({@code ConnectionRequestTimeoutException} is none of the types below).
 */
final class ConnectFailureRetryStrategy implements HttpRequestRetryStrategy {

    private static final int MAX_RETRIES = 1;

    @Override
    public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
        return execCount <= MAX_RETRIES && isIdempotent(request) && failedBeforeAnswer(exception);
    }

    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
        return false;
    }

    @Override
    public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
        return TimeValue.ZERO_MILLISECONDS;
    }

    static boolean failedBeforeAnswer(IOException exception) {
        // ConnectTimeoutException is a SocketTimeoutException, not a SocketException: named on its own.
        return exception instanceof SocketException
                || exception instanceof ConnectTimeoutException
                || exception instanceof NoHttpResponseException;
    }

    private static boolean isIdempotent(HttpRequest request) {
        return Method.isIdempotent(request.getMethod());
    }
}
