package ecstest.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.junit.jupiter.api.Test;

class ConnectFailureRetryStrategyTests {

    private final ConnectFailureRetryStrategy strategy = new ConnectFailureRetryStrategy();

    @Test
    void retriesAGetOnceWhenTheConnectionWasRefused() {
        assertThat(retries("GET", new HttpHostConnectException("refused"), 1)).isTrue();
        assertThat(retries("GET", new HttpHostConnectException("refused"), 2)).isFalse();
    }

    @Test
    void retriesConnectTimeoutsAndConnectionsClosedOrResetBeforeAnAnswer() {
        assertThat(retries("GET", new SocketException("Connection reset"), 1)).isTrue();
        assertThat(retries("GET", new ConnectTimeoutException("connect timed out"), 1))
                .isTrue();
        assertThat(retries("GET", new NoHttpResponseException("closed by server"), 1))
                .isTrue();
    }

    @Test
    void neverRetriesAReadTimeoutOrAFullPool() {
        assertThat(retries("GET", new SocketTimeoutException("Read timed out"), 1))
                .isFalse();
        assertThat(retries("GET", new ConnectionRequestTimeoutException("lease timed out"), 1))
                .isFalse();
        assertThat(retries("GET", new UnknownHostException("data-server.ecs-test"), 1))
                .isFalse();
    }

    @Test
    void neverRetriesANonIdempotentRequest() {
        assertThat(retries("POST", new ConnectException("refused"), 1)).isFalse();
    }

    @Test
    void neverRetriesOnAResponse() {
        assertThat(strategy.retryRequest(new BasicHttpResponse(503), 1, HttpClientContext.create()))
                .isFalse();
    }

    private boolean retries(String method, IOException failure, int execCount) {
        return strategy.retryRequest(
                new BasicClassicHttpRequest(method, "/"), failure, execCount, HttpClientContext.create());
    }
}
