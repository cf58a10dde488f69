package ecstest.deploy.stack;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsErrors;
import ecstest.deploy.pricing.Bill;
import ecstest.deploy.settings.Setting;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.settings.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.model.DeleteNatGatewayRequest;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.ReleaseAddressRequest;

/**
 * How the tasks reach AWS's APIs ({@code EGRESS}), and the NAT gateway of the tutorial's way: the private subnets
 * reach the internet (ECR, CloudWatch, Parameter Store) through it, with its Elastic IP: one in AZ a, or one per AZ
 * with {@code NAT_PER_AZ=true}. Billed by the hour. Another EGRESS on a built stack removes them once the services have
 * moved.
 */
final class NatGatewaysResource extends Resource {

    static final Setting NAT_PER_AZ = new Setting(
            "NAT_PER_AZ",
            Type.flag(),
            "false",
            "true: a NAT gateway (and private route table) per AZ, so that losing one AZ does not cut the other's"
                    + " egress; it doubles the NAT gateways that bill by the hour. Back to false needs `down` and `up`",
            Setting.Change.IN_PLACE);

    /** One gateway per AZ letter: its public subnet, and the outputs of its address and of itself. */
    record Gateway(String az, SubnetsResource.Subnet subnet, Output allocation, Output id) {}

    static final Gateway A =
            new Gateway("a", SubnetsResource.PUBLIC_A, Output.of("NAT_ALLOCATION_ID"), Output.of("NAT_GATEWAY_ID"));
    static final Gateway B =
            new Gateway("b", SubnetsResource.PUBLIC_B, Output.of("NAT_B_ALLOCATION_ID"), Output.of("NAT_B_GATEWAY_ID"));

    private static final List<Gateway> GATEWAYS = List.of(A, B);

    static boolean perAz(StackSettings settings) {
        return settings.flag(NAT_PER_AZ);
    }

    static boolean throughNat(StackSettings settings) {
        return EgressResource.is(settings, EgressResource.NAT);
    }

    @Override
    List<String> check(StackSettings settings) {
        return perAz(settings) && !throughNat(settings)
                ? List.of("NAT_PER_AZ=true needs EGRESS=nat (EGRESS=" + EgressResource.egress(settings)
                        + " makes no NAT gateway)")
                : List.of();
    }

    @Override
    String title() {
        return "NAT gateways";
    }

    @Override
    List<Setting> settings() {
        return List.of(NAT_PER_AZ);
    }

    @Override
    List<Output> outputs() {
        return GATEWAYS.stream()
                .flatMap(gateway -> Stream.of(gateway.allocation(), gateway.id()))
                .toList();
    }

    @Override
    List<Step> steps(StackSettings settings) {
        List<Step> steps = new ArrayList<>();
        if (!throughNat(settings)) {
            return steps;
        }
        for (Gateway gateway : perAz(settings) ? GATEWAYS : List.of(A)) {
            String name = "nat-" + gateway.az();
            steps.add(Step.of("ec2/allocate-address.json", "allocate-address", name, Map.of("NAME", name))
                    .producing(gateway.allocation(), "AllocationId"));
            steps.add(Step.of(
                            "ec2/create-nat-gateway.json",
                            "create-nat-gateway",
                            gateway.az(),
                            Map.of(
                                    "NAME",
                                    name,
                                    "SUBNET_ID",
                                    "${" + gateway.subnet().id().name() + "}",
                                    "ALLOCATION_ID",
                                    "${" + gateway.allocation().name() + "}"))
                    .producing(gateway.id(), "NatGateway.NatGatewayId"));
        }
        return steps;
    }

    @Override
    void discover(StackContext stack, StackSettings settings, StackState state) {
        for (Gateway gateway : GATEWAYS) {
            String name = "nat-" + gateway.az();
            stack.aws.ec2().describeAddresses(r -> r.filters(stack.named(name))).addresses().stream()
                    .filter(address -> stack.isNamed(address.tags(), name))
                    .findFirst()
                    .ifPresent(address -> state.put(gateway.allocation(), address.allocationId()));
            stack.aws.ec2().describeNatGateways(r -> r.filter(stack.named(name))).natGateways().stream()
                    .filter(n -> stack.isNamed(n.tags(), name))
                    .filter(n -> n.state() != NatGatewayState.DELETED
                            && n.state() != NatGatewayState.DELETING
                            && n.state() != NatGatewayState.FAILED)
                    .findFirst()
                    .ifPresent(nat -> state.put(gateway.id(), nat.natGatewayId()));
        }
    }

    @Override
    void refuse(StackContext stack, StackSettings settings, StackState state) {
        if (throughNat(settings) && !perAz(settings) && state.has(B.id())) {
            throw new DeployException(NAT_PER_AZ + " is false but the stack was built with true: up does not remove a"
                    + " NAT gateway that AZ b's tasks reach the internet through; set it back, or `down --yes` and `up`"
                    + " to rebuild the stack with one");
        }
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        return Diff.exists(known(step, state));
    }

    /** A NAT gateway can route once it is available (a minute or two on AWS). */
    @Override
    String usable(StackContext stack, Step step, String id) {
        if (step.operation().equals("create-nat-gateway")) {
            stack.wait.until(
                    "NAT gateway " + id,
                    stack.timeouts.natGateway(),
                    () -> state(stack, id),
                    "available"::equals,
                    state -> state.equals("failed") || state.startsWith("delet"));
        }
        return id;
    }

    /** The gateway's state; "deleted" once EC2 no longer lists it (it keeps a deleted one for about an hour). */
    private static String state(StackContext stack, String id) {
        try {
            return stack.aws.ec2().describeNatGateways(r -> r.natGatewayIds(id)).natGateways().stream()
                    .findFirst()
                    .map(NatGateway::stateAsString)
                    .orElse("deleted");
        } catch (AwsServiceException ex) {
            if (AwsErrors.gone(ex)) {
                return "deleted";
            }
            throw ex;
        }
    }

    @Override
    void bill(StackSettings settings, Bill.Builder bill) {
        if (!throughNat(settings)) {
            return;
        }
        int gateways = perAz(settings) ? 2 : 1;
        bill.hourly("NAT gateway", gateways, bill.prices().natGatewayHour())
                .hourly(
                        "its Elastic IP (public IPv4 address)",
                        gateways,
                        bill.prices().publicIpv4Hour())
                .rate("NAT gateway data processing", bill.prices().natGatewayGb(), "GB");
    }

    /** EGRESS other than nat on a stack built with it: its gateways deleted, then their addresses released. */
    @Override
    List<Change> removals(StackContext stack, StackSettings settings, StackState state) {
        if (throughNat(settings)) {
            return List.of();
        }
        List<Change> removals = new ArrayList<>();
        for (Gateway gateway : GATEWAYS) {
            state.get(gateway.id())
                    .ifPresent(nat -> removals.add(Change.of(
                            "NAT gateway " + nat + ": EGRESS=" + EgressResource.egress(settings),
                            Step.of("ec2/create-nat-gateway.json", "create-nat-gateway", gateway.az(), Map.of()),
                            "delete-nat-gateway",
                            DeleteNatGatewayRequest.builder().natGatewayId(nat).build())));
        }
        for (Gateway gateway : GATEWAYS) {
            state.get(gateway.allocation())
                    .ifPresent(allocation -> removals.add(Change.of(
                            "the NAT gateway's Elastic IP " + allocation + ": EGRESS="
                                    + EgressResource.egress(settings),
                            Step.of("ec2/allocate-address.json", "allocate-address", "nat-" + gateway.az(), Map.of()),
                            "release-address",
                            ReleaseAddressRequest.builder()
                                    .allocationId(allocation)
                                    .build())));
        }
        return removals;
    }

    /** A deleted gateway holds its address until AWS has deleted it (a minute or so). */
    @Override
    void removed(StackContext stack, Change removal) {
        if (removal.request() instanceof DeleteNatGatewayRequest delete) {
            stack.wait.until(
                    "NAT gateway " + delete.natGatewayId(),
                    stack.timeouts.natGateway(),
                    () -> state(stack, delete.natGatewayId()),
                    "deleted"::equals,
                    "failed"::equals);
        }
    }

    /** Both gateways are deleted first and waited for, then their addresses released (only once none holds them). */
    @Override
    void delete(StackContext stack, StackState state) {
        List<String> gateways =
                GATEWAYS.stream().flatMap(g -> state.get(g.id()).stream()).toList();
        gateways.forEach(nat -> stack.call(
                "delete NAT gateway " + nat, () -> stack.aws.ec2().deleteNatGateway(r -> r.natGatewayId(nat))));
        for (String nat : gateways) {
            stack.wait.until(
                    "NAT gateway " + nat,
                    stack.timeouts.natGateway(),
                    () -> state(stack, nat),
                    "deleted"::equals,
                    "failed"::equals);
        }
        GATEWAYS.stream()
                .flatMap(g -> state.get(g.allocation()).stream())
                .forEach(allocation -> stack.call(
                        "release Elastic IP " + allocation,
                        () -> stack.aws.ec2().releaseAddress(r -> r.allocationId(allocation))));
    }

    @Override
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return Stream.concat(
                        stack.aws.ec2().describeAddresses(r -> r.filters(stack.tagged())).addresses().stream()
                                .filter(a -> stack.ours(a.tags()))
                                .map(a -> "Elastic IP " + a.publicIp() + " (" + a.allocationId() + ")"),
                        stack.aws.ec2().describeNatGateways(r -> r.filter(stack.tagged())).natGateways().stream()
                                .filter(n -> stack.ours(n.tags()))
                                .filter(n -> !n.stateAsString().equals("deleted"))
                                .map(n -> "NAT gateway " + n.natGatewayId() + " (" + n.stateAsString() + ")"))
                .toList();
    }
}
