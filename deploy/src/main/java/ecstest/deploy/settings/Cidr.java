package ecstest.deploy.settings;

import ecstest.deploy.DeployException;

/** An IPv4 CIDR block, parsed strictly (AWS rejects host bits and malformed blocks; so does this). */
public record Cidr(long network, int prefix) {

    public static Cidr parse(String text) {
        String[] parts = text.split("/", -1);
        String[] octets = parts[0].split("\\.", -1);
        if (parts.length != 2 || octets.length != 4) {
            throw invalid("expected a.b.c.d/n");
        }
        long address = 0;
        for (String octet : octets) {
            int value = parseInt(octet, 255);
            address = (address << 8) | value;
        }
        int prefix = parseInt(parts[1], 32);
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        if ((address & ~mask & 0xFFFFFFFFL) != 0) {
            throw invalid("host bits are set; the network is " + format(address & mask) + "/" + prefix);
        }
        return new Cidr(address, prefix);
    }

    long size() {
        return 1L << (32 - prefix);
    }

    public boolean contains(Cidr other) {
        return other.prefix >= prefix && (other.network & ~(size() - 1) & 0xFFFFFFFFL) == network;
    }

    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    private static int parseInt(String text, int max) {
        if (!text.matches("\\d{1,3}") || Integer.parseInt(text) > max) {
            throw invalid("'" + text + "' is not a number from 0 to " + max);
        }
        return Integer.parseInt(text);
    }

    private static String format(long address) {
        return (address >> 24 & 255) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "." + (address & 255);
    }

    private static DeployException invalid(String why) {
        return new DeployException(why);
    }
}
