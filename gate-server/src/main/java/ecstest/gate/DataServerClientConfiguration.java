package ecstest.gate;

import io.micrometer.observation.ObservationRegistry;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class DataServerClientConfiguration {

    /** Pooled connections idle longer than this are checked before reuse (a restarted data-server closed them). */
    private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(1);

    /**
     * The builder Boot's {@code RestClient.Builder} takes its request factory from, with TLS set up at the first
     * https connection ({@link LazyTlsSocketStrategy}): that builder builds a factory at once, which the
     * data-server client then replaces with its own.
     */
    @Bean
    HttpComponentsClientHttpRequestFactoryBuilder clientHttpRequestFactoryBuilder() {
        return httpComponents();
    }

    /** Boot's builder observes calls; the unobserved client is its copy without: see {@link DataServerClient}. */
    @Bean
    DataServerClient.RestClients dataServerRestClients(
            RestClient.Builder builder, DataServerClientProperties properties) {
        // no base URL: DataServerClient asks for data-server's URI in full, resolved once
        RestClient.Builder shared = builder.requestFactory(requestFactory(properties));
        return new DataServerClient.RestClients(
                shared.clone().build(),
                shared.clone().observationRegistry(ObservationRegistry.NOOP).build());
    }

    static ClientHttpRequestFactory requestFactory(DataServerClientProperties properties) {
        HttpClientSettings settings = HttpClientSettings.defaults()
                .withConnectTimeout(properties.connectTimeout())
                .withReadTimeout(properties.readTimeout());
        return httpComponents()
                .withConnectionManagerCustomizer(pool -> pool.setMaxConnTotal(properties.maxConnections())
                        .setMaxConnPerRoute(properties.maxConnections())
                        .setDnsResolver(new ShufflingDnsResolver()))
                .withConnectionConfigCustomizer(connection -> connection
                        .setTimeToLive(TimeValue.of(properties.connectionTimeToLive()))
                        .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY))
                .withDefaultRequestConfigCustomizer(request ->
                        // a full pool fails instead of queueing without bound, after as long as an answer may take:
                        // at a task's 0.25 vCPU under overload the lease alone waited over the 500 ms connect
                        // timeout for CPU (a 502 in the tutorial's ab -c 1000), with the pool far from full
                        request.setConnectionRequestTimeout(Timeout.of(properties.readTimeout())))
                .withHttpClientCustomizer(client -> client.setRetryStrategy(new ConnectFailureRetryStrategy())
                        // data-server is in the stack's private network, never behind a proxy: the system route
                        // planner asks the JVM's ProxySelector on every request (useSystemProperties)
                        .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
                        // an 8-byte answer: no Accept-Encoding and decoder chain, no cookies or credentials to
                        // look for, and a redirect is a wrong answer (502), not something to follow
                        .disableContentCompression()
                        .disableCookieManagement()
                        .disableAuthCaching()
                        .disableRedirectHandling())
                .build(settings);
    }

    private static HttpComponentsClientHttpRequestFactoryBuilder httpComponents() {
        return ClientHttpRequestFactoryBuilder.httpComponents()
                .withTlsSocketStrategyFactory(LazyTlsSocketStrategy::withoutBundle);
    }
}
