package ecstest.deploy.stack;

import ecstest.deploy.DeployException;
import ecstest.deploy.settings.StackSettings;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.iam.model.CreateRoleRequest;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PutRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.Role;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stack's IAM roles, each with its inline policy: ECS's task-execution role, gate-server's task role
 * (data-server makes no AWS calls), and the role ECS shifts gate-server's traffic with. Each is created with the
 * permissions boundary an administrator creates once.
 */
final class RolesResource extends Resource {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Each role by the suffix after {@code <stack>-}, with its description, trust and permissions. */
    private record RoleSpec(String suffix, String description, String trustPolicy, String policy) {}

    private static final List<RoleSpec> ROLES = List.of(
            new RoleSpec(
                    "task-execution",
                    "Lets ECS pull the ${STACK} images and write their logs",
                    null,
                    "${EXECUTION_POLICY}"),
            new RoleSpec(
                    "gate-server-task",
                    "gate-server's own calls: its metrics, its settings",
                    null,
                    "${GATE_TASK_POLICY}"),
            new RoleSpec(
                    "load-balancers",
                    "Lets ECS shift gate-server's traffic between the ${STACK} target groups",
                    "${LOAD_BALANCERS_TRUST_POLICY}",
                    "${LOAD_BALANCERS_POLICY}"));

    /** The roles' suffixes after {@code <stack>-}. */
    static final List<String> SUFFIXES = ROLES.stream().map(RoleSpec::suffix).toList();

    @Override
    String title() {
        return "IAM roles";
    }

    /** The policy documents the roles' calls carry as text, each from its template. */
    @Override
    List<Fragment> fragments(StackSettings settings) {
        return List.of(
                new Fragment("TRUST_POLICY", "iam/task-execution-trust-policy.json", true),
                new Fragment("EXECUTION_POLICY", "iam/task-execution-policy.json", true),
                new Fragment("GATE_TASK_POLICY", "iam/gate-server-task-policy.json", true),
                new Fragment("LOAD_BALANCERS_TRUST_POLICY", "iam/load-balancers-trust-policy.json", true),
                new Fragment("LOAD_BALANCERS_POLICY", "iam/load-balancers-policy.json", true));
    }

    @Override
    List<Step> steps(StackSettings settings) {
        List<Step> steps = new ArrayList<>();
        for (RoleSpec role : ROLES) {
            Map<String, String> vars = role.trustPolicy() == null
                    ? Map.of("ROLE", role.suffix(), "ROLE_DESCRIPTION", role.description())
                    : Map.of(
                            "ROLE",
                            role.suffix(),
                            "ROLE_DESCRIPTION",
                            role.description(),
                            "TRUST_POLICY",
                            role.trustPolicy());
            steps.add(Step.of("iam/create-role.json", "create-role", role.suffix(), vars));
            steps.add(Step.of(
                    "iam/put-role-policy.json",
                    "put-role-policy",
                    role.suffix(),
                    Map.of("ROLE", role.suffix(), "POLICY_DOCUMENT", role.policy())));
        }
        return steps;
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        return switch (request) {
            case CreateRoleRequest role -> Diff.exists(roleExists(role, role(stack, role.roleName())));
            case PutRolePolicyRequest policy -> rolePolicy(stack, step, policy);
            default -> throw new IllegalStateException("not a role's call: " + step.operation());
        };
    }

    /**
     * The role exists with the permissions boundary the request names. One without it (made by an older version)
     * cannot be given it by the deployer, whose policy allows changing only roles that carry it.
     */
    static boolean roleExists(CreateRoleRequest wanted, Optional<Role> found) {
        if (found.isEmpty()) {
            return false;
        }
        Role role = found.get();
        String boundary = role.permissionsBoundary() == null
                ? null
                : role.permissionsBoundary().permissionsBoundaryArn();
        if (!wanted.permissionsBoundary().equals(boundary)) {
            throw new DeployException(("role %s exists without the permissions boundary %s (made before the stack's"
                            + " roles carried one); the deploying role may not change it: run `down --yes` with the"
                            + " credentials that built the stack, then `up`")
                    .formatted(wanted.roleName(), wanted.permissionsBoundary()));
        }
        return true;
    }

    private static Diff rolePolicy(StackContext stack, Step step, PutRolePolicyRequest wanted) {
        String document;
        try {
            document = stack.aws
                    .iam()
                    .getRolePolicy(r -> r.roleName(wanted.roleName()).policyName(wanted.policyName()))
                    .policyDocument();
        } catch (NoSuchEntityException ex) {
            document = null;
        }
        return rolePolicy(step, wanted, Optional.ofNullable(document));
    }

    /**
     * The role's inline policy as it is (empty: none yet), put again when its statements differ; IAM returns the
     * document URL-encoded, and key order or spacing is no difference.
     */
    static Diff rolePolicy(Step step, PutRolePolicyRequest wanted, Optional<String> document) {
        if (document.isEmpty()) {
            return Diff.MISSING;
        }
        if (JSON.readTree(URLDecoder.decode(document.get(), StandardCharsets.UTF_8))
                .equals(JSON.readTree(wanted.policyDocument()))) {
            return Diff.SAME;
        }
        return Diff.of(List.of(Change.of(
                "inline policy %s of %s: its statements differ from the template's"
                        .formatted(wanted.policyName(), wanted.roleName()),
                step,
                "put-role-policy",
                wanted)));
    }

    /**
     * The permissions boundary an administrator creates once (the deploying role may not): without it AWS refuses
     * the role with a less helpful message.
     */
    @Override
    void beforeCreate(StackContext stack, Step step, SdkRequest request) {
        if (!(request instanceof CreateRoleRequest role)) {
            return;
        }
        try {
            stack.aws.iam().getPolicy(r -> r.policyArn(role.permissionsBoundary()));
        } catch (NoSuchEntityException ex) {
            throw new DeployException(("the permissions boundary %s does not exist: an administrator creates it once"
                            + " (`deploy/ecs-test admin-setup --stack %s` prints the commands, or runs them with"
                            + " --apply), then run `up` again")
                    .formatted(role.permissionsBoundary(), stack.stack));
        }
    }

    /** The role of that name (names are unique in the account), whoever's it is. */
    private static Optional<Role> role(StackContext stack, String name) {
        try {
            return Optional.of(stack.aws.iam().getRole(r -> r.roleName(name)).role());
        } catch (NoSuchEntityException ex) {
            return Optional.empty();
        }
    }

    private static Tags tags(Role role) {
        return Tags.of(
                role.tags(),
                software.amazon.awssdk.services.iam.model.Tag::key,
                software.amazon.awssdk.services.iam.model.Tag::value);
    }

    /** The stack's roles that exist and carry its tag. */
    private static List<String> ours(StackContext stack) {
        return SUFFIXES.stream()
                .map(stack::name)
                .filter(name -> role(stack, name).map(r -> stack.ours(tags(r))).orElse(false))
                .toList();
    }

    @Override
    List<String> claimedElsewhere(StackContext stack) {
        List<String> claimed = new ArrayList<>();
        for (String suffix : SUFFIXES) {
            role(stack, stack.name(suffix))
                    .map(RolesResource::tags)
                    .filter(tags -> !stack.ours(tags))
                    .ifPresent(tags -> claimed.add(stack.claimed("IAM role " + stack.name(suffix), tags)));
        }
        return claimed;
    }

    /** Attached and inline policies go first: IAM refuses to delete a role that has any. */
    @Override
    void delete(StackContext stack, StackState state) {
        for (String role : ours(stack).reversed()) {
            try {
                stack.aws
                        .iam()
                        .listAttachedRolePolicies(r -> r.roleName(role))
                        .attachedPolicies()
                        .forEach(p -> stack.call(
                                "detach " + p.policyName(),
                                () -> stack.aws
                                        .iam()
                                        .detachRolePolicy(r -> r.roleName(role).policyArn(p.policyArn()))));
                stack.aws
                        .iam()
                        .listRolePolicies(r -> r.roleName(role))
                        .policyNames()
                        .forEach(name -> stack.call(
                                "delete inline policy " + name + " of " + role,
                                () -> stack.aws
                                        .iam()
                                        .deleteRolePolicy(r -> r.roleName(role).policyName(name))));
                stack.call("delete IAM role " + role, () -> stack.aws.iam().deleteRole(r -> r.roleName(role)));
            } catch (NoSuchEntityException gone) {
                // already deleted
            }
        }
    }

    @Override
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return ours(stack).stream().map(role -> "IAM role " + role).toList();
    }
}
