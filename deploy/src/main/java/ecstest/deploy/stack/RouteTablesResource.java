package ecstest.deploy.stack;

import ecstest.deploy.settings.StackSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.model.AssociateRouteTableRequest;
import software.amazon.awssdk.services.ec2.model.CreateRouteRequest;
import software.amazon.awssdk.services.ec2.model.DeleteRouteRequest;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public route table (default route to the internet gateway) and the private one (default route to the NAT
 * gateway), each associated with its tier's subnets; with {@code NAT_PER_AZ=true} AZ b's private subnet gets a
 * table of its own, through AZ b's gateway, so that losing one AZ does not cut the other off.
 */
final class RouteTablesResource extends Resource {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final Output PUBLIC = Output.of("PUBLIC_ROUTE_TABLE_ID");
    static final Output PRIVATE = Output.of("PRIVATE_ROUTE_TABLE_ID");
    static final Output PRIVATE_B = Output.of("PRIVATE_B_ROUTE_TABLE_ID");

    /** The tables by their name after {@code <stack>-}, as discovery finds them by their Name tags. */
    private static final SequencedMap<String, Output> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("public", PUBLIC);
        TABLES.put("private", PRIVATE);
        TABLES.put("private-b", PRIVATE_B);
    }

    @Override
    List<Output> outputs() {
        return List.copyOf(TABLES.values());
    }

    @Override
    String title() {
        return "route tables";
    }

    @Override
    List<Step> steps(StackSettings settings) {
        List<Step> steps = new ArrayList<>(List.of(
                table("public"),
                Step.of(
                        "ec2/create-route-to-internet-gateway.json",
                        "create-route",
                        "public-default",
                        Map.of("ROUTE_TABLE_ID", ref(PUBLIC))),
                association("public-a", PUBLIC, SubnetsResource.PUBLIC_A),
                association("public-b", PUBLIC, SubnetsResource.PUBLIC_B),
                table("private")));
        if (NatGatewaysResource.throughNat(settings)) {
            steps.add(routeToNat("private-default", PRIVATE, NatGatewaysResource.A));
        }
        steps.add(association("private-a", PRIVATE, SubnetsResource.PRIVATE_A));
        if (NatGatewaysResource.perAz(settings)) {
            steps.addAll(List.of(
                    table("private-b"),
                    routeToNat("private-b-default", PRIVATE_B, NatGatewaysResource.B),
                    association("private-b", PRIVATE_B, SubnetsResource.PRIVATE_B)));
        } else {
            steps.add(association("private-b", PRIVATE, SubnetsResource.PRIVATE_B));
        }
        return steps;
    }

    /**
     * EGRESS other than nat on a stack built with it: the private tables' default routes to the NAT gateways go first
     * (removals run in the plan's reverse order, so before the gateways), leaving the private subnets no way out.
     */
    @Override
    List<Change> removals(StackContext stack, StackSettings settings, StackState state) {
        if (NatGatewaysResource.throughNat(settings)) {
            return List.of();
        }
        List<Change> removals = new ArrayList<>();
        for (Output table : List.of(PRIVATE, PRIVATE_B)) {
            state.get(table)
                    .ifPresent(id ->
                            stack.aws.ec2().describeRouteTables(r -> r.routeTableIds(id)).routeTables().stream()
                                    .flatMap(t -> t.routes().stream())
                                    .filter(route -> "0.0.0.0/0".equals(route.destinationCidrBlock())
                                            && route.natGatewayId() != null)
                                    .forEach(route -> removals.add(Change.of(
                                            "the default route of " + id + " to " + route.natGatewayId() + ": EGRESS="
                                                    + EgressResource.egress(settings),
                                            Step.of(
                                                    "ec2/create-route-to-nat-gateway.json",
                                                    "create-route",
                                                    "private-default",
                                                    Map.of()),
                                            "delete-route",
                                            DeleteRouteRequest.builder()
                                                    .routeTableId(id)
                                                    .destinationCidrBlock("0.0.0.0/0")
                                                    .build()))));
        }
        return removals;
    }

    private static String ref(Output output) {
        return "${" + output.name() + "}";
    }

    private static Step table(String name) {
        return Step.of("ec2/create-route-table.json", "create-route-table", name, Map.of("NAME", name))
                .producing(TABLES.get(name), "RouteTable.RouteTableId");
    }

    private static Step routeToNat(String name, Output table, NatGatewaysResource.Gateway gateway) {
        return Step.of(
                "ec2/create-route-to-nat-gateway.json",
                "create-route",
                name,
                Map.of("ROUTE_TABLE_ID", ref(table), "NAT_GATEWAY_ID", ref(gateway.id())));
    }

    private static Step association(String name, Output table, SubnetsResource.Subnet subnet) {
        return Step.of(
                "ec2/associate-route-table.json",
                "associate-route-table",
                name,
                Map.of("ROUTE_TABLE_ID", ref(table), "SUBNET_ID", ref(subnet.id())));
    }

    @Override
    void discover(StackContext stack, StackSettings settings, StackState state) {
        TABLES.forEach((name, output) ->
                stack.aws.ec2().describeRouteTables(r -> r.filters(stack.named(name))).routeTables().stream()
                        .filter(table -> stack.isNamed(table.tags(), name))
                        .findFirst()
                        .ifPresent(table -> state.put(output, table.routeTableId())));
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        return switch (request) {
            case CreateRouteRequest route ->
                Diff.exists(
                        stack
                                .aws
                                .ec2()
                                .describeRouteTables(r -> r.routeTableIds(route.routeTableId()))
                                .routeTables()
                                .stream()
                                .flatMap(t -> t.routes().stream())
                                .anyMatch(r -> route.destinationCidrBlock().equals(r.destinationCidrBlock())));
            case AssociateRouteTableRequest association -> association(stack, step, association);
            default -> Diff.exists(known(step, state));
        };
    }

    /**
     * A subnet associated with another of the stack's tables (NAT_PER_AZ changed) moves to the planned one in place
     * (ReplaceRouteTableAssociation): AWS refuses a second association.
     */
    private static Diff association(StackContext stack, Step step, AssociateRouteTableRequest wanted) {
        Optional<RouteTableAssociation> current = stack
                .aws
                .ec2()
                .describeRouteTables(r -> r.filters(StackContext.filter("association.subnet-id", wanted.subnetId())))
                .routeTables()
                .stream()
                .flatMap(t -> t.associations().stream())
                .filter(a -> wanted.subnetId().equals(a.subnetId()))
                .findFirst();
        return association(step, wanted, current);
    }

    /** The subnet's association as it is: none, this table's, or another of the stack's (moved in place). */
    static Diff association(Step step, AssociateRouteTableRequest wanted, Optional<RouteTableAssociation> current) {
        if (current.isEmpty()) {
            return Diff.MISSING;
        }
        if (current.get().routeTableId().equals(wanted.routeTableId())) {
            return Diff.SAME;
        }
        return Diff.of(List.of(Change.of(
                "subnet %s: route table %s → %s (%s)"
                        .formatted(
                                wanted.subnetId(),
                                current.get().routeTableId(),
                                wanted.routeTableId(),
                                NatGatewaysResource.NAT_PER_AZ),
                step,
                "replace-route-table-association",
                JSON.createObjectNode()
                        .put("AssociationId", current.get().routeTableAssociationId())
                        .put("RouteTableId", wanted.routeTableId()))));
    }

    /** Each table's subnets are disassociated first: AWS refuses to delete a table that has any. */
    @Override
    void delete(StackContext stack, StackState state) {
        List<String> tables = TABLES.values().stream()
                .flatMap(output -> state.get(output).stream())
                .toList();
        for (String id : tables) {
            stack
                    .aws
                    .ec2()
                    .describeRouteTables(r -> r.routeTableIds(id))
                    .routeTables()
                    .getFirst()
                    .associations()
                    .stream()
                    .filter(a -> !Boolean.TRUE.equals(a.main()))
                    .map(RouteTableAssociation::routeTableAssociationId)
                    .forEach(a -> stack.call(
                            "disassociate " + a,
                            () -> stack.aws.ec2().disassociateRouteTable(r -> r.associationId(a))));
        }
        tables.forEach(id -> stack.call(
                "delete route table " + id, () -> stack.aws.ec2().deleteRouteTable(r -> r.routeTableId(id))));
    }

    @Override
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return stack.aws.ec2().describeRouteTables(r -> r.filters(stack.tagged())).routeTables().stream()
                .filter(t -> stack.ours(t.tags()))
                .map(t -> "route table " + t.routeTableId())
                .toList();
    }
}
