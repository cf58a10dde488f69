package ecstest.deploy.stack;

import ecstest.deploy.template.Step;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.model.CreateSubnetRequest;
import software.amazon.awssdk.services.ec2.model.Subnet;

/** Two public subnets (the load balancer, the NAT gateways) and two private ones (the tasks), one of each per AZ. */
final class SubnetsResource extends Resource {

    /** Each subnet: its name after {@code <stack>-}, tier, and the settings of its CIDR block and AZ. */
    private record SubnetSpec(String name, String tier, String cidrSetting, String azSetting) {
        String idVariable() {
            return cidrSetting.replace("_CIDR", "_ID");
        }
    }

    private static final List<SubnetSpec> SUBNETS = List.of(
            new SubnetSpec("public-a", "public", "PUBLIC_SUBNET_A_CIDR", "AZ_A"),
            new SubnetSpec("public-b", "public", "PUBLIC_SUBNET_B_CIDR", "AZ_B"),
            new SubnetSpec("private-a", "private", "PRIVATE_SUBNET_A_CIDR", "AZ_A"),
            new SubnetSpec("private-b", "private", "PRIVATE_SUBNET_B_CIDR", "AZ_B"));

    @Override
    String title() {
        return "subnets";
    }

    @Override
    List<Step> steps(Map<String, String> values) {
        return SUBNETS.stream()
                .map(subnet -> Step.of(
                                "ec2/create-subnet.json",
                                "create-subnet",
                                subnet.name(),
                                Map.of(
                                        "NAME",
                                        subnet.name(),
                                        "SUBNET_TIER",
                                        subnet.tier(),
                                        "SUBNET_CIDR",
                                        "${" + subnet.cidrSetting() + "}",
                                        "SUBNET_AZ",
                                        "${" + subnet.azSetting() + "}"))
                        .producing(subnet.idVariable(), "Subnet.SubnetId"))
                .toList();
    }

    @Override
    void discover(StackContext stack, Map<String, String> values, Map<String, String> ids) {
        for (SubnetSpec subnet : SUBNETS) {
            stack.aws.ec2().describeSubnets(r -> r.filters(stack.named(subnet.name()))).subnets().stream()
                    .filter(found -> stack.isNamed(found.tags(), subnet.name()))
                    .findFirst()
                    .ifPresent(found -> ids.put(subnet.idVariable(), found.subnetId()));
        }
    }

    /** A subnet's CIDR block and AZ cannot change in place: a difference is refused. */
    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, Map<String, String> known) {
        if (!known(step, known)) {
            return Diff.MISSING;
        }
        SubnetSpec spec = SUBNETS.stream()
                .filter(s -> s.name().equals(step.name()))
                .findFirst()
                .orElseThrow();
        CreateSubnetRequest wanted = (CreateSubnetRequest) request;
        Subnet subnet = stack.aws
                .ec2()
                .describeSubnets(r -> r.subnetIds(known.get(spec.idVariable())))
                .subnets()
                .getFirst();
        refuseIfMoved(spec.cidrSetting(), subnet.cidrBlock(), wanted.cidrBlock(), "a subnet's CIDR block");
        refuseIfMoved(
                spec.azSetting(), subnet.availabilityZone(), wanted.availabilityZone(), "a subnet's availability zone");
        return Diff.SAME;
    }

    @Override
    void delete(StackContext stack, Map<String, String> ids) {
        for (SubnetSpec subnet : SUBNETS) {
            String id = ids.get(subnet.idVariable());
            if (id != null) {
                stack.call("delete subnet " + id, () -> stack.aws.ec2().deleteSubnet(r -> r.subnetId(id)));
            }
        }
    }

    @Override
    List<String> leftovers(StackContext stack, Map<String, String> values) {
        return stack.aws.ec2().describeSubnets(r -> r.filters(stack.tagged())).subnets().stream()
                .filter(s -> stack.ours(s.tags()))
                .map(s -> "subnet " + s.subnetId())
                .toList();
    }
}
