package ecstest.deploy.stack;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.aws.Wait;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Service;

/** What a {@link Resource} works with: the account's clients, the stack's name, the console, the waits. */
public final class StackContext {

    /** The tag every taggable resource of the stack carries, with the stack's name as its value. */
    static final String STACK_TAG = "ecs-test:stack";

    /** How long {@code up} and {@code down} wait for what AWS creates or deletes asynchronously. */
    public record Timeouts(
            Duration natGateway, Duration loadBalancer, Duration namespace, Duration services, Duration poll) {
        public static Timeouts standard() {
            return new Timeouts(
                    Duration.ofMinutes(10),
                    Duration.ofMinutes(10),
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(15),
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

    /** A deletion {@code down} makes: printed, and an AWS error said with the way on. */
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
            throw new DeployException(
                    "cannot %s: %s (%s); run `down --yes` again once fixed: it resumes"
                            .formatted(
                                    what,
                                    ex.awsErrorDetails().errorMessage(),
                                    ex.awsErrorDetails().errorCode()),
                    ex);
        }
    }
}
