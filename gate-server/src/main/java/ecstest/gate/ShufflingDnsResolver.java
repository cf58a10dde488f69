package ecstest.gate;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The system resolver, with the addresses in a new random order on every call. HttpClient connects to
 * the first address that answers, and the JVM caches one order per name for the DNS TTL: without the
 * shuffle every new connection in that window would go to the same data-server replica.
 */
final class ShufflingDnsResolver implements DnsResolver {

    private final DnsResolver delegate;

    ShufflingDnsResolver() {
        this(SystemDefaultDnsResolver.INSTANCE);
    }

    ShufflingDnsResolver(DnsResolver delegate) {
        this.delegate = delegate;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        List<InetAddress> addresses = Arrays.asList(delegate.resolve(host).clone());
        Collections.shuffle(addresses);
        return addresses.toArray(InetAddress[]::new);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return delegate.resolveCanonicalHostname(host);
    }
}
