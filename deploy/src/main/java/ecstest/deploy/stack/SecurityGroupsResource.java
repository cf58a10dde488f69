package ecstest.deploy.stack;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsErrors;
import ecstest.deploy.template.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;

/**
 * Three security groups, each open only to the one before it: the load balancer's (HTTP from anywhere),
 * gate-server's (its port, from the load balancer's group), data-server's (its port, from gate-server's group).
 */
final class SecurityGroupsResource extends Resource {

    /** Each group by its name after {@code <stack>-}, with its description and ID variable, in creation order. */
    private record Group(String name, String description, String id) {}

    private static final List<Group> GROUPS = List.of(
            new Group("alb", "HTTP from anywhere to the load balancer", "ALB_SECURITY_GROUP_ID"),
            new Group("gate-server", "gate-server tasks: from the load balancer only", "GATE_SECURITY_GROUP_ID"),
            new Group("data-server", "data-server tasks: from gate-server only", "DATA_SECURITY_GROUP_ID"));

    @Override
    String title() {
        return "security groups";
    }

    @Override
    List<Step> steps(Map<String, String> values) {
        List<Step> steps = new ArrayList<>();
        for (Group group : GROUPS) {
            steps.add(Step.of(
                            "ec2/create-security-group.json",
                            "create-security-group",
                            group.name(),
                            Map.of("NAME", group.name(), "DESCRIPTION", group.description()))
                    .producing(group.id(), "GroupId"));
        }
        steps.add(Step.of(
                "ec2/authorize-security-group-ingress-from-anywhere.json",
                "authorize-security-group-ingress",
                "alb",
                Map.of("GROUP_ID", "${ALB_SECURITY_GROUP_ID}", "PORT", "80", "DESCRIPTION", "HTTP")));
        steps.add(fromGroup(
                "gate-server",
                "GATE_SECURITY_GROUP_ID",
                "ALB_SECURITY_GROUP_ID",
                "${GATE_PORT}",
                "from the load balancer"));
        steps.add(fromGroup(
                "data-server", "DATA_SECURITY_GROUP_ID", "GATE_SECURITY_GROUP_ID", "${DATA_PORT}", "from gate-server"));
        return steps;
    }

    private static Step fromGroup(String name, String group, String source, String port, String description) {
        return Step.of(
                "ec2/authorize-security-group-ingress-from-group.json",
                "authorize-security-group-ingress",
                name,
                Map.of(
                        "GROUP_ID",
                        "${" + group + "}",
                        "SOURCE_GROUP_ID",
                        "${" + source + "}",
                        "PORT",
                        port,
                        "DESCRIPTION",
                        description));
    }

    @Override
    void discover(StackContext stack, Map<String, String> values, Map<String, String> ids) {
        String vpc = ids.get("VPC_ID");
        if (vpc == null) {
            return;
        }
        for (Group group : GROUPS) {
            stack
                    .aws
                    .ec2()
                    .describeSecurityGroups(r -> r.filters(
                            StackContext.filter("vpc-id", vpc),
                            StackContext.filter("group-name", stack.name(group.name()))))
                    .securityGroups()
                    .stream()
                    .filter(found -> stack.isNamed(found.tags(), group.name()))
                    .findFirst()
                    .ifPresent(found -> ids.put(group.id(), found.groupId()));
        }
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, Map<String, String> known) {
        if (!(request instanceof AuthorizeSecurityGroupIngressRequest ingress)) {
            return Diff.exists(known(step, known));
        }
        return Diff.exists(
                stack.aws.ec2().describeSecurityGroups(r -> r.groupIds(ingress.groupId())).securityGroups().stream()
                        .flatMap(g -> g.ipPermissions().stream())
                        .anyMatch(existing ->
                                ingress.ipPermissions().stream().allMatch(wanted -> covers(existing, wanted))));
    }

    private static boolean covers(IpPermission existing, IpPermission wanted) {
        return Objects.equals(existing.ipProtocol(), wanted.ipProtocol())
                && Objects.equals(existing.fromPort(), wanted.fromPort())
                && Objects.equals(existing.toPort(), wanted.toPort())
                && wanted.ipRanges().stream()
                        .allMatch(range -> existing.ipRanges().stream()
                                .anyMatch(r -> r.cidrIp().equals(range.cidrIp())))
                && wanted.userIdGroupPairs().stream()
                        .allMatch(pair -> existing.userIdGroupPairs().stream()
                                .anyMatch(p -> p.groupId().equals(pair.groupId())));
    }

    /**
     * Once no network interface uses them, in reverse: data-server's group refers to gate-server's, which refers to
     * the load balancer's.
     */
    @Override
    void delete(StackContext stack, Map<String, String> ids) {
        List<String> groups = GROUPS.reversed().stream()
                .map(g -> ids.get(g.id()))
                .filter(Objects::nonNull)
                .toList();
        if (groups.isEmpty()) {
            return;
        }
        awaitNetworkInterfacesReleased(stack, groups);
        groups.forEach(id -> stack.call(
                "delete security group " + id, () -> stack.aws.ec2().deleteSecurityGroup(r -> r.groupId(id))));
    }

    /**
     * Stopped tasks and a deleted load balancer give their network interfaces back asynchronously; a group still
     * used by one cannot be deleted. Interfaces left "available" (which an emulator keeps) are deleted here where
     * the caller may.
     */
    private static void awaitNetworkInterfacesReleased(StackContext stack, List<String> groups) {
        Filter inGroups = StackContext.filter("group-id", groups.toArray(String[]::new));
        stack.aws.ec2().describeNetworkInterfaces(r -> r.filters(inGroups)).networkInterfaces().stream()
                .filter(eni -> "available".equals(eni.statusAsString()))
                .forEach(eni -> deleteNetworkInterface(stack, eni.networkInterfaceId()));
        stack.wait.until(
                "network interfaces in the stack's security groups",
                stack.timeouts.services(),
                () -> stack.aws
                                .ec2()
                                .describeNetworkInterfaces(r -> r.filters(inGroups))
                                .networkInterfaces()
                                .size() + " in use",
                "0 in use"::equals,
                state -> false);
    }

    /**
     * The deploying role may not delete network interfaces (they carry no stack tag, and no condition key names
     * the stack's VPC before it exists): on AWS the service that made one removes it, and the wait goes on.
     */
    private static void deleteNetworkInterface(StackContext stack, String id) {
        stack.out.println("    delete network interface " + id);
        try {
            stack.aws.ec2().deleteNetworkInterface(r -> r.networkInterfaceId(id));
        } catch (AwsServiceException ex) {
            if (AwsErrors.gone(ex)) {
                return;
            }
            if (!AwsErrors.denied(ex)) {
                throw new DeployException(
                        "cannot delete network interface %s: %s; run `down --yes` again once fixed: it resumes"
                                .formatted(id, AwsErrors.describe(ex)),
                        ex);
            }
            stack.out.println(
                    "      not allowed to the deploying role: left to the service that made it (the wait goes on)");
        }
    }

    @Override
    List<String> leftovers(StackContext stack, Map<String, String> values) {
        return stack.aws.ec2().describeSecurityGroups(r -> r.filters(stack.tagged())).securityGroups().stream()
                .filter(g -> stack.ours(g.tags()))
                .map(g -> "security group " + g.groupId() + " (" + g.groupName() + ")")
                .toList();
    }
}
