package ecstest.deploy.stack;

import ecstest.deploy.template.Step;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.model.CreateVpcRequest;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

/** The VPC, with DNS host names on (Cloud Map's private namespace answers inside it). */
final class VpcResource extends Resource {

    @Override
    String title() {
        return "VPC";
    }

    @Override
    List<Step> steps(Map<String, String> values) {
        return List.of(
                Step.of("ec2/create-vpc.json", "create-vpc", "", Map.of("NAME", "vpc"))
                        .producing("VPC_ID", "Vpc.VpcId"),
                Step.of("ec2/modify-vpc-attribute.json", "modify-vpc-attribute", "dns-hostnames", Map.of()));
    }

    @Override
    void discover(StackContext stack, Map<String, String> values, Map<String, String> ids) {
        stack.aws.ec2().describeVpcs(r -> r.filters(stack.named("vpc"))).vpcs().stream()
                .filter(vpc -> stack.isNamed(vpc.tags(), "vpc"))
                .findFirst()
                .ifPresent(vpc -> ids.put("VPC_ID", vpc.vpcId()));
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, Map<String, String> known) {
        String vpc = known.get("VPC_ID");
        if (request instanceof CreateVpcRequest wanted) {
            if (vpc == null) {
                return Diff.MISSING;
            }
            refuseIfMoved(
                    "VPC_CIDR",
                    stack.aws
                            .ec2()
                            .describeVpcs(r -> r.vpcIds(vpc))
                            .vpcs()
                            .getFirst()
                            .cidrBlock(),
                    wanted.cidrBlock(),
                    "a VPC's CIDR block");
            return Diff.SAME;
        }
        boolean on = stack.aws
                .ec2()
                .describeVpcAttribute(r -> r.vpcId(vpc).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
                .enableDnsHostnames()
                .value();
        return on
                ? Diff.SAME
                : Diff.of(List.of(Change.of(
                        "DNS host names of " + vpc + ": off → on (Cloud Map's names resolve only with them)",
                        step,
                        step.operation(),
                        request)));
    }

    @Override
    void delete(StackContext stack, Map<String, String> ids) {
        String vpc = ids.get("VPC_ID");
        if (vpc != null) {
            stack.call("delete VPC " + vpc, () -> stack.aws.ec2().deleteVpc(r -> r.vpcId(vpc)));
        }
    }

    @Override
    List<String> leftovers(StackContext stack, Map<String, String> values) {
        return stack.aws.ec2().describeVpcs(r -> r.filters(stack.tagged())).vpcs().stream()
                .filter(v -> stack.ours(v.tags()))
                .map(v -> "VPC " + v.vpcId())
                .toList();
    }
}
