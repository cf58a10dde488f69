package ecstest.gate;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

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
 * @param maxAnswerSize the largest answer gate relays (each request thread holds its answer in memory); a
 *     larger one is a bad gateway (502), and its connection is closed rather than read to the end
 */
@ConfigurationProperties("data-server")
record DataServerClientProperties(
        URI url,
        Duration connectTimeout,
        Duration readTimeout,
        int maxConnections,
        Duration connectionTimeToLive,
        DataSize maxAnswerSize) {

    /**
     * At this size, an answer held by each of gate-server's request threads (server.tomcat.threads.max, 16) is
     * 16 MiB, a sixth of a 512 MiB task's 94 MiB heap.
     */
    static final DataSize MAX_ANSWER_SIZE_LIMIT = DataSize.ofMegabytes(1);

    DataServerClientProperties {
        if (maxAnswerSize == null
                || maxAnswerSize.toBytes() < 1
                || maxAnswerSize.compareTo(MAX_ANSWER_SIZE_LIMIT) > 0) {
            throw new IllegalArgumentException("data-server.max-answer-size must be between 1B and "
                    + MAX_ANSWER_SIZE_LIMIT.toKilobytes() + "KB, not " + maxAnswerSize);
        }
    }
}
