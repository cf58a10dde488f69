package ecstest.deploy.stack;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.aws.AwsErrors;
import ecstest.deploy.pricing.Bill;
import ecstest.deploy.pricing.Prices;
import ecstest.deploy.settings.Location;
import ecstest.deploy.settings.Services;
import ecstest.deploy.settings.Setting;
import ecstest.deploy.settings.SettingsRegistry;
import ecstest.deploy.settings.StackSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The stack as one ordered graph of resource kinds: each needs only kinds before it (subnets the VPC, the NAT gateway
 * a public subnet and the attached internet gateway, the services everything else). {@code up} walks it forward,
 * {@code down} backward, discovery and the leak audit ask every kind; the stack's settings are the kinds'.
 */
public final class StackPlan {

    /** In creation order; a kind is stateless, so one instance serves every stack. */
    static final List<Resource> RESOURCES = List.of(
            new RolesResource(),
            new RepositoriesResource(),
            new DomainResource(),
            new EgressResource(),
            new VpcResource(),
            new SubnetsResource(),
            new InternetGatewayResource(),
            new NatGatewaysResource(),
            new RouteTablesResource(),
            new SecurityGroupsResource(),
            new EndpointsResource(),
            new LoadBalancerResource(),
            new TargetGroupsResource(),
            new ListenerResource(),
            new AliasRecordResource(),
            new AlarmsResource(),
            new CloudMapResource(),
            new ClusterResource(),
            new LogGroupsResource(),
            new TaskDefinitionsResource(),
            new EcsServicesResource(),
            new ScalingResource());

    /** Every setting of a stack: where it is, its services' ports, and each kind's own. */
    public static final SettingsRegistry SETTINGS = new SettingsRegistry(Stream.of(
                    Location.SETTINGS.stream(),
                    Services.SETTINGS.stream(),
                    RESOURCES.stream().flatMap(resource -> resource.settings().stream()))
            .flatMap(settings -> settings)
            .toList());

    private StackPlan() {}

    /** The settings by what declares them, in the plan's order: the settings reference's sections. */
    public static SequencedMap<String, List<Setting>> settingsByKind() {
        SequencedMap<String, List<Setting>> sections = new LinkedHashMap<>();
        sections.put("Where the stack is", Location.SETTINGS);
        sections.put("The services", Services.SETTINGS);
        RESOURCES.stream()
                .filter(resource -> !resource.settings().isEmpty())
                .forEach(resource -> sections.put(
                        Character.toUpperCase(resource.title().charAt(0))
                                + resource.title().substring(1),
                        resource.settings()));
        return sections;
    }

    /** Every value that is not one its setting takes, and what the kinds refuse of the settings together. */
    public static List<String> problems(StackSettings settings) {
        List<String> problems = new ArrayList<>(settings.problems());
        if (problems.isEmpty()) {
            RESOURCES.forEach(resource -> problems.addAll(resource.check(settings)));
        }
        return problems;
    }

    /** Whether the stack has a domain of its own (DOMAIN_NAME): HTTPS, a certificate, records in a zone. */
    public static boolean named(StackSettings settings) {
        return DomainResource.named(settings);
    }

    /**
     * The settings with the domain's hosted zone said (HOSTED_ZONE_ID), found in the account when it is not: what the
     * deploying role's policy names as the one zone it may write in.
     */
    public static StackSettings withHostedZone(AwsClients aws, StackSettings settings) {
        if (!named(settings) || !settings.require(DomainResource.HOSTED_ZONE_ID).isEmpty()) {
            return settings;
        }
        StackContext stack = new StackContext(aws, settings.stack());
        String zone = reading(() -> DomainResource.zone(stack, settings))
                .map(found -> DomainResource.plain(found.id()))
                .orElseThrow(() -> new DeployException("DOMAIN_NAME=" + settings.require(DomainResource.DOMAIN_NAME)
                        + " is under no public hosted zone of the account: create one (or set HOSTED_ZONE_ID)"));
        return settings.with(DomainResource.HOSTED_ZONE_ID, zone);
    }

    /** What a stack of these settings costs per month, in its region's prices, each kind pricing what it makes. */
    public static Bill bill(StackSettings settings) {
        Bill.Builder bill = new Bill.Builder(Prices.of(settings.require(Location.REGION)));
        RESOURCES.forEach(resource -> resource.bill(settings, bill));
        return bill.build();
    }

    /** The monthly total with each other EGRESS, the stack's own first. */
    public static SequencedMap<String, Double> monthlyByEgress(StackSettings settings) {
        SequencedMap<String, Double> totals = new LinkedHashMap<>();
        String own = EgressResource.egress(settings);
        totals.put(own, bill(settings).monthly());
        for (String egress : List.of(EgressResource.NAT, EgressResource.PUBLIC, EgressResource.ENDPOINTS)) {
            if (!egress.equals(own)) {
                // NAT_PER_AZ only with EGRESS=nat: the other modes as they are made, one NAT gateway as the default
                StackSettings other = settings.with(EgressResource.EGRESS, egress)
                        .with(
                                NatGatewaysResource.NAT_PER_AZ,
                                egress.equals(EgressResource.NAT)
                                        ? settings.require(NatGatewaysResource.NAT_PER_AZ)
                                        : "false");
                totals.put(egress, bill(other).monthly());
            }
        }
        return totals;
    }

    /** The bill as a terminal shows it: where the prices come from, the lines, the total, the other EGRESS. */
    public static List<String> billText(StackSettings settings) {
        Bill bill = bill(settings);
        List<String> text = new ArrayList<>();
        text.add("what the stack costs while it is up (" + bill.prices().source() + "):");
        text.addAll(bill.text());
        SequencedMap<String, Double> byEgress = monthlyByEgress(settings);
        double own = byEgress.firstEntry().getValue();
        List<String> others = byEgress.entrySet().stream()
                .skip(1) // the stack's own
                .map(other -> "EGRESS=%s $%.2f (%s$%.2f)"
                        .formatted(
                                other.getKey(),
                                other.getValue(),
                                other.getValue() >= own ? "+" : "-",
                                Math.abs(other.getValue() - own)))
                .toList();
        text.add("  with " + String.join(", with ", others) + " per month");
        return text;
    }

    /**
     * The AWS APIs that {@code EGRESS=endpoints} gives the tasks an interface endpoint for, by the name after
     * {@code com.amazonaws.<region>.} (which is also their SigV4 signing name): what ECS calls for a task and what
     * gate-server calls.
     */
    public static List<String> endpointServices() {
        return EndpointsResource.INTERFACES.stream()
                .map(EndpointsResource.Interface::service)
                .toList();
    }

    /** The stack's URL, for a load balancer of that DNS name: its own name over HTTPS when it has one. */
    public static String url(StackSettings settings, String loadBalancerDnsName) {
        return DomainResource.url(settings).orElse("http://" + loadBalancerDnsName + "/");
    }

    /** A setting of the stack, by name: for verbs that take one (the ones a kind declares are its own). */
    public static Setting setting(String name) {
        return SETTINGS.find(name).orElseThrow(() -> new IllegalArgumentException("no setting " + name));
    }

    /**
     * The outputs of the stack's resources that exist now, found by the tags and names the templates give them: the
     * account is the state, there is no state file to lose or to disagree with it.
     */
    public static StackState discover(StackContext stack, StackSettings settings) {
        StackState state = new StackState();
        reading(() -> RESOURCES.forEach(resource -> resource.discover(stack, settings, state)));
        return state;
    }

    /** What the stack would name as its own but another stack (or none) owns, one line each: {@code up} stops on it. */
    static List<String> claimedElsewhere(StackContext stack) {
        List<String> claimed = new ArrayList<>();
        reading(() -> RESOURCES.forEach(resource -> claimed.addAll(resource.claimedElsewhere(stack))));
        return claimed;
    }

    /** Everything of the stack that still exists, asked of every kind: the leak audit. */
    static List<String> leftovers(StackContext stack, StackSettings settings) {
        List<String> left = new ArrayList<>();
        reading(() -> RESOURCES.forEach(resource -> left.addAll(resource.leftovers(stack, settings))));
        return left;
    }

    private static void reading(Runnable reads) {
        reading(() -> {
            reads.run();
            return null;
        });
    }

    private static <T> T reading(java.util.function.Supplier<T> reads) {
        try {
            return reads.get();
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
