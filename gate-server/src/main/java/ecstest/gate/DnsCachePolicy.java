package ecstest.gate;

import java.security.Security;

/**
 * Short DNS caching, because Cloud Map (and compose on a container restart) moves data-server to new
 * addresses under the same name, and the JVM would otherwise keep answering with the old ones: 30 s
 * for hits by default, 10 s for misses ({@code conf/security/java.security}).
 */
public final class DnsCachePolicy {

    /** How long a name's addresses are kept (the system tests wait this long for a moved data-server). */
    public static final int POSITIVE_TTL_SECONDS = 5;

    static final int NEGATIVE_TTL_SECONDS = 1;

    private DnsCachePolicy() {}

    /**
     * Sets the policy; an operator's {@code -Dsun.net.inetaddr.ttl} / {@code -Dsun.net.inetaddr.negative.ttl}
     * wins over ours. Those system properties are only a fallback for the security properties, and the
     * JDK's own java.security sets the negative one, so they are copied over rather than left to the JDK.
     * Has an effect only before the first name lookup.
     */
    static void apply() {
        Security.setProperty(
                "networkaddress.cache.ttl",
                System.getProperty("sun.net.inetaddr.ttl", Integer.toString(POSITIVE_TTL_SECONDS)));
        Security.setProperty(
                "networkaddress.cache.negative.ttl",
                System.getProperty("sun.net.inetaddr.negative.ttl", Integer.toString(NEGATIVE_TTL_SECONDS)));
    }
}
