package ecstest.gate;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.function.SingletonSupplier;

/**
 * TLS for gate's HTTP client, set up at its first https connection instead of when the client is built.
 *
 * <p>HttpClient's connection manager otherwise builds the JVM's default TLS setup (trust store, public suffix
 * list) at once, and Boot's {@code RestClient.Builder} builds a request factory of its own before the
 * data-server client replaces it: a noticeable part of gate's start (bench/RESULTS.md, "Start-up") for an upstream that is plain http
 * in every stack.
 * The setup built at the first https connection is the one HttpClient would have built: the system default,
 * {@code javax.net.ssl.*} properties included.
 */
final class LazyTlsSocketStrategy implements TlsSocketStrategy {

    private final SingletonSupplier<TlsSocketStrategy> strategy =
            SingletonSupplier.of(DefaultClientTlsStrategy::createSystemDefault);

    /** For {@code withTlsSocketStrategyFactory}: gate has no SSL bundle, and says so if one is configured. */
    static TlsSocketStrategy withoutBundle(@Nullable SslBundle bundle) {
        if (bundle != null) {
            throw new IllegalStateException(
                    "gate-server's HTTP client takes no SSL bundle (spring.http.clients.ssl.bundle): its TLS is the JVM's default");
        }
        return new LazyTlsSocketStrategy();
    }

    @Override
    public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
            throws IOException {
        return strategy.obtain().upgrade(socket, target, port, attachment, context);
    }
}
