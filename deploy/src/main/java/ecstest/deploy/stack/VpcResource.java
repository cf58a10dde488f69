package ecstest.deploy.stack;

import ecstest.deploy.settings.Cidr;
import ecstest.deploy.settings.Setting;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.settings.Type;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.model.CreateVpcRequest;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

/** The VPC, with DNS host names on (Cloud Map's private namespace answers inside it). */
final class VpcResource extends Resource {

    static final Setting VPC_CIDR = new Setting(
            "VPC_CIDR",
            Type.cidr(),
            "10.0.0.0/16",
            "the VPC's address block, /16 to /28; the subnets' blocks lie inside it",
            Setting.Change.REBUILD);

    static final Output VPC_ID = Output.of("VPC_ID");

    @Override
    List<Setting> settings() {
        return List.of(VPC_CIDR);
    }

    @Override
    List<Output> outputs() {
        return List.of(VPC_ID);
    }

    @Override
    List<String> check(StackSettings settings) {
        Cidr vpc = Cidr.parse(settings.require(VPC_CIDR));
        return vpc.prefix() < 16 || vpc.prefix() > 28
                ? List.of(VPC_CIDR + "=" + settings.get(VPC_CIDR) + ": a VPC's block must be /16 to /28")
                : List.of();
    }

    @Override
    String title() {
        return "VPC";
    }

    @Override
    List<Step> steps(StackSettings settings) {
        return List.of(
                Step.of("ec2/create-vpc.json", "create-vpc", "", Map.of("NAME", "vpc"))
                        .producing(VPC_ID, "Vpc.VpcId"),
                Step.of("ec2/modify-vpc-attribute.json", "modify-vpc-attribute", "dns-hostnames", Map.of()));
    }

    @Override
    void discover(StackContext stack, StackSettings settings, StackState state) {
        stack.aws.ec2().describeVpcs(r -> r.filters(stack.named("vpc"))).vpcs().stream()
                .filter(vpc -> stack.isNamed(vpc.tags(), "vpc"))
                .findFirst()
                .ifPresent(vpc -> state.put(VPC_ID, vpc.vpcId()));
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        String vpc = state.get(VPC_ID).orElse(null);
        if (request instanceof CreateVpcRequest wanted) {
            if (vpc == null) {
                return Diff.MISSING;
            }
            return vpc(
                    wanted,
                    stack.aws.ec2().describeVpcs(r -> r.vpcIds(vpc)).vpcs().getFirst());
        }
        boolean on = stack.aws
                .ec2()
                .describeVpcAttribute(r -> r.vpcId(vpc).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
                .enableDnsHostnames()
                .value();
        return dnsHostNames(step, request, vpc, on);
    }

    /** The VPC as it is: its CIDR block cannot change in place. */
    static Diff vpc(CreateVpcRequest wanted, Vpc existing) {
        refuseIfMoved(VPC_CIDR, existing.cidrBlock(), wanted.cidrBlock(), "a VPC's CIDR block");
        return Diff.SAME;
    }

    /** DNS host names off: turned on, in place (Cloud Map's names resolve only with them). */
    static Diff dnsHostNames(Step step, SdkRequest request, String vpc, boolean on) {
        return on
                ? Diff.SAME
                : Diff.of(List.of(Change.of(
                        "DNS host names of " + vpc + ": off → on (Cloud Map's names resolve only with them)",
                        step,
                        step.operation(),
                        request)));
    }

    @Override
    void delete(StackContext stack, StackState state) {
        String vpc = state.get(VPC_ID).orElse(null);
        if (vpc != null) {
            stack.call("delete VPC " + vpc, () -> stack.aws.ec2().deleteVpc(r -> r.vpcId(vpc)));
        }
    }

    @Override
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return stack.aws.ec2().describeVpcs(r -> r.filters(stack.tagged())).vpcs().stream()
                .filter(v -> stack.ours(v.tags()))
                .map(v -> "VPC " + v.vpcId())
                .toList();
    }
}
