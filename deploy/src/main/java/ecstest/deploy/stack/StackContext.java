package ecstest.deploy.stack;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.aws.AwsErrors;
import ecstest.deploy.aws.Wait;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Service;

/** What a {@link Resource} works with: the account's clients, the stack's name, the console, the waits. */
public final class StackContext {

    /** The tag every taggable resource of the stack carries, with the stack's name as its value. */
    public static final String STACK_TAG = "ecs-test:stack";

    /** How long {@code up} and {@code down} wait for what AWS creates or deletes asynchronously. */
    /**
     * How long {@code up} waits for what AWS makes asynchronously.
     *
     * @param certificate a certificate's DNS validation: AWS issues it minutes after the record is written (ACM's
     *     documentation allows up to half an hour)
     */
    public record Timeouts(
            Duration natGateway,
            Duration loadBalancer,
            Duration namespace,
            Duration services,
            Duration certificate,
            Duration poll) {
        public static Timeouts standard() {
            return new Timeouts(
                    Duration.ofMinutes(10),
                    Duration.ofMinutes(10),
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(15),
                    Duration.ofMinutes(45),
                    Duration.ofSeconds(5));
        }
    }

    final AwsClients aws;
    final String stack;
    final PrintWriter out;
    final Timeouts timeouts;
    final Wait wait;

    public StackContext(AwsClients aws, String stack, PrintWriter out, Timeouts timeouts) {
        this.aws = aws;
        this.stack = stack;
        this.out = out;
        this.timeouts = timeouts;
        this.wait = new Wait(out, timeouts.poll());
    }

    /** For reads only: discovery, the audit (nothing to print, nothing to wait for). */
    public StackContext(AwsClients aws, String stack) {
        this(aws, stack, new PrintWriter(java.io.Writer.nullWriter()), Timeouts.standard());
    }

    /** {@code <stack>-<suffix>}: how the stack names its resources. */
    String name(String suffix) {
        return stack + "-" + suffix;
    }

    /** The ECS service of that name in the stack's cluster, unless it is deleted (INACTIVE) or there is no cluster. */
    Optional<Service> service(String name) {
        try {
            return aws.ecs().describeServices(r -> r.cluster(stack).services(name)).services().stream()
                    .filter(s -> "ACTIVE".equals(s.status()))
                    .findFirst();
        } catch (ClusterNotFoundException ex) {
            return Optional.empty();
        }
    }

    /** Whether a resource's tags name this stack as its owner. */
    boolean ours(Tags tags) {
        return tags.stack().filter(stack::equals).isPresent();
    }

    /** An EC2 resource's tags. */
    static Tags tags(List<Tag> tags) {
        return Tags.of(tags, Tag::key, Tag::value);
    }

    /**
     * An EC2 resource of this stack: the filters of {@link #tagged()} and {@link #named} ask EC2 for it, and this
     * checks the answer again, as an emulator (or a change in an API) may ignore a filter.
     */
    boolean ours(List<Tag> tags) {
        return ours(tags(tags));
    }

    /** An EC2 resource of this stack tagged {@code Name=<stack>-<suffix>}. */
    boolean isNamed(List<Tag> tags, String suffix) {
        Tags found = tags(tags);
        return ours(found) && found.get("Name").filter(name(suffix)::equals).isPresent();
    }

    /**
     * A resource the stack would name so ({@code what}: "load balancer ecs-test") is another stack's, or no stack's:
     * one line for {@code up} to stop on, before any change, naming the owner and the setting that chooses the name.
     */
    String claimed(String what, Tags tags) {
        String owner = tags.stack().orElse(null);
        return what
                + (owner == null
                        ? " exists without the tag " + STACK_TAG + " (not made by ecs-test for stack " + stack + ")"
                        : " belongs to stack " + owner + " (tag " + STACK_TAG + "=" + owner + ")")
                + ": the name comes from --stack " + stack + "; choose another stack name, or delete it by hand if"
                + " nothing uses it";
    }

    /** An Elastic Load Balancing resource's tags (a load balancer's, a target group's). */
    Tags elbTags(String arn) {
        return Tags.of(
                aws.elb().describeTags(r -> r.resourceArns(arn)).tagDescriptions().stream()
                        .flatMap(description -> description.tags().stream())
                        .toList(),
                software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag::key,
                software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag::value);
    }

    /** EC2 filters for the stack's resource tagged {@code Name=<stack>-<suffix>}. */
    Filter[] named(String suffix) {
        return new Filter[] {tag(STACK_TAG, stack), tag("Name", name(suffix))};
    }

    /** EC2 filter for everything tagged with this stack. */
    Filter tagged() {
        return tag(STACK_TAG, stack);
    }

    static Filter tag(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }

    static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    /**
     * A deletion {@code down} makes: printed, and an AWS error said with the way on. An answer that it is not there (a
     * retry of a delete whose first answer was lost, another run before this one) counts as done: null is returned.
     */
    void call(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    <T> T call(String what, Supplier<T> action) {
        out.println("    " + what);
        try {
            return action.get();
        } catch (AwsServiceException ex) {
            if (AwsErrors.gone(ex)) {
                out.println("      already gone (" + AwsErrors.code(ex) + ")");
                return null;
            }
            throw new DeployException(
                    "cannot %s: %s; run `down --yes` again once fixed: it resumes"
                            .formatted(what, AwsErrors.describe(ex)),
                    ex);
        }
    }
}
