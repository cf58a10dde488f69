package ecstest.deploy.scaling;

import ecstest.deploy.DeployException;
import java.util.Locale;

/**
 * Fargate's on-demand Linux list prices per vCPU-hour and GB-hour in us-east-1 (aws.amazon.com/fargate/pricing,
 * 2026), for what `scale` says a change costs. Other regions list 10-30 % higher; the figure is an order of
 * magnitude for a decision at the prompt, not a bill, and says so.
 */
record FargatePrice(String architecture, double vcpuHour, double gbHour) {

    public static FargatePrice of(String architecture) {
        return switch (architecture == null ? "" : architecture.toUpperCase(Locale.ROOT)) {
            case "ARM64" -> new FargatePrice("ARM64", 0.03238, 0.00356);
            case "X86_64" -> new FargatePrice("X86_64", 0.04048, 0.004445);
            default -> throw new DeployException("CPU_ARCHITECTURE must be ARM64 or X86_64: " + architecture);
        };
    }

    /** One task of {@code cpu} units (1024 = 1 vCPU) and {@code memoryMib} MiB, per hour. */
    public double perHour(int cpu, int memoryMib) {
        return cpu / 1024.0 * vcpuHour + memoryMib / 1024.0 * gbHour;
    }

    public String source() {
        return "us-east-1 list prices for Linux/" + architecture + "; other regions 10-30 % more";
    }
}
