package ecstest.data;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first step of a stop (SIGTERM from ECS or {@code docker stop}): for {@code drainPeriod} data-server
 * keeps answering, but with {@code Connection: close}, so every client's pooled keep-alive connection to
 * it is closed cleanly after its next answer. Only then does Boot's graceful shutdown close the listening
 * socket and the remaining connections. Without it, a busy client's pooled connections are all cut at
 * once, and a request sent on one fails even after a retry.
 */
@Component
@EnableConfigurationProperties(DataServerProperties.class)
class ShutdownDrain extends OncePerRequestFilter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

    private final Duration drainPeriod;
    private volatile boolean running;
    private volatile boolean draining;

    ShutdownDrain(DataServerProperties properties) {
        this.drainPeriod = properties.drainPeriod();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (draining) {
            response.setHeader("Connection", "close");
        }
        chain.doFilter(request, response);
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        draining = true;
        if (drainPeriod.isPositive()) {
            log.info("Draining for {}: answering with Connection: close before the graceful shutdown", drainPeriod);
            LockSupport.parkNanos(drainPeriod.toNanos());
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped first: before the web server's graceful shutdown, which closes the listening socket. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
