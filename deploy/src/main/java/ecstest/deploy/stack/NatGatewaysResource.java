package ecstest.deploy.stack;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsErrors;
import ecstest.deploy.template.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;

/**
 * The NAT gateway the private subnets reach the internet (ECR, CloudWatch) through, with its Elastic IP: one in
 * AZ a, or one per AZ with {@code NAT_PER_AZ=true}. Billed by the hour.
 */
final class NatGatewaysResource extends Resource {

    /** One gateway per AZ letter: its public subnet and the variables of its address and its ID. */
    private record Gateway(String az, String subnet, String allocation, String id) {}

    private static final List<Gateway> GATEWAYS = List.of(
            new Gateway("a", "${PUBLIC_SUBNET_A_ID}", "NAT_ALLOCATION_ID", "NAT_GATEWAY_ID"),
            new Gateway("b", "${PUBLIC_SUBNET_B_ID}", "NAT_B_ALLOCATION_ID", "NAT_B_GATEWAY_ID"));

    static boolean perAz(Map<String, String> values) {
        return Boolean.parseBoolean(values.getOrDefault("NAT_PER_AZ", "false"));
    }

    @Override
    String title() {
        return "NAT gateways";
    }

    @Override
    List<Step> steps(Map<String, String> values) {
        List<Step> steps = new ArrayList<>();
        for (Gateway gateway : perAz(values) ? GATEWAYS : GATEWAYS.subList(0, 1)) {
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
                                    gateway.subnet(),
                                    "ALLOCATION_ID",
                                    "${" + gateway.allocation() + "}"))
                    .producing(gateway.id(), "NatGateway.NatGatewayId"));
        }
        return steps;
    }

    @Override
    void discover(StackContext stack, Map<String, String> values, Map<String, String> ids) {
        for (Gateway gateway : GATEWAYS) {
            String name = "nat-" + gateway.az();
            stack.aws.ec2().describeAddresses(r -> r.filters(stack.named(name))).addresses().stream()
                    .filter(address -> stack.isNamed(address.tags(), name))
                    .findFirst()
                    .ifPresent(address -> ids.put(gateway.allocation(), address.allocationId()));
            stack.aws.ec2().describeNatGateways(r -> r.filter(stack.named(name))).natGateways().stream()
                    .filter(n -> stack.isNamed(n.tags(), name))
                    .filter(n -> n.state() != NatGatewayState.DELETED
                            && n.state() != NatGatewayState.DELETING
                            && n.state() != NatGatewayState.FAILED)
                    .findFirst()
                    .ifPresent(nat -> ids.put(gateway.id(), nat.natGatewayId()));
        }
    }

    @Override
    void refuse(StackContext stack, Map<String, String> values, Map<String, String> known) {
        if (!perAz(values) && known.containsKey("NAT_B_GATEWAY_ID")) {
            throw new DeployException("NAT_PER_AZ is false but the stack was built with true: up does not remove a NAT"
                    + " gateway that AZ b's tasks reach the internet through; set it back, or `down --yes` and `up` to"
                    + " rebuild the stack with one");
        }
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, Map<String, String> known) {
        return Diff.exists(known(step, known));
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

    /** Both gateways are deleted first and waited for, then their addresses released (only once none holds them). */
    @Override
    void delete(StackContext stack, Map<String, String> ids) {
        List<String> gateways = GATEWAYS.stream()
                .map(g -> ids.get(g.id()))
                .filter(Objects::nonNull)
                .toList();
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
                .map(g -> ids.get(g.allocation()))
                .filter(Objects::nonNull)
                .forEach(allocation -> stack.call(
                        "release Elastic IP " + allocation,
                        () -> stack.aws.ec2().releaseAddress(r -> r.allocationId(allocation))));
    }

    @Override
    List<String> leftovers(StackContext stack, Map<String, String> values) {
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
