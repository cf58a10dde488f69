package ecstest.gate;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs in a fresh JVM (the DNS cache policy is read once per JVM): applies gate's policy exactly as
 * {@link GateServerApplication#main} does, then prints how many milliseconds a cached hit and a cached
 * miss lived before the JVM asked the name service again, or -1 if it did not within the deadline.
 */
final class DnsTtlProbe {

    private static final long DEADLINE_MS = 8_000;

    public static void main(String[] args) {
        DnsCachePolicy.apply();
        System.out.println("positive=" + cacheLifetimeMillis("data-server" + ProbeResolverProvider.SUFFIX));
        System.out.println("negative=" + cacheLifetimeMillis("missing" + ProbeResolverProvider.SUFFIX));
    }

    private static long cacheLifetimeMillis(String host) {
        long started = System.nanoTime();
        resolve(host);
        while (ProbeResolverProvider.lookups(host) < 2) {
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (elapsed > DEADLINE_MS) {
                return -1;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            resolve(host);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static void resolve(String host) {
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException expected) {
            // a miss is what the negative half measures
        }
    }
}
