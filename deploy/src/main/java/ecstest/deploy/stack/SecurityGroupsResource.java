package ecstest.deploy.stack;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsErrors;
import ecstest.deploy.settings.Services;
import ecstest.deploy.settings.Setting;
import ecstest.deploy.settings.StackSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * Three security groups, each open only to the one before it: the load balancer's (HTTP from anywhere),
 * gate-server's (its port, from the load balancer's group), data-server's (its port, from gate-server's group).
 */
final class SecurityGroupsResource extends Resource {

    /** Each group by its name after {@code <stack>-}, with its description and ID, in creation order. */
    record Group(String name, String description, Output id) {}

    static final Group ALB =
            new Group("alb", "HTTP from anywhere to the load balancer", Output.of("ALB_SECURITY_GROUP_ID"));
    static final Group GATE = new Group(
            "gate-server", "gate-server tasks: from the load balancer only", Output.of("GATE_SECURITY_GROUP_ID"));
    static final Group DATA =
            new Group("data-server", "data-server tasks: from gate-server only", Output.of("DATA_SECURITY_GROUP_ID"));

    private static final List<Group> GROUPS = List.of(ALB, GATE, DATA);

    @Override
    List<Output> outputs() {
        return GROUPS.stream().map(Group::id).toList();
    }

    @Override
    String title() {
        return "security groups";
    }

    @Override
    List<Step> steps(StackSettings settings) {
        List<Step> steps = new ArrayList<>();
        for (Group group : GROUPS) {
            steps.add(Step.of(
                            "ec2/create-security-group.json",
                            "create-security-group",
                            group.name(),
                            Map.of("NAME", group.name(), "DESCRIPTION", group.description()))
                    .producing(group.id(), "GroupId"));
        }
        steps.add(fromAnywhere("alb", 80, "HTTP"));
        if (DomainResource.named(settings)) {
            steps.add(fromAnywhere("alb-https", 443, "HTTPS"));
        }
        steps.add(fromGroup(GATE, ALB, Services.GATE_PORT, "from the load balancer"));
        steps.add(fromGroup(DATA, GATE, Services.DATA_PORT, "from gate-server"));
        return steps;
    }

    /** The load balancer's port open to the internet (HTTP, or with a domain HTTPS too). */
    private static Step fromAnywhere(String name, int port, String description) {
        return Step.of(
                        "ec2/authorize-security-group-ingress-from-anywhere.json",
                        "authorize-security-group-ingress",
                        name,
                        Map.of("GROUP_ID", ref(ALB.id()), "PORT", Integer.toString(port), "DESCRIPTION", description))
                .numbers("PORT");
    }

    /** Port 443 of a stack whose domain was emptied: closed once its HTTPS listener is gone (removals run after it). */
    @Override
    List<Change> removals(StackContext stack, StackSettings settings, StackState state) {
        if (DomainResource.named(settings) || !state.has(DomainResource.HTTPS_LISTENER_ARN) || !state.has(ALB.id())) {
            return List.of();
        }
        String group = state.id(ALB.id());
        IpPermission https = IpPermission.builder()
                .ipProtocol("tcp")
                .fromPort(443)
                .toPort(443)
                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build())
                .build();
        boolean open = stack.aws.ec2().describeSecurityGroups(r -> r.groupIds(group)).securityGroups().stream()
                .flatMap(g -> g.ipPermissions().stream())
                .anyMatch(existing -> covers(existing, https));
        return open
                ? List.of(Change.of(
                        "HTTPS (port 443) from anywhere to the load balancer: DOMAIN_NAME is empty",
                        fromAnywhere("alb-https", 443, "HTTPS"),
                        "revoke-security-group-ingress",
                        RevokeSecurityGroupIngressRequest.builder()
                                .groupId(group)
                                .ipPermissions(https)
                                .build()))
                : List.of();
    }

    private static String ref(Output output) {
        return "${" + output.name() + "}";
    }

    private static Step fromGroup(Group group, Group source, Setting port, String description) {
        return Step.of(
                        "ec2/authorize-security-group-ingress-from-group.json",
                        "authorize-security-group-ingress",
                        group.name(),
                        Map.of(
                                "GROUP_ID",
                                ref(group.id()),
                                "SOURCE_GROUP_ID",
                                ref(source.id()),
                                "PORT",
                                "${" + port.name() + "}",
                                "DESCRIPTION",
                                description))
                .numbers("PORT");
    }

    @Override
    void discover(StackContext stack, StackSettings settings, StackState state) {
        String vpc = state.get(VpcResource.VPC_ID).orElse(null);
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
                    .ifPresent(found -> state.put(group.id(), found.groupId()));
        }
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        if (!(request instanceof AuthorizeSecurityGroupIngressRequest ingress)) {
            return Diff.exists(known(step, state));
        }
        return ingress(
                ingress,
                stack.aws
                        .ec2()
                        .describeSecurityGroups(r -> r.groupIds(ingress.groupId()))
                        .securityGroups());
    }

    /** The rule exists when one of the group's permissions covers it (a port, from a range or another group). */
    static Diff ingress(AuthorizeSecurityGroupIngressRequest ingress, List<SecurityGroup> groups) {
        return Diff.exists(groups.stream()
                .flatMap(g -> g.ipPermissions().stream())
                .anyMatch(existing -> ingress.ipPermissions().stream().allMatch(wanted -> covers(existing, wanted))));
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
    void delete(StackContext stack, StackState state) {
        List<String> groups = GROUPS.reversed().stream()
                .flatMap(g -> state.get(g.id()).stream())
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
    static void awaitNetworkInterfacesReleased(StackContext stack, List<String> groups) {
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
                never -> false);
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
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return stack.aws.ec2().describeSecurityGroups(r -> r.filters(stack.tagged())).securityGroups().stream()
                .filter(g -> stack.ours(g.tags()))
                .map(g -> "security group " + g.groupId() + " (" + g.groupName() + ")")
                .toList();
    }
}
