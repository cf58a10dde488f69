package ecstest.deploy.pricing;

import java.util.ArrayList;
import java.util.List;

/**
 * What a stack costs per month: a line per thing that bills by the hour (how many, for how much), and the rates of what
 * bills by use (per GB processed, per LCU-hour), which no stack can know in advance.
 */
public record Bill(Prices prices, List<Line> lines, List<Rate> rates) {

    /** Something billed by the hour, for a month: {@code count} of it at {@code hourly} each. */
    public record Line(String what, int count, double hourly, double monthly) {}

    /** A price per unit of use, e.g. NAT data processing per GB. */
    public record Rate(String what, double price, String unit) {}

    public Bill {
        lines = List.copyOf(lines);
        rates = List.copyOf(rates);
    }

    public double monthly() {
        return lines.stream().mapToDouble(Line::monthly).sum();
    }

    /** Builds a bill line by line, in the prices of one region. */
    public static final class Builder {
        private final Prices prices;
        private final List<Line> lines = new ArrayList<>();
        private final List<Rate> rates = new ArrayList<>();

        public Builder(Prices prices) {
            this.prices = prices;
        }

        public Prices prices() {
            return prices;
        }

        /** {@code count} of something billed {@code hourly} each, for the table's month. */
        public Builder hourly(String what, int count, double hourly) {
            if (count > 0) {
                lines.add(new Line(what, count, hourly, count * hourly * prices.hoursPerMonth()));
            }
            return this;
        }

        /** {@code count} of something billed {@code monthly} each. */
        public Builder monthly(String what, int count, double monthly) {
            if (count > 0) {
                lines.add(new Line(what, count, monthly / prices.hoursPerMonth(), count * monthly));
            }
            return this;
        }

        public Builder rate(String what, double price, String unit) {
            rates.add(new Rate(what, price, unit));
            return this;
        }

        public Bill build() {
            return new Bill(prices, lines, rates);
        }
    }

    /** The bill as lines for a terminal: one per line and rate, then the total. */
    public List<String> text() {
        List<String> text = new ArrayList<>();
        for (Line line : lines) {
            text.add("  %-46s %3d × $%.4f/h  $%8.2f"
                    .formatted(line.what(), line.count(), line.hourly(), line.monthly()));
        }
        text.add("  %-46s                 $%8.2f per month".formatted("total", monthly()));
        for (Rate rate : rates) {
            text.add("  %-46s  + $%.3f per %s".formatted(rate.what(), rate.price(), rate.unit()));
        }
        return text;
    }
}
