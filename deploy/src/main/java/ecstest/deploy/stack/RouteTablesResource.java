package ecstest.deploy.stack;

import ecstest.deploy.template.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.model.AssociateRouteTableRequest;
import software.amazon.awssdk.services.ec2.model.CreateRouteRequest;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public route table (default route to the internet gateway) and the private one (default route to the NAT
 * gateway), each associated with its tier's subnets; with {@code NAT_PER_AZ=true} AZ b's private subnet gets a
 * table of its own, through AZ b's gateway, so that losing one AZ does not cut the other off.
 */
final class RouteTablesResource extends Resource {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The tables' ID variables, as discovery fills them from their Name tags. */
    private static final Map<String, String> TABLES = Map.of(
            "public", "PUBLIC_ROUTE_TABLE_ID",
            "private", "PRIVATE_ROUTE_TABLE_ID",
            "private-b", "PRIVATE_B_ROUTE_TABLE_ID");

    @Override
    String title() {
        return "route tables";
    }

    @Override
    List<Step> steps(Map<String, String> values) {
        List<Step> steps = new ArrayList<>(List.of(
                table("public"),
                Step.of(
                        "ec2/create-route-to-internet-gateway.json",
                        "create-route",
                        "public-default",
                        Map.of("ROUTE_TABLE_ID", "${PUBLIC_ROUTE_TABLE_ID}")),
                association("public-a", "${PUBLIC_ROUTE_TABLE_ID}", "${PUBLIC_SUBNET_A_ID}"),
                association("public-b", "${PUBLIC_ROUTE_TABLE_ID}", "${PUBLIC_SUBNET_B_ID}"),
                table("private"),
                routeToNat("private-default", "${PRIVATE_ROUTE_TABLE_ID}", "${NAT_GATEWAY_ID}"),
                association("private-a", "${PRIVATE_ROUTE_TABLE_ID}", "${PRIVATE_SUBNET_A_ID}")));
        if (NatGatewaysResource.perAz(values)) {
            steps.addAll(List.of(
                    table("private-b"),
                    routeToNat("private-b-default", "${PRIVATE_B_ROUTE_TABLE_ID}", "${NAT_B_GATEWAY_ID}"),
                    association("private-b", "${PRIVATE_B_ROUTE_TABLE_ID}", "${PRIVATE_SUBNET_B_ID}")));
        } else {
            steps.add(association("private-b", "${PRIVATE_ROUTE_TABLE_ID}", "${PRIVATE_SUBNET_B_ID}"));
        }
        return steps;
    }

    private static Step table(String name) {
        return Step.of("ec2/create-route-table.json", "create-route-table", name, Map.of("NAME", name))
                .producing(TABLES.get(name), "RouteTable.RouteTableId");
    }

    private static Step routeToNat(String name, String table, String gateway) {
        return Step.of(
                "ec2/create-route-to-nat-gateway.json",
                "create-route",
                name,
                Map.of("ROUTE_TABLE_ID", table, "NAT_GATEWAY_ID", gateway));
    }

    private static Step association(String name, String table, String subnet) {
        return Step.of(
                "ec2/associate-route-table.json",
                "associate-route-table",
                name,
                Map.of("ROUTE_TABLE_ID", table, "SUBNET_ID", subnet));
    }

    @Override
    void discover(StackContext stack, Map<String, String> values, Map<String, String> ids) {
        for (String name : List.of("public", "private", "private-b")) {
            stack.aws.ec2().describeRouteTables(r -> r.filters(stack.named(name))).routeTables().stream()
                    .filter(table -> stack.isNamed(table.tags(), name))
                    .findFirst()
                    .ifPresent(table -> ids.put(TABLES.get(name), table.routeTableId()));
        }
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, Map<String, String> known) {
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
            default -> Diff.exists(known(step, known));
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
        if (current.isEmpty()) {
            return Diff.MISSING;
        }
        if (current.get().routeTableId().equals(wanted.routeTableId())) {
            return Diff.SAME;
        }
        return Diff.of(List.of(Change.of(
                "subnet %s: route table %s → %s (NAT_PER_AZ)"
                        .formatted(wanted.subnetId(), current.get().routeTableId(), wanted.routeTableId()),
                step,
                "replace-route-table-association",
                JSON.createObjectNode()
                        .put("AssociationId", current.get().routeTableAssociationId())
                        .put("RouteTableId", wanted.routeTableId()))));
    }

    /** Each table's subnets are disassociated first: AWS refuses to delete a table that has any. */
    @Override
    void delete(StackContext stack, Map<String, String> ids) {
        List<String> tables = List.of("public", "private", "private-b").stream()
                .map(name -> ids.get(TABLES.get(name)))
                .filter(Objects::nonNull)
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
    List<String> leftovers(StackContext stack, Map<String, String> values) {
        return stack.aws.ec2().describeRouteTables(r -> r.filters(stack.tagged())).routeTables().stream()
                .filter(t -> stack.ours(t.tags()))
                .map(t -> "route table " + t.routeTableId())
                .toList();
    }
}
