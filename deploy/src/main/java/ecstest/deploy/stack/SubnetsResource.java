package ecstest.deploy.stack;

import ecstest.deploy.settings.Cidr;
import ecstest.deploy.settings.Location;
import ecstest.deploy.settings.Setting;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.settings.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.model.CreateSubnetRequest;

/** Two public subnets (the load balancer, the NAT gateways) and two private ones (the tasks), one of each per AZ. */
final class SubnetsResource extends Resource {

    static final Setting AZ_A = zone("A", "${REGION}a");
    static final Setting AZ_B = zone("B", "${REGION}c");

    /** Each subnet: its name after {@code <stack>-}, tier, the settings of its CIDR block and AZ, and its ID. */
    record Subnet(String name, String tier, Setting cidr, Setting zone, Output id) {}

    static final Subnet PUBLIC_A = subnet("public", "A", "10.0.0.0/24", AZ_A);
    static final Subnet PUBLIC_B = subnet("public", "B", "10.0.1.0/24", AZ_B);
    static final Subnet PRIVATE_A = subnet("private", "A", "10.0.2.0/24", AZ_A);
    static final Subnet PRIVATE_B = subnet("private", "B", "10.0.3.0/24", AZ_B);

    private static final List<Subnet> SUBNETS = List.of(PUBLIC_A, PUBLIC_B, PRIVATE_A, PRIVATE_B);

    private static Setting zone(String letter, String defaultValue) {
        return new Setting(
                "AZ_" + letter,
                Type.zone(),
                defaultValue,
                "the availability zone of the " + (letter.equals("A") ? "first" : "second")
                        + " public and private subnets (of REGION)",
                Setting.Change.REBUILD);
    }

    private static Subnet subnet(String tier, String letter, String block, Setting zone) {
        String name = tier.toUpperCase(java.util.Locale.ROOT) + "_SUBNET_" + letter;
        return new Subnet(
                tier + "-" + letter.toLowerCase(java.util.Locale.ROOT),
                tier,
                new Setting(
                        name + "_CIDR",
                        Type.cidr(),
                        block,
                        "the " + tier + " subnet's address block in " + zone.name() + ", inside VPC_CIDR",
                        Setting.Change.REBUILD),
                zone,
                Output.of(name + "_ID"));
    }

    @Override
    String title() {
        return "subnets";
    }

    @Override
    List<Setting> settings() {
        List<Setting> settings = new ArrayList<>(List.of(AZ_A, AZ_B));
        SUBNETS.forEach(subnet -> settings.add(subnet.cidr()));
        return settings;
    }

    @Override
    List<Output> outputs() {
        return SUBNETS.stream().map(Subnet::id).toList();
    }

    /** Each AZ in the region; each block inside the VPC's, and apart from the others. */
    @Override
    List<String> check(StackSettings settings) {
        List<String> problems = new ArrayList<>();
        String region = settings.require(Location.REGION);
        for (Setting zone : List.of(AZ_A, AZ_B)) {
            String value = settings.get(zone);
            if (value != null && !value.matches(java.util.regex.Pattern.quote(region) + "[a-z]")) {
                problems.add(zone + "=" + value + " is not an availability zone of " + region + " (" + region + "a, "
                        + region + "b, …)");
            }
        }
        Cidr vpc = Cidr.parse(settings.require(VpcResource.VPC_CIDR));
        List<Subnet> checked = new ArrayList<>();
        for (Subnet subnet : SUBNETS) {
            String value = settings.require(subnet.cidr());
            Cidr block = Cidr.parse(value);
            if (!vpc.contains(block)) {
                problems.add(subnet.cidr() + "=" + value + " is not inside " + VpcResource.VPC_CIDR + "="
                        + settings.get(VpcResource.VPC_CIDR));
                continue;
            }
            for (Subnet other : checked) {
                if (Cidr.parse(settings.require(other.cidr())).overlaps(block)) {
                    problems.add(subnet.cidr() + "=" + value + " overlaps " + other.cidr() + "="
                            + settings.get(other.cidr()));
                }
            }
            checked.add(subnet);
        }
        return problems;
    }

    @Override
    List<Step> steps(StackSettings settings) {
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
                                        "${" + subnet.cidr().name() + "}",
                                        "SUBNET_AZ",
                                        "${" + subnet.zone().name() + "}"))
                        .producing(subnet.id(), "Subnet.SubnetId"))
                .toList();
    }

    @Override
    void discover(StackContext stack, StackSettings settings, StackState state) {
        for (Subnet subnet : SUBNETS) {
            stack.aws.ec2().describeSubnets(r -> r.filters(stack.named(subnet.name()))).subnets().stream()
                    .filter(found -> stack.isNamed(found.tags(), subnet.name()))
                    .findFirst()
                    .ifPresent(found -> state.put(subnet.id(), found.subnetId()));
        }
    }

    /** A subnet's CIDR block and AZ cannot change in place: a difference is refused. */
    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        if (!known(step, state)) {
            return Diff.MISSING;
        }
        Subnet spec = SUBNETS.stream()
                .filter(s -> s.id().equals(step.produces()))
                .findFirst()
                .orElseThrow();
        return subnet(
                spec,
                (CreateSubnetRequest) request,
                stack.aws
                        .ec2()
                        .describeSubnets(r -> r.subnetIds(state.id(spec.id())))
                        .subnets()
                        .getFirst());
    }

    /** The subnet as it is: its block and its AZ cannot change in place. */
    static Diff subnet(
            Subnet spec, CreateSubnetRequest wanted, software.amazon.awssdk.services.ec2.model.Subnet existing) {
        refuseIfMoved(spec.cidr(), existing.cidrBlock(), wanted.cidrBlock(), "a subnet's CIDR block");
        refuseIfMoved(
                spec.zone(), existing.availabilityZone(), wanted.availabilityZone(), "a subnet's availability zone");
        return Diff.SAME;
    }

    @Override
    void delete(StackContext stack, StackState state) {
        for (Subnet subnet : SUBNETS) {
            state.get(subnet.id())
                    .ifPresent(id -> stack.call(
                            "delete subnet " + id, () -> stack.aws.ec2().deleteSubnet(r -> r.subnetId(id))));
        }
    }

    @Override
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return stack.aws.ec2().describeSubnets(r -> r.filters(stack.tagged())).subnets().stream()
                .filter(s -> stack.ours(s.tags()))
                .map(s -> "subnet " + s.subnetId())
                .toList();
    }
}
