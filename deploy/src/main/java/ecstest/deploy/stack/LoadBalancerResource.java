package ecstest.deploy.stack;

import ecstest.deploy.pricing.Bill;
import ecstest.deploy.settings.StackSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;

/** The internet-facing Application Load Balancer, named after the stack, in the public subnets. Billed by the hour. */
final class LoadBalancerResource extends Resource {

    static final Output LOAD_BALANCER_ARN = Output.of("LOAD_BALANCER_ARN");
    /** Its DNS name and the hosted zone that name is in: what an alias record to it names. */
    static final Output LOAD_BALANCER_DNS_NAME = Output.of("LOAD_BALANCER_DNS_NAME");

    static final Output LOAD_BALANCER_ZONE_ID = Output.of("LOAD_BALANCER_ZONE_ID");

    @Override
    List<Output> outputs() {
        return List.of(LOAD_BALANCER_ARN, LOAD_BALANCER_DNS_NAME, LOAD_BALANCER_ZONE_ID);
    }

    @Override
    void bill(StackSettings settings, Bill.Builder bill) {
        bill.hourly("load balancer", 1, bill.prices().loadBalancerHour())
                .hourly(
                        "its public IPv4 addresses (one per AZ)",
                        2,
                        bill.prices().publicIpv4Hour())
                .rate("load balancer capacity", bill.prices().loadBalancerLcuHour(), "LCU-hour");
    }

    @Override
    String title() {
        return "load balancer";
    }

    @Override
    List<Step> steps(StackSettings settings) {
        return List.of(Step.of("elbv2/create-load-balancer.json", "create-load-balancer", "", Map.of())
                .producing(LOAD_BALANCER_ARN, "LoadBalancers.0.LoadBalancerArn"));
    }

    @Override
    void discover(StackContext stack, StackSettings settings, StackState state) {
        named(stack).filter(arn -> stack.ours(stack.elbTags(arn))).ifPresent(arn -> {
            state.put(LOAD_BALANCER_ARN, arn);
            addresses(stack, arn, state);
        });
    }

    @Override
    void made(StackContext stack, Step step, String arn, StackState state) {
        addresses(stack, arn, state);
    }

    private static void addresses(StackContext stack, String arn, StackState state) {
        LoadBalancer loadBalancer = stack.aws
                .elb()
                .describeLoadBalancers(r -> r.loadBalancerArns(arn))
                .loadBalancers()
                .getFirst();
        state.put(LOAD_BALANCER_DNS_NAME, loadBalancer.dnsName());
        state.put(LOAD_BALANCER_ZONE_ID, loadBalancer.canonicalHostedZoneId());
    }

    /** The load balancer named after the stack (names are unique in a region), whoever's it is. */
    private static Optional<String> named(StackContext stack) {
        try {
            return stack.aws.elb().describeLoadBalancers(r -> r.names(stack.stack)).loadBalancers().stream()
                    .findFirst()
                    .map(LoadBalancer::loadBalancerArn);
        } catch (LoadBalancerNotFoundException ex) {
            return Optional.empty();
        }
    }

    @Override
    List<String> claimedElsewhere(StackContext stack) {
        return named(stack).map(stack::elbTags).filter(tags -> !stack.ours(tags)).stream()
                .map(tags -> stack.claimed("load balancer " + stack.stack, tags))
                .toList();
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        return Diff.exists(known(step, state));
    }

    /** It serves once active (a few minutes on AWS). */
    @Override
    String usable(StackContext stack, Step step, String arn) {
        stack.wait.until(
                "load balancer " + stack.stack,
                stack.timeouts.loadBalancer(),
                () -> state(stack, arn),
                "active"::equals,
                "failed"::equals);
        return arn;
    }

    private static String state(StackContext stack, String arn) {
        try {
            return stack.aws
                    .elb()
                    .describeLoadBalancers(r -> r.loadBalancerArns(arn))
                    .loadBalancers()
                    .getFirst()
                    .state()
                    .codeAsString();
        } catch (LoadBalancerNotFoundException gone) {
            return "deleted";
        }
    }

    @Override
    void delete(StackContext stack, StackState state) {
        String arn = state.get(LOAD_BALANCER_ARN).orElse(null);
        if (arn == null) {
            return;
        }
        stack.call(
                "delete load balancer " + stack.stack,
                () -> stack.aws.elb().deleteLoadBalancer(r -> r.loadBalancerArn(arn)));
        stack.wait.until(
                "load balancer " + stack.stack,
                stack.timeouts.loadBalancer(),
                () -> state(stack, arn),
                "deleted"::equals,
                never -> false);
    }

    @Override
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return named(stack).filter(arn -> stack.ours(stack.elbTags(arn))).stream()
                .map(arn -> "load balancer " + arn)
                .toList();
    }
}
