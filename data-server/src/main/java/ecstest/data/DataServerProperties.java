package ecstest.data;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * data-server's own settings, bound from {@code shutdown.*} (environment: {@code SHUTDOWN_DRAIN_PERIOD}).
 *
 * @param drainPeriod how long a stopping data-server keeps answering with {@code Connection: close}
 *     before its graceful shutdown; keep it well under the task definition's {@code stopTimeout}
 */
@ConfigurationProperties("shutdown")
record DataServerProperties(Duration drainPeriod) {}
