package ecstest.gate;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/** Asks data-server for its answer and accepts only a well-formed text answer. */
@Component
class DataServerClient {

    /** What gate relays: data-server's bytes and content type, unchanged; and how long the call took. */
    record Answer(MediaType contentType, byte[] body, long upstreamMillis) {}

    /**
     * Two clients of data-server over one connection pool: one whose calls are observed (a client span, the call's
     * place in a recorded trace), and one whose calls are not. A call of a trace that records nothing (not sampled:
     * every untraced request with {@code management.tracing.sampling.probability: 0}) goes through the second and
     * only passes its trace context on, so data-server still logs the same trace id: the observation's unrecorded
     * span, its scope and its key values were a visible share of gate-server's request-thread CPU (bench/RESULTS.md,
     * "Per-request CPU").
     */
    record RestClients(RestClient observed, RestClient unobserved) {}

    private final RestClients clients;
    private final Tracer tracer;
    private final Propagator propagator;
    private final DataServerClientProperties properties;

    /**
     * data-server's {@code GET /}, resolved once: a path given to the client is parsed with its base URL and
     * parsed again into a {@link URI} on every call, a visible share of gate-server's request-thread CPU
     * (bench/RESULTS.md, "Per-request CPU").
     */
    private final URI answerUri;

    DataServerClient(
            RestClients dataServerRestClients,
            Tracer tracer,
            Propagator propagator,
            DataServerClientProperties properties) {
        this.clients = dataServerRestClients;
        this.tracer = tracer;
        this.propagator = propagator;
        this.properties = properties;
        this.answerUri =
                UriComponentsBuilder.fromUri(properties.url()).path("/").build().toUri();
    }

    Answer fetch() {
        long started = System.nanoTime();
        try {
            return request().exchange((request, response) -> {
                if (response.getStatusCode().value() != 200) {
                    throw failure(
                            HttpStatus.BAD_GATEWAY,
                            "answered HTTP " + response.getStatusCode().value(),
                            null);
                }
                MediaType type = response.getHeaders().getContentType();
                byte[] body = body(response);
                return new Answer(checkedType(type), checkedText(type, body), millisSince(started));
            });
        } catch (ResourceAccessException ex) {
            throw translate(ex).took(millisSince(started));
        } catch (UpstreamFailure failure) {
            throw failure.took(millisSince(started));
        }
    }

    private RestClient.RequestHeadersSpec<?> request() {
        TraceContext unrecorded = unrecordedTrace();
        if (unrecorded == null) {
            return clients.observed().get().uri(answerUri);
        }
        return clients.unobserved()
                .get()
                .uri(answerUri)
                .headers(headers -> propagator.inject(unrecorded, headers, HttpHeaders::set));
    }

    /** The current trace's context if it records nothing (not sampled), else null: the call is then observed. */
    private TraceContext unrecordedTrace() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return null;
        }
        TraceContext context = span.context();
        return Boolean.FALSE.equals(context.sampled()) ? context : null;
    }

    /**
     * The answer's bytes, no more than {@code data-server.max-answer-size}. With the length declared (as data-server
     * declares it) the body is read into one array of that length: {@code readAllBytes} reads into a new 16 KB
     * buffer and copies out what it got, which was a third of everything gate-server allocated per request.
     */
    private byte[] body(ClientHttpResponse response) throws IOException {
        long limit = properties.maxAnswerSize().toBytes();
        long declared = response.getHeaders().getContentLength();
        if (declared > limit) {
            throw unread(response, declared + " bytes");
        }
        byte[] body = response.getBody().readNBytes((int) (declared >= 0 ? declared : limit + 1));
        if (body.length > limit) {
            throw unread(response, "more than " + limit + " bytes");
        }
        return body;
    }

    /**
     * An answer too large to relay, whose rest is not read: its connection is closed, not drained for reuse (as
     * RestClient's close of the response would, for as long as data-server kept sending).
     */
    private UpstreamFailure unread(ClientHttpResponse response, String size) throws IOException {
        if (response.getBody() instanceof EofSensorInputStream body) {
            body.abort();
        }
        return failure(
                HttpStatus.BAD_GATEWAY,
                "answered " + size + ", more than data-server.max-answer-size (" + properties.maxAnswerSize() + ")",
                null);
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private MediaType checkedType(MediaType type) {
        if (type == null || !"text".equals(type.getType())) {
            throw failure(
                    HttpStatus.BAD_GATEWAY,
                    "answered " + (type == null ? "without a content type" : type) + ", not text",
                    null);
        }
        return type;
    }

    private byte[] checkedText(MediaType type, byte[] body) {
        Charset charset = type.getCharset() != null ? type.getCharset() : StandardCharsets.UTF_8;
        try {
            charset.newDecoder().decode(ByteBuffer.wrap(body));
            return body;
        } catch (CharacterCodingException ex) {
            throw failure(HttpStatus.BAD_GATEWAY, "answered a body that is not valid " + charset.name(), ex);
        }
    }

    private UpstreamFailure translate(ResourceAccessException ex) {
        Throwable cause = ex.getCause();
        // Order matters: ConnectTimeoutException is a SocketTimeoutException.
        if (cause instanceof UnknownHostException) {
            return failure(HttpStatus.BAD_GATEWAY, "cannot be resolved (" + cause.getMessage() + ")", ex);
        }
        // A connect that timed out never reached data-server: unavailable (502), like a refused one.
        // 504 is kept for a data-server that took the request and did not answer in time.
        if (cause instanceof ConnectTimeoutException) {
            return failure(HttpStatus.BAD_GATEWAY, "could not be connected within " + properties.connectTimeout(), ex);
        }
        if (cause instanceof ConnectionRequestTimeoutException) {
            return failure(
                    HttpStatus.BAD_GATEWAY,
                    "could not be reached: all " + properties.maxConnections() + " connections stayed busy for "
                            + properties.connectTimeout(),
                    ex);
        }
        if (cause instanceof SocketTimeoutException) {
            return failure(HttpStatus.GATEWAY_TIMEOUT, "did not answer within " + properties.readTimeout(), ex);
        }
        String reason =
                cause instanceof IOException io && io.getMessage() != null ? io.getMessage() : String.valueOf(cause);
        return failure(HttpStatus.BAD_GATEWAY, "is unreachable (" + reason + ")", ex);
    }

    private UpstreamFailure failure(HttpStatus status, String what, Throwable cause) {
        URI upstream = properties.url();
        return new UpstreamFailure(status, upstream, "data-server at " + upstream + " " + what, cause);
    }
}
