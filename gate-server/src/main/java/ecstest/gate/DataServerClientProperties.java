package ecstest.gate;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How gate-server reaches data-server. Bound from {@code data-server.*}, so each setting has an
 * environment variable of the same name: {@code DATA_SERVER_URL}, {@code DATA_SERVER_READ_TIMEOUT}, …
 *
 * @param url base URL; on compose and ECS the name {@code data-server.ecs-test} resolves to the service
 * @param connectTimeout how long to wait for a TCP connection (and for a free pooled one)
 * @param readTimeout how long to wait for the answer once connected
 * @param maxConnections pooled keep-alive connections to data-server
 * @param connectionTimeToLive a pooled connection is closed after this long, so that addresses that
 *     appear behind the name are picked up
 */
@ConfigurationProperties("data-server")
record DataServerClientProperties(
        URI url, Duration connectTimeout, Duration readTimeout, int maxConnections, Duration connectionTimeToLive) {}
