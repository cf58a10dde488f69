package ecstest.deploy.stack;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsErrors;
import ecstest.deploy.template.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The stack as one ordered graph of resource kinds: each needs only kinds before it (subnets the VPC, the NAT
 * gateway a public subnet and the attached internet gateway, the services everything else). {@code up} walks it
 * forward, {@code down} backward, discovery and the leak audit ask every kind.
 */
public final class StackPlan {

    /** In creation order; a kind is stateless, so one instance serves every stack. */
    public static final List<Resource> RESOURCES = List.of(
            new RolesResource(),
            new RepositoriesResource(),
            new VpcResource(),
            new SubnetsResource(),
            new InternetGatewayResource(),
            new NatGatewaysResource(),
            new RouteTablesResource(),
            new SecurityGroupsResource(),
            new LoadBalancerResource(),
            new TargetGroupsResource(),
            new ListenerResource(),
            new AlarmsResource(),
            new CloudMapResource(),
            new ClusterResource(),
            new LogGroupsResource(),
            new TaskDefinitionsResource(),
            new EcsServicesResource(),
            new ScalingResource());

    /**
     * Resource IDs: each is produced by a step of the plan (with every optional part of it), and read from the
     * account afterwards; and three cut from the load balancer's and target group's ARNs (StackRenderer).
     */
    static final Set<String> RESOURCE_IDS = Stream.concat(
                    StackPlan.steps(Map.of("NAT_PER_AZ", "true", "GATE_TARGET_REQUESTS_PER_TASK", "1")).stream()
                            .map(Step::produces)
                            .filter(Objects::nonNull),
                    Stream.of("ALB_RESOURCE_LABEL", "LOAD_BALANCER_DIMENSION", "TARGET_GROUP_DIMENSION"))
            .collect(Collectors.toUnmodifiableSet());

    /** One call of the plan, with the kind that knows its resource. */
    record Entry(Resource resource, Step step) {}

    private StackPlan() {}

    /**
     * Every call for a stack's settings, in order: {@code NAT_PER_AZ=true} adds a NAT gateway and a private route
     * table per AZ, {@code GATE_TARGET_REQUESTS_PER_TASK} a second scaling policy, on the load balancer's requests.
     */
    static List<Entry> entries(Map<String, String> values) {
        return RESOURCES.stream()
                .flatMap(resource -> resource.steps(values).stream().map(step -> new Entry(resource, step)))
                .toList();
    }

    public static List<Step> steps(Map<String, String> values) {
        return entries(values).stream().map(Entry::step).toList();
    }

    /** The plan for the default settings: one NAT gateway, scaling on CPU only. */
    public static List<Step> steps() {
        return steps(Map.of());
    }

    public static List<Step> steps(boolean natPerAz) {
        return steps(Map.of("NAT_PER_AZ", String.valueOf(natPerAz)));
    }

    /**
     * The IDs of the stack's resources that exist now ({@link #RESOURCE_IDS}), found by the tags and names
     * the templates give them: the account is the state, there is no state file to lose or to disagree with it.
     */
    public static Map<String, String> discover(StackContext stack, Map<String, String> values) {
        Map<String, String> ids = new LinkedHashMap<>();
        reading(() -> RESOURCES.forEach(resource -> resource.discover(stack, values, ids)));
        return ids;
    }

    /** What the stack would name as its own but another stack (or none) owns, one line each: {@code up} stops on it. */
    static List<String> claimedElsewhere(StackContext stack) {
        List<String> claimed = new ArrayList<>();
        reading(() -> RESOURCES.forEach(resource -> claimed.addAll(resource.claimedElsewhere(stack))));
        return claimed;
    }

    /** Everything of the stack that still exists, asked of every kind: the leak audit. */
    static List<String> leftovers(StackContext stack, Map<String, String> values) {
        List<String> left = new ArrayList<>();
        reading(() -> RESOURCES.forEach(resource -> left.addAll(resource.leftovers(stack, values))));
        return left;
    }

    private static void reading(Runnable reads) {
        try {
            reads.run();
        } catch (AwsServiceException ex) {
            throw new DeployException(
                    "cannot read the stack from AWS: " + AwsErrors.describe(ex)
                            + "; check the credentials and region, or the deploying role's policies"
                            + " (`deploy/ecs-test admin-setup`)",
                    ex);
        } catch (SdkClientException ex) {
            throw new DeployException("cannot reach AWS: " + ex.getMessage(), ex);
        }
    }
}
