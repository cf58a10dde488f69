package ecstest.deploy.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import ecstest.deploy.fixtures.TestStack;
import ecstest.deploy.stack.StackPlan;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stack's bill against totals worked out by hand from prices.json (a month is 730 hours), for two configurations
 * in two regions: each line, the total, and the same stack with the other EGRESS modes.
 */
class BillTests {

    @Test
    void theDefaultStackInSeoul() {
        Bill bill = StackPlan.bill(TestStack.settings(Map.of("REGION", "ap-northeast-2")));

        // NAT gateway        1 × 0.059  × 730 = 43.07
        // its Elastic IP     1 × 0.005  × 730 =  3.65
        // load balancer      1 × 0.0225 × 730 = 16.425
        // its IPv4 (2 AZs)   2 × 0.005  × 730 =  7.30
        // rollout alarms     3 × 0.10         =  0.30
        // data-server task   1 × (0.25 × 0.03725 + 0.5 × 0.00409) × 730 = 0.0113575 × 730 = 8.290975
        // gate-server task   the same                                                    = 8.290975
        // target tracking    2 × 0.10         =  0.20
        // total                                 87.52695
        assertThat(bill.prices().region()).isEqualTo("ap-northeast-2");
        assertThat(bill.lines())
                .extracting(Bill.Line::what, Bill.Line::count)
                .containsExactly(
                        tuple("NAT gateway", 1),
                        tuple("its Elastic IP (public IPv4 address)", 1),
                        tuple("load balancer", 1),
                        tuple("its public IPv4 addresses (one per AZ)", 2),
                        tuple("CloudWatch alarms that roll deployments back", 3),
                        tuple("data-server tasks (0.25 vCPU, 0.5 GB, ARM64)", 1),
                        tuple("gate-server tasks (0.25 vCPU, 0.5 GB, ARM64)", 1),
                        tuple("target-tracking alarms (two per scaling policy)", 2));
        assertThat(bill.lines().get(0).monthly()).isCloseTo(43.07, within(1e-9));
        assertThat(bill.lines().get(5).monthly()).isCloseTo(8.290975, within(1e-9));
        assertThat(bill.monthly()).isCloseTo(87.52695, within(1e-9));
        assertThat(bill.rates())
                .extracting(Bill.Rate::what, Bill.Rate::price)
                .contains(tuple("NAT gateway data processing", 0.059), tuple("log ingestion (CloudWatch Logs)", 0.76));

        // EGRESS=public: no NAT gateway or Elastic IP (-43.07 - 3.65), a public IPv4 per task (+2 × 3.65)
        //   = 87.52695 - 46.72 + 7.30 = 48.10695
        // EGRESS=endpoints: no NAT gateway or Elastic IP, 5 interface endpoints × 2 AZs × 0.013 × 730 = 94.90
        //   = 87.52695 - 46.72 + 94.90 = 135.70695
        var byEgress = StackPlan.monthlyByEgress(TestStack.settings(Map.of("REGION", "ap-northeast-2")));
        assertThat(byEgress.keySet()).containsExactly("nat", "public", "endpoints");
        assertThat(byEgress.get("nat")).isCloseTo(87.52695, within(1e-9));
        assertThat(byEgress.get("public")).isCloseTo(48.10695, within(1e-9));
        assertThat(byEgress.get("endpoints")).isCloseTo(135.70695, within(1e-9));
    }

    @Test
    void aBiggerGateBehindEndpointsInNorthVirginiaOnX86() {
        Bill bill = StackPlan.bill(TestStack.settings(Map.of(
                "REGION", "us-east-1",
                "EGRESS", "endpoints",
                "CPU_ARCHITECTURE", "X86_64",
                "GATE_DESIRED_COUNT", "2",
                "GATE_CPU", "512",
                "GATE_MEMORY", "1024",
                "GATE_TARGET_REQUESTS_PER_TASK", "6000")));

        // interface endpoints  10 × 0.01 × 730 = 73.00
        // load balancer         1 × 0.0225 × 730 = 16.425
        // its IPv4              2 × 0.005 × 730 =  7.30
        // rollout alarms        3 × 0.10 = 0.30
        // data-server task      1 × (0.25 × 0.04048 + 0.5 × 0.004445) × 730 = 0.0123425 × 730 = 9.010025
        // gate-server tasks     2 × (0.5 × 0.04048 + 1 × 0.004445) × 730 = 2 × 0.024685 × 730 = 36.0401
        // target tracking       4 × 0.10 = 0.40 (two policies: CPU and requests)
        // total                 142.475125
        assertThat(bill.lines())
                .extracting(Bill.Line::what)
                .containsExactly(
                        "interface VPC endpoints (5 APIs × 2 AZs)",
                        "load balancer",
                        "its public IPv4 addresses (one per AZ)",
                        "CloudWatch alarms that roll deployments back",
                        "data-server tasks (0.25 vCPU, 0.5 GB, X86_64)",
                        "gate-server tasks (0.5 vCPU, 1.0 GB, X86_64)",
                        "target-tracking alarms (two per scaling policy)");
        assertThat(bill.lines().get(0).monthly()).isCloseTo(73.00, within(1e-9));
        assertThat(bill.lines().get(5).monthly()).isCloseTo(36.0401, within(1e-9));
        assertThat(bill.monthly()).isCloseTo(142.475125, within(1e-9));
        assertThat(bill.rates())
                .extracting(Bill.Rate::what)
                .contains("VPC endpoint data processing")
                .doesNotContain("NAT gateway data processing");
    }

    @Test
    void aRegionTheTableLacksIsPricedAtNorthVirginiasAndSaysSo() {
        Prices prices = Prices.of("eu-west-3");

        assertThat(prices.region()).isEqualTo("us-east-1");
        assertThat(prices.source())
                .contains("on-demand list prices of us-east-1 as of " + prices.date(), "for want of eu-west-3's");
        assertThat(Prices.regions()).contains("us-east-1", "ap-northeast-2");
    }
}
