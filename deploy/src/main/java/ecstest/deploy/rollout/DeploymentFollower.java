package ecstest.deploy.rollout;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.aws.Wait;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentLifecycleStage;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;

/**
 * Follows one ECS service deployment by its ARN (ListServiceDeployments / DescribeServiceDeployments): prints each
 * lifecycle stage and traffic shift as it happens, and says how it ended and why. Ctrl-C stops the following, not
 * the deployment, and says how to follow it again or roll it back.
 */
public final class DeploymentFollower {

    private static final Set<ServiceDeploymentStatus> UNDER_WAY = Set.of(
            ServiceDeploymentStatus.PENDING,
            ServiceDeploymentStatus.IN_PROGRESS,
            ServiceDeploymentStatus.STOP_REQUESTED,
            ServiceDeploymentStatus.ROLLBACK_REQUESTED,
            ServiceDeploymentStatus.ROLLBACK_IN_PROGRESS);

    /** How long a deployment UpdateService started may take to be listed. */
    private static final Duration LISTED = Duration.ofSeconds(30);

    private final AwsClients aws;
    private final String stack;
    private final PrintWriter out;
    private final Duration timeout;
    private final Wait wait;

    DeploymentFollower(AwsClients aws, String stack, PrintWriter out, Duration timeout, Duration poll) {
        this.aws = aws;
        this.stack = stack;
        this.out = out;
        this.timeout = timeout;
        this.wait = new Wait(out, poll);
    }

    /** The ARNs of the service's recent deployments, to tell the one an update starts from those before it. */
    Set<String> recent(String service) {
        return briefs(service, List.of()).stream()
                .map(ServiceDeploymentBrief::serviceDeploymentArn)
                .collect(Collectors.toSet());
    }

    /**
     * The newest deployment of the service that is not among {@code before}: the one an update just started. ECS
     * may list it a moment after UpdateService returns, so it is looked for a few times, up to {@link #LISTED}.
     */
    Optional<String> startedAfter(String service, Set<String> before) {
        long deadline = System.nanoTime() + LISTED.toNanos();
        while (true) {
            Optional<String> started = newestOf(briefs(service, List.of()), before);
            if (started.isPresent() || System.nanoTime() > deadline) {
                return started;
            }
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }
    }

    /** The service's newest deployment, however it ended. */
    Optional<String> newest(String service) {
        return newestOf(briefs(service, List.of()), Set.of());
    }

    /** The deployment of the service that is under way, if one is. */
    Optional<String> underWay(String service) {
        return newestOf(briefs(service, List.copyOf(UNDER_WAY)), Set.of());
    }

    /**
     * The ARN of the most recently created of these deployments, leaving out {@code known} ones. ECS lists them in no
     * promised order, and an older deployment may still be listed while a newer one runs.
     */
    static Optional<String> newestOf(List<ServiceDeploymentBrief> briefs, Set<String> known) {
        return briefs.stream()
                .filter(brief -> !known.contains(brief.serviceDeploymentArn()))
                .max(Comparator.comparing(ServiceDeploymentBrief::createdAt))
                .map(ServiceDeploymentBrief::serviceDeploymentArn);
    }

    private List<ServiceDeploymentBrief> briefs(String service, List<ServiceDeploymentStatus> statuses) {
        return aws.ecs()
                .listServiceDeployments(r -> r.cluster(stack).service(service).status(statuses))
                .serviceDeployments();
    }

    ServiceDeployment describe(String arn) {
        List<ServiceDeployment> found = aws.ecs()
                .describeServiceDeployments(r -> r.serviceDeploymentArns(arn))
                .serviceDeployments();
        if (found.isEmpty()) {
            throw new DeployException("ECS knows no service deployment " + arn);
        }
        return found.getFirst();
    }

    /**
     * Follows the deployment until it is over, or until it reaches {@code until} (null: until it is over).
     *
     * @return how it ended; {@link DeploymentProgress.Outcome#IN_PROGRESS} when it reached {@code until}
     */
    DeploymentProgress follow(String service, String arn, ServiceDeploymentLifecycleStage until) {
        DeploymentProgress[] last = new DeploymentProgress[1];
        Thread interrupted = new Thread(
                () -> {
                    out.printf(
                            "%n  stopped following %s's deployment; it goes on in ECS.%n"
                                    + "  follow it again: ecs-test watch %s%s%n"
                                    + "  roll it back:    ecs-test rollback %s%s%n",
                            service, service, stackOption(), service, stackOption());
                    out.flush();
                },
                "stopped-following");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            wait.until(
                    service + " deployment " + shortArn(arn),
                    timeout,
                    () -> {
                        last[0] = DeploymentProgress.of(describe(arn));
                        return last[0].line();
                    },
                    line -> last[0].outcome().over() || (until != null && last[0].reached(until)),
                    line -> false);
        } catch (DeployException stillGoing) {
            throw new DeployException(service + "'s deployment " + shortArn(arn) + " is still "
                    + (last[0] == null ? "starting" : last[0].line()) + " after " + Wait.readable(timeout)
                    + "; it goes on in ECS: `ecs-test watch " + service + stackOption() + "` follows it again, "
                    + "`ecs-test rollback " + service + stackOption() + "` rolls it back");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it says what happened
            }
        }
        return last[0];
    }

    private String stackOption() {
        return "ecs-test".equals(stack) ? "" : " --stack " + stack;
    }

    /** The deployment's own ID, the last part of its ARN, as the console shows it. */
    public static String shortArn(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }
}
