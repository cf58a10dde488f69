package ecstest.gate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;

/**
 * Which of its two clients gate's call to data-server goes through, with a real OpenTelemetry tracer: a trace
 * that records nothing skips the observation but still passes its context on. Each client marks its calls with
 * a header of its own.
 */
class DataServerClientTracingTests {

    private static final String CLIENT = "x-test-client";

    @RegisterExtension
    final WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private SdkTracerProvider provider;

    /** The span the call was made in. */
    private String traceId;

    private String spanId;

    @AfterEach
    void closeTracer() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void anUnsampledTracePassesItsContextOnWithoutTheObservedClient() {
        LoggedRequest call = callWithin(Sampler.alwaysOff());

        assertThat(call.getHeader(CLIENT)).isEqualTo("unobserved");
        // flags: the sampled bit (01) off; 02 is W3C Trace Context Level 2's random-trace-id flag, which
        // OpenTelemetry (1.5x on) sets for the random ids of its default generator, as used here
        assertThat(call.getHeader("traceparent")).matches("00-" + traceId + "-" + spanId + "-0[02]");
    }

    @Test
    void aSampledTraceGoesThroughTheObservedClient() {
        LoggedRequest call = callWithin(Sampler.alwaysOn());

        // the observed client's observation (not built in this test) adds the client span and its traceparent
        assertThat(call.getHeader(CLIENT)).isEqualTo("observed");
    }

    /** One fetch inside a span of a tracer with the given sampler; the request data-server received. */
    private LoggedRequest callWithin(Sampler sampler) {
        upstream.stubFor(get("/").willReturn(aResponse()
                .withHeader("Content-Type", "text/plain;charset=UTF-8")
                .withBody("응, 답!")));
        provider = SdkTracerProvider.builder().setSampler(sampler).build();
        io.opentelemetry.api.trace.Tracer otel = provider.get("test");
        Tracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> {});
        OtelPropagator propagator =
                new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
        DataServerClientProperties properties = new DataServerClientProperties(
                URI.create(upstream.baseUrl()),
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                10,
                Duration.ofSeconds(20),
                DataSize.ofKilobytes(64));
        DataServerClient client = new DataServerClient(
                new DataServerClient.RestClients(
                        clientMarked("observed", properties), clientMarked("unobserved", properties)),
                tracer,
                propagator,
                properties);

        Span span = tracer.nextSpan().start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            traceId = span.context().traceId();
            spanId = span.context().spanId();
            assertThat(client.fetch().body()).isNotEmpty();
        } finally {
            span.end();
        }
        return upstream.findAll(getRequestedFor(urlEqualTo("/"))).getFirst();
    }

    private static RestClient clientMarked(String name, DataServerClientProperties properties) {
        return RestClient.builder()
                .requestFactory(DataServerClientConfiguration.requestFactory(properties))
                .defaultHeader(CLIENT, name)
                .build();
    }
}
