package ecstest.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Set;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;

class ShufflingDnsResolverTests {

    private final InetAddress[] replicas = {address(1), address(2), address(3)};

    private final DnsResolver fixedOrder = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) {
            return replicas;
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    };

    @Test
    void everyAddressComesFirstSometimesAndNoneIsLost() throws UnknownHostException {
        ShufflingDnsResolver resolver = new ShufflingDnsResolver(fixedOrder);
        Set<InetAddress> seenFirst = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            InetAddress[] resolved = resolver.resolve("data-server.ecs-test");
            assertThat(resolved).containsExactlyInAnyOrder(replicas);
            seenFirst.add(resolved[0]);
        }
        assertThat(seenFirst).containsExactlyInAnyOrder(replicas); // each misses 200 times with p = (2/3)^200
    }

    @Test
    void leavesTheResolversOwnArrayAlone() throws UnknownHostException {
        InetAddress[] before = replicas.clone();
        for (int i = 0; i < 20; i++) {
            new ShufflingDnsResolver(fixedOrder).resolve("data-server.ecs-test");
        }
        assertThat(replicas).containsExactly(before);
    }

    private static InetAddress address(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
        } catch (UnknownHostException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
