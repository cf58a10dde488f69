package ecstest.deploy.stack;

import ecstest.deploy.template.Step;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;

/** The internet gateway the public subnets route through, attached to the VPC. */
final class InternetGatewayResource extends Resource {

    @Override
    String title() {
        return "internet gateway";
    }

    @Override
    List<Step> steps(Map<String, String> values) {
        return List.of(
                Step.of("ec2/create-internet-gateway.json", "create-internet-gateway", "", Map.of("NAME", "igw"))
                        .producing("IGW_ID", "InternetGateway.InternetGatewayId"),
                Step.of("ec2/attach-internet-gateway.json", "attach-internet-gateway", "", Map.of()));
    }

    @Override
    void discover(StackContext stack, Map<String, String> values, Map<String, String> ids) {
        stack.aws.ec2().describeInternetGateways(r -> r.filters(stack.named("igw"))).internetGateways().stream()
                .filter(igw -> stack.isNamed(igw.tags(), "igw"))
                .findFirst()
                .ifPresent(igw -> ids.put("IGW_ID", igw.internetGatewayId()));
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, Map<String, String> known) {
        if (step.produces() != null) {
            return Diff.exists(known(step, known));
        }
        return Diff.exists(attached(stack, known.get("IGW_ID"), known.get("VPC_ID")));
    }

    private static boolean attached(StackContext stack, String igw, String vpc) {
        return stack.aws.ec2().describeInternetGateways(r -> r.internetGatewayIds(igw)).internetGateways().stream()
                .flatMap(g -> g.attachments().stream())
                .anyMatch(a -> a.vpcId().equals(vpc));
    }

    @Override
    void delete(StackContext stack, Map<String, String> ids) {
        String igw = ids.get("IGW_ID");
        if (igw == null) {
            return;
        }
        String vpc = ids.get("VPC_ID");
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
    List<String> leftovers(StackContext stack, Map<String, String> values) {
        return stack.aws.ec2().describeInternetGateways(r -> r.filters(stack.tagged())).internetGateways().stream()
                .filter(g -> stack.ours(g.tags()))
                .map(g -> "internet gateway " + g.internetGatewayId())
                .toList();
    }
}
