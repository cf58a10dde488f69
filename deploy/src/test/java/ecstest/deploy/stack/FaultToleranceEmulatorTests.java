package ecstest.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.fixtures.EmulatedAccount;
import ecstest.deploy.rehearsal.Rehearsal;
import ecstest.testsupport.FaultyProxy;
import ecstest.testsupport.FaultyProxy.Fault;
import ecstest.testsupport.FaultyProxy.Injected;
import ecstest.testsupport.RequiresTools;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * `up`, `deploy` and `down --yes` through a wire that fails a share of the requests as networks and AWS do (an empty
 * 503, an answer lost after AWS acted, a stall): each verb succeeds in one run, makes nothing twice, and `down` leaves
 * nothing behind.
 */
@RequiresTools("moto_server")
class FaultToleranceEmulatorTests {

    /**
     * A seed and a share of failed requests under which every fault meets both a create and a delete (asserted below:
     * another seed may miss one; FaultyProxy.fate tells which calls a seed fails).
     */
    private static final long SEED = 101;

    private static final int PERCENT = 6;

    /** What `up` makes, by the audit's name for each kind: one of each, no more. */
    private static final Map<String, Integer> STACK = new TreeMap<>(Map.ofEntries(
            Map.entry("IAM role", 3),
            Map.entry("ECR repository", 2),
            Map.entry("VPC", 1),
            Map.entry("subnet", 4),
            Map.entry("internet gateway", 1),
            Map.entry("Elastic IP", 1),
            Map.entry("NAT gateway", 1),
            Map.entry("route table", 2),
            Map.entry("security group", 3),
            Map.entry("load balancer", 1),
            Map.entry("target group", 2),
            Map.entry("CloudWatch alarm", 3),
            Map.entry("Cloud Map namespace", 1),
            Map.entry("ECS cluster", 1),
            Map.entry("log group", 2),
            Map.entry("task definition", 2),
            Map.entry("ECS service", 2),
            Map.entry("scalable target", 1)));

    private EmulatedAccount account;
    private FaultyProxy proxy;
    private AwsClients aws;

    @BeforeEach
    void startEmulatorBehindAFaultyWire() throws Exception {
        account = EmulatedAccount.start();
        aws = account.clients();
        proxy = FaultyProxy.start(account.moto.endpoint(), SEED, PERCENT, Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (aws != null) {
            aws.close();
        }
        if (account != null) {
            account.close();
        }
    }

    @Test
    void upDeployAndDownEachSucceedInOneRunWithNothingMadeTwiceAndNothingLeft() {
        EmulatedAccount.Run up = account.cli(proxy.endpoint(), "up");
        assertThat(up.exitCode()).as(up.console()).isZero();
        assertThat(kinds(audit())).as("what up made, by kind").isEqualTo(STACK);
        assertThat(discoveryServices()).isEqualTo(2);
        assertThat(listenersAndRules()).isEqualTo(List.of(1, 1));

        EmulatedAccount.Run deploy = account.cli(
                proxy.endpoint(),
                "deploy",
                "--digest",
                "gate-server=" + Rehearsal.standIn("gate-server"),
                "--digest",
                "data-server=" + Rehearsal.standIn("data-server"));
        assertThat(deploy.exitCode()).as(deploy.console()).isZero();
        Map<String, Integer> deployed = new TreeMap<>(STACK);
        deployed.put("task definition", 4); // each family's first revision and the one deploy registered, once
        assertThat(kinds(audit())).as("what up and deploy made, by kind").isEqualTo(deployed);

        EmulatedAccount.Run down = account.cli(proxy.endpoint(), "down", "--yes");
        assertThat(down.exitCode()).as(down.console()).isZero();
        assertThat(down.out()).contains("the leak audit found nothing");
        assertThat(audit()).as("the audit, asked past the proxy").isEmpty();

        List<Injected> injected = proxy.injected();
        System.out.printf("faults injected into %d requests:%n", injected.size());
        injected.forEach(i -> System.out.printf("  %-9s %s #%d%n", i.fault(), i.action(), i.occurrence()));
        for (Fault fault : Fault.values()) {
            assertThat(injected).as("%s on a create", fault).anyMatch(i -> i.fault() == fault && i.onCreate());
            assertThat(injected).as("%s on a delete", fault).anyMatch(i -> i.fault() == fault && i.onDelete());
        }
    }

    private List<String> audit() {
        return account.teardown(aws).leftovers();
    }

    /** The audit's lines counted by kind ("subnet subnet-0a1b…" is a subnet). */
    private static Map<String, Integer> kinds(List<String> audit) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String line : audit) {
            String kind = STACK.keySet().stream()
                    .filter(((Predicate<String>) line::startsWith))
                    .max(java.util.Comparator.comparingInt(String::length))
                    .orElse(line);
            counts.merge(kind, 1, Integer::sum);
        }
        return counts;
    }

    private int discoveryServices() {
        String namespace =
                aws.cloudMap().listNamespaces().namespaces().getFirst().id();
        return aws.cloudMap()
                .listServices(r -> r.filters(f -> f.name("NAMESPACE_ID").values(namespace)))
                .services()
                .size();
    }

    private List<Integer> listenersAndRules() {
        String lb = aws.elb()
                .describeLoadBalancers(r -> r.names("ecs-test"))
                .loadBalancers()
                .getFirst()
                .loadBalancerArn();
        var listeners = aws.elb().describeListeners(r -> r.loadBalancerArn(lb)).listeners();
        long rules = aws
                .elb()
                .describeRules(r -> r.listenerArn(listeners.getFirst().listenerArn()))
                .rules()
                .stream()
                .filter(rule -> !rule.isDefault())
                .count();
        return List.of(listeners.size(), (int) rules);
    }
}
