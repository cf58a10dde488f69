package ecstest.deploy.rollout;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.aws.MutatingCall;
import ecstest.deploy.settings.Location;
import ecstest.deploy.settings.Services;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.stack.Plan;
import ecstest.deploy.stack.StackState;
import ecstest.deploy.stack.TaskDefinitionsResource;
import ecstest.deploy.template.Templates;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentLifecycleStage;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.StopServiceDeploymentRequest;
import software.amazon.awssdk.services.ecs.model.StopServiceDeploymentResponse;
import software.amazon.awssdk.services.ecs.model.StopServiceDeploymentStopType;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceResponse;

/**
 * {@code deploy}, {@code restart}, {@code watch} and {@code rollback}: pins each service's task definition to an
 * image digest, registers a new revision when it differs from the running one, updates the service, and follows
 * the service deployment that update started, by its ARN, through its lifecycle stages and traffic shifts. A
 * rollback (an alarm, the circuit breaker, a stop), or the deadline, is a failure, reported with its cause and
 * the reasons the stopped tasks give.
 */
public final class Rollout {

    private final AwsClients aws;
    private final StackSettings settings;
    private final Templates templates;
    private final String stack;
    private final PrintWriter out;
    private final DeploymentFollower follower;
    private final RetryStrategy retries = AwsClients.retryStrategy();

    /** The states of a deployment a rollback request has reached. */
    private static final Set<ServiceDeploymentStatus> ROLLING_BACK = Set.of(
            ServiceDeploymentStatus.ROLLBACK_REQUESTED,
            ServiceDeploymentStatus.ROLLBACK_IN_PROGRESS,
            ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL,
            ServiceDeploymentStatus.ROLLBACK_FAILED);

    public Rollout(
            AwsClients aws,
            StackSettings settings,
            Templates templates,
            PrintWriter out,
            Duration timeout,
            Duration poll) {
        this.aws = aws;
        this.settings = settings;
        this.templates = templates;
        this.stack = settings.stack();
        this.out = out;
        this.follower = new DeploymentFollower(aws, stack, out, timeout, poll);
    }

    /**
     * The images to deploy: {@code <registry>/<service>@<digest>} from Jib's {@code target/jib-image.digest},
     * or the digest ECR holds for {@code tag}; a digest given for a service ({@code deploy --digest}) comes first.
     */
    public Images images(Path repositoryRoot, String tag, Map<String, String> digests) {
        List<String> unknown = digests.keySet().stream()
                .filter(service -> !Services.NAMES.contains(service))
                .toList();
        if (!unknown.isEmpty()) {
            throw new DeployException("--digest names no service of the stack: " + unknown + " (the services: "
                    + String.join(", ", Services.NAMES) + ")");
        }
        String registry = settings.require(Location.ACCOUNT_ID) + ".dkr.ecr." + settings.require(Location.REGION)
                + ".amazonaws.com";
        return Images.of(service -> {
            String digest = digests.containsKey(service)
                    ? checkedDigest(digests.get(service), "--digest " + service)
                    : tag != null ? digestOf(service, tag) : jibDigest(repositoryRoot, service);
            return registry + "/" + Services.repository(stack, service) + "@" + digest;
        });
    }

    /** @return true when every service runs its new revision */
    public boolean deploy(Images images, boolean dryRun) {
        return deploy(images, dryRun, null);
    }

    /**
     * @param waitUntil return once each service's deployment reaches this lifecycle stage (null: once it is over)
     * @return true when every service runs its new revision (or has reached {@code waitUntil})
     */
    public boolean deploy(Images images, boolean dryRun, ServiceDeploymentLifecycleStage waitUntil) {
        Plan pinned = Plan.of(
                settings.with(TaskDefinitionsResource.GATE_IMAGE, images.gateServer())
                        .with(TaskDefinitionsResource.DATA_IMAGE, images.dataServer()),
                templates);
        pinned.check(); // before any call

        for (String service : Services.NAMES) {
            RegisterTaskDefinitionRequest revision = (RegisterTaskDefinitionRequest)
                    pinned.render(TaskDefinitionsResource.step(service), new StackState())
                            .request();
            if (TaskDefinitionsResource.sameAsLatest(aws, revision)) {
                out.printf("  %s: already runs %s; nothing to deploy%n", service, images.of(service));
                continue;
            }
            if (dryRun) {
                out.printf(
                        "  %s: would register a new revision of %s with %s and roll it out%n",
                        service, revision.family(), images.of(service));
                continue;
            }
            // once: a registration whose answer was lost is the family's latest revision, not registered again
            String arn = MutatingCall.send(
                    retries,
                    () -> aws.ecs()
                            .registerTaskDefinition(AwsClients.singleAttempt(revision))
                            .taskDefinition()
                            .taskDefinitionArn(),
                    failure -> TaskDefinitionsResource.latestAsWanted(aws, revision));
            out.printf("  %s: registered %s%n", service, arn);
            boolean runs = rollOut(
                    service,
                    r -> r.taskDefinition(arn),
                    before -> existing(service).taskDefinition().equals(arn),
                    waitUntil);
            if (!runs) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code restart}: a new deployment of the revision the service runs (its tasks replaced, so they read their
     * Parameter Store settings again), followed as {@link #deploy} follows one.
     *
     * @return true when the new deployment completed
     */
    public boolean restart(String service, boolean dryRun) {
        Service current = existing(service);
        String revision =
                current.taskDefinition().substring(current.taskDefinition().lastIndexOf('/') + 1);
        if (dryRun) {
            out.printf(
                    "  %s: would replace its %d tasks with new ones of %s:%n"
                            + "    aws ecs update-service --cluster %s --service %s --force-new-deployment%n",
                    service, current.desiredCount(), revision, stack, service);
            return true;
        }
        out.printf("  %s: a new deployment of %s%n", service, revision);
        // a forced deployment sent twice would start two: one whose answer was lost is found by its listing
        return rollOut(
                service,
                r -> r.forceNewDeployment(true),
                before -> follower.startedAfter(service, before).isPresent(),
                null);
    }

    /**
     * {@code watch}: follows the deployment of the service that is under way, as {@link #deploy} does; with none under
     * way, says how the newest one ended, which decides the verdict as if it had been followed (a pipeline that
     * watches after an alarm rolled the deployment back must fail, naming the alarm).
     */
    public boolean watch(String service, ServiceDeploymentLifecycleStage waitUntil) {
        existing(service);
        Optional<String> arn = follower.underWay(service);
        if (arn.isPresent()) {
            return verdict(service, arn.get(), follower.follow(service, arn.get(), waitUntil));
        }
        Optional<String> newest = follower.newest(service);
        if (newest.isEmpty()) {
            out.printf(
                    "  %s: no deployment under way, and none before it; it runs %s%n",
                    service, existing(service).taskDefinition());
            return true;
        }
        DeploymentProgress last = DeploymentProgress.of(follower.describe(newest.get()));
        out.printf(
                "  %s: no deployment under way; the newest, %s, ended %s%n",
                service, DeploymentFollower.shortArn(newest.get()), last.line());
        return verdict(service, newest.get(), last);
    }

    /**
     * {@code rollback}: stops the deployment under way (StopServiceDeployment, ROLLBACK) and follows it back.
     *
     * @return true when the service is back on its previous revision
     */
    public boolean rollback(String service, boolean dryRun) {
        existing(service);
        Optional<String> arn = follower.underWay(service);
        if (arn.isEmpty()) {
            throw new DeployException(service + " has no deployment under way to roll back; to go back to earlier"
                    + " images, deploy them: ecs-test deploy --digest " + service + "=sha256:…");
        }
        if (dryRun) {
            out.printf(
                    "  %s: would roll back %s:%n    aws ecs stop-service-deployment --service-deployment-arn %s"
                            + " --stop-type ROLLBACK%n",
                    service, DeploymentFollower.shortArn(arn.get()), arn.get());
            return true;
        }
        MutatingCall.send(
                retries,
                () -> aws.ecs()
                        .stopServiceDeployment(AwsClients.singleAttempt(StopServiceDeploymentRequest.builder()
                                .serviceDeploymentArn(arn.get())
                                .stopType(StopServiceDeploymentStopType.ROLLBACK)
                                .build())),
                failure -> ROLLING_BACK.contains(follower.describe(arn.get()).status())
                        ? Optional.of(StopServiceDeploymentResponse.builder().build())
                        : Optional.empty());
        out.printf("  %s: rolling back %s%n", service, DeploymentFollower.shortArn(arn.get()));
        DeploymentProgress end = follower.follow(service, arn.get(), null);
        if (end.outcome() == DeploymentProgress.Outcome.ROLLED_BACK) {
            out.printf(
                    "  %s: rolled back; it runs %s again%n",
                    service, existing(service).taskDefinition());
            return true;
        }
        out.printf("  %s: the rollback ended %s: %s%n", service, end.line(), end.cause());
        return false;
    }

    /** The service as ECS describes it; a missing or deleted one stops the command with what to do. */
    public Service existing(String service) {
        DeployException missing =
                new DeployException("stack " + stack + " has no service " + service + ": run `ecs-test up` first");
        try {
            return aws.ecs().describeServices(r -> r.cluster(stack).services(service)).services().stream()
                    .filter(found -> !"INACTIVE".equals(found.status()))
                    .findFirst()
                    .orElseThrow(() -> missing);
        } catch (ClusterNotFoundException noCluster) {
            throw missing;
        }
    }

    /**
     * Updates the service, then follows the service deployment that update started, by its ARN.
     *
     * @param tookEffect given the deployments listed before it: whether an update whose answer was lost took effect
     */
    private boolean rollOut(
            String service,
            Consumer<UpdateServiceRequest.Builder> change,
            Predicate<Set<String>> tookEffect,
            ServiceDeploymentLifecycleStage waitUntil) {
        Set<String> before = follower.recent(service);
        UpdateServiceRequest.Builder update =
                UpdateServiceRequest.builder().cluster(stack).service(service);
        change.accept(update);
        MutatingCall.send(
                retries,
                () -> aws.ecs().updateService(AwsClients.singleAttempt(update.build())),
                failure -> tookEffect.test(before)
                        ? Optional.of(UpdateServiceResponse.builder().build())
                        : Optional.empty());
        String arn = follower.startedAfter(service, before)
                .orElseThrow(() -> new DeployException(
                        service + ": ECS lists no new service deployment after the update; see `ecs-test status`"));
        out.printf("  %s: service deployment %s%n", service, arn);
        return verdict(service, arn, follower.follow(service, arn, waitUntil));
    }

    private boolean verdict(String service, String arn, DeploymentProgress end) {
        String id = DeploymentFollower.shortArn(arn);
        switch (end.outcome()) {
            case SUCCEEDED -> {
                out.printf("  %s: deployment %s successful%n", service, id);
                return true;
            }
            case IN_PROGRESS -> {
                out.printf(
                        "  %s: deployment %s reached %s; it goes on in ECS (`ecs-test watch %s` follows it)%n",
                        service, id, end.stage(), service);
                return true;
            }
            case ROLLED_BACK -> {
                out.printf("  %s: deployment %s rolled back: %s%n", service, id, end.cause());
                alarmReasons(arn).forEach(reason -> out.println("    " + reason));
            }
            default -> out.printf("  %s: deployment %s ended %s: %s%n", service, id, end.line(), end.cause());
        }
        stoppedTaskReasons(service).forEach(reason -> out.println("    stopped task: " + reason));
        return false;
    }

    /** Why each alarm that rolled the deployment back went into ALARM, as CloudWatch says it. */
    private List<String> alarmReasons(String arn) {
        var alarms = follower.describe(arn).alarms();
        if (alarms == null || alarms.triggeredAlarmNames().isEmpty()) {
            return List.of();
        }
        return aws.cloudWatch().describeAlarms(r -> r.alarmNames(alarms.triggeredAlarmNames())).metricAlarms().stream()
                .map(alarm -> "alarm " + alarm.alarmName() + ": " + alarm.stateReason())
                .toList();
    }

    private List<String> stoppedTaskReasons(String service) {
        List<String> arns = aws.ecs()
                .listTasks(r -> r.cluster(stack).serviceName(service).desiredStatus("STOPPED"))
                .taskArns();
        if (arns.isEmpty()) {
            return List.of();
        }
        return aws.ecs().describeTasks(r -> r.cluster(stack).tasks(arns)).tasks().stream()
                .map(Rollout::reason)
                .toList();
    }

    private static String reason(Task task) {
        String containers = task.containers().stream()
                .filter(c -> c.reason() != null || c.exitCode() != null)
                .map(c -> c.name()
                        + (c.exitCode() == null ? "" : " exit " + c.exitCode())
                        + (c.reason() == null ? "" : " " + c.reason()))
                .collect(Collectors.joining("; "));
        return task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1) + ": " + task.stoppedReason()
                + (containers.isEmpty() ? "" : " (" + containers + ")");
    }

    private String digestOf(String service, String tag) {
        try {
            return aws.ecr()
                    .describeImages(r -> r.repositoryName(Services.repository(stack, service))
                            .imageIds(id -> id.imageTag(tag)))
                    .imageDetails()
                    .getFirst()
                    .imageDigest();
        } catch (ImageNotFoundException ex) {
            throw new DeployException(
                    "ECR repository " + Services.repository(stack, service) + " has no image tagged " + tag
                            + ": push it first (./mvnw -pl gate-server,data-server -am package jib:build -Daws.account=… -Dstack="
                            + stack + ")");
        }
    }

    private static String checkedDigest(String digest, String source) {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new DeployException(source + " is not an image digest (sha256: and 64 hex digits): " + digest);
        }
        return digest;
    }

    private String jibDigest(Path root, String service) {
        Path file = root.resolve(service).resolve("target/jib-image.digest");
        try {
            return checkedDigest(Files.readString(file).trim(), file.toString());
        } catch (java.io.IOException ex) {
            throw new DeployException("no image digest for " + service + " at " + file
                    + ": push the images first (./mvnw -pl gate-server,data-server -am package jib:build -Daws.account=… -Dstack="
                    + stack + ")"
                    + " or name a pushed tag with --tag");
        }
    }
}
