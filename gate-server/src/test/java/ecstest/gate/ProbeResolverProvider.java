package ecstest.gate;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A name service for {@link DnsTtlProbe}: names under {@code .dns-probe.test} answer a new address on
 * every real lookup (or fail, for {@code missing.*}) and are counted, so the probe sees exactly when
 * the JVM's cache asked again. Every other name goes to the JDK's own resolver, since this provider
 * is on the whole test classpath.
 */
public final class ProbeResolverProvider extends InetAddressResolverProvider {

    static final String SUFFIX = ".dns-probe.test";

    private static final Map<String, AtomicInteger> LOOKUPS = new ConcurrentHashMap<>();

    static int lookups(String host) {
        return LOOKUPS.getOrDefault(host, new AtomicInteger()).get();
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                if (!host.endsWith(SUFFIX)) {
                    return builtin.lookupByName(host, policy);
                }
                int count =
                        LOOKUPS.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
                if (host.startsWith("missing.")) {
                    throw new UnknownHostException(host);
                }
                return Stream.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, (byte) count}));
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return builtin.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "ecs-test dns probe";
    }
}
