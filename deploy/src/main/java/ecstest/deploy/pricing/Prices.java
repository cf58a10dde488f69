package ecstest.deploy.pricing;

import ecstest.deploy.DeployException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * AWS's list prices for one region, from the table in the repository ({@code prices.json}: its date and the pages it
 * was read from). A region the table lacks is priced at the nearest it has, us-east-1, and says so.
 *
 * @param region the region these are the prices of
 * @param asked the stack's region (another when the table lacks it)
 */
public record Prices(
        String region,
        String asked,
        String date,
        List<String> sources,
        double hoursPerMonth,
        Map<String, Double> fargateVcpuHour,
        Map<String, Double> fargateGbHour,
        double natGatewayHour,
        double natGatewayGb,
        double publicIpv4Hour,
        double interfaceEndpointHour,
        double interfaceEndpointGb,
        double loadBalancerHour,
        double loadBalancerLcuHour,
        double alarmMonth,
        double logsIngestionGb) {

    static final String FALLBACK = "us-east-1";
    private static final JsonNode TABLE = read();

    private static JsonNode read() {
        try (InputStream in = Prices.class.getResourceAsStream("prices.json")) {
            if (in == null) {
                throw new IllegalStateException("prices.json is missing from the CLI's jar");
            }
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot read prices.json", ex);
        }
    }

    /** The prices of the region, or of us-east-1 when the table has none for it. */
    public static Prices of(String region) {
        JsonNode regions = TABLE.get("regions");
        String priced = regions.has(region) ? region : FALLBACK;
        JsonNode r = regions.get(priced);
        List<String> sources = new ArrayList<>();
        TABLE.get("sources").forEach(source -> sources.add(source.asString()));
        return new Prices(
                priced,
                region,
                TABLE.get("date").asString(),
                List.copyOf(sources),
                TABLE.get("hoursPerMonth").asDouble(),
                byArchitecture(r.get("fargateVcpuHour")),
                byArchitecture(r.get("fargateGbHour")),
                r.get("natGatewayHour").asDouble(),
                r.get("natGatewayGb").asDouble(),
                r.get("publicIpv4Hour").asDouble(),
                r.get("interfaceEndpointHour").asDouble(),
                r.get("interfaceEndpointGb").asDouble(),
                r.get("loadBalancerHour").asDouble(),
                r.get("loadBalancerLcuHour").asDouble(),
                r.get("alarmMonth").asDouble(),
                r.get("logsIngestionGb").asDouble());
    }

    /** The regions the table prices. */
    public static List<String> regions() {
        return List.copyOf(TABLE.get("regions").propertyNames());
    }

    private static Map<String, Double> byArchitecture(JsonNode node) {
        Map<String, Double> prices = new TreeMap<>();
        node.propertyNames().forEach(name -> prices.put(name, node.get(name).asDouble()));
        return Map.copyOf(prices);
    }

    /** One Fargate task of {@code cpu} units (1024 = 1 vCPU) and {@code memoryMib} MiB, per hour. */
    public double taskHour(String architecture, int cpu, int memoryMib) {
        Double vcpu = fargateVcpuHour.get(architecture);
        Double gb = fargateGbHour.get(architecture);
        if (vcpu == null || gb == null) {
            throw new DeployException("no Fargate price for CPU_ARCHITECTURE=" + architecture + " (the table has "
                    + String.join(", ", fargateVcpuHour.keySet()) + ")");
        }
        return cpu / 1024.0 * vcpu + memoryMib / 1024.0 * gb;
    }

    /** Where the figures come from, in one line. */
    public String source() {
        return "on-demand list prices of " + region + " as of " + date
                + (region.equals(asked) ? "" : ", for want of " + asked + "'s in the table")
                + " (deploy/src/main/resources/ecstest/deploy/pricing/prices.json)";
    }
}
