package ecstest.deploy.stack;

import ecstest.deploy.settings.StackSettings;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;

/** The internet gateway the public subnets route through, attached to the VPC. */
final class InternetGatewayResource extends Resource {

    static final Output IGW_ID = Output.of("IGW_ID");

    @Override
    List<Output> outputs() {
        return List.of(IGW_ID);
    }

    @Override
    String title() {
        return "internet gateway";
    }

    @Override
    List<Step> steps(StackSettings settings) {
        return List.of(
                Step.of("ec2/create-internet-gateway.json", "create-internet-gateway", "", Map.of("NAME", "igw"))
                        .producing(IGW_ID, "InternetGateway.InternetGatewayId"),
                Step.of("ec2/attach-internet-gateway.json", "attach-internet-gateway", "", Map.of()));
    }

    @Override
    void discover(StackContext stack, StackSettings settings, StackState state) {
        stack.aws.ec2().describeInternetGateways(r -> r.filters(stack.named("igw"))).internetGateways().stream()
                .filter(igw -> stack.isNamed(igw.tags(), "igw"))
                .findFirst()
                .ifPresent(igw -> state.put(IGW_ID, igw.internetGatewayId()));
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        if (step.produces() != null) {
            return Diff.exists(known(step, state));
        }
        return Diff.exists(attached(stack, state.id(IGW_ID), state.id(VpcResource.VPC_ID)));
    }

    private static boolean attached(StackContext stack, String igw, String vpc) {
        return stack.aws.ec2().describeInternetGateways(r -> r.internetGatewayIds(igw)).internetGateways().stream()
                .flatMap(g -> g.attachments().stream())
                .anyMatch(a -> a.vpcId().equals(vpc));
    }

    @Override
    void delete(StackContext stack, StackState state) {
        String igw = state.get(IGW_ID).orElse(null);
        if (igw == null) {
            return;
        }
        String vpc = state.get(VpcResource.VPC_ID).orElse(null);
        if (vpc != null && attached(stack, igw, vpc)) {
            stack.call(
                    "detach internet gateway " + igw,
                    () -> stack.aws
                            .ec2()
                            .detachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc)));
        }
        stack.call(
                "delete internet gateway " + igw,
                () -> stack.aws.ec2().deleteInternetGateway(r -> r.internetGatewayId(igw)));
    }

    @Override
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return stack.aws.ec2().describeInternetGateways(r -> r.filters(stack.tagged())).internetGateways().stream()
                .filter(g -> stack.ours(g.tags()))
                .map(g -> "internet gateway " + g.internetGatewayId())
                .toList();
    }
}
