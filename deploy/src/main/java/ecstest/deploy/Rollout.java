package ecstest.deploy;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * {@code deploy}: pins each service's task definition to an image digest, registers a new revision when it
 * differs from the running one, updates the service, and waits for that deployment (by ID) to complete.
 * A rollback by the circuit breaker, a failed rollout or the deadline is a failure, reported with the
 * reasons the stopped tasks give.
 */
final class Rollout {

    static final List<String> SERVICES = List.of("data-server", "gate-server");

    private final AwsClients aws;
    private final StackRenderer renderer;
    private final String stack;
    private final PrintWriter out;
    private final Duration timeout;
    private final Wait wait;

    Rollout(AwsClients aws, StackRenderer renderer, String stack, PrintWriter out, Duration timeout, Duration poll) {
        this.aws = aws;
        this.renderer = renderer;
        this.stack = stack;
        this.out = out;
        this.timeout = timeout;
        this.wait = new Wait(out, poll);
    }

    /**
     * The images to deploy: {@code <registry>/<service>@<digest>} from Jib's {@code target/jib-image.digest},
     * or the digest ECR holds for {@code tag}; a digest given for a service ({@code deploy --digest}) comes first.
     */
    Map<String, String> images(
            Map<String, String> values, Path repositoryRoot, String tag, Map<String, String> digests) {
        List<String> unknown = digests.keySet().stream()
                .filter(service -> !SERVICES.contains(service))
                .toList();
        if (!unknown.isEmpty()) {
            throw new DeployException("--digest names no service of the stack: " + unknown + " (the services: "
                    + String.join(", ", SERVICES) + ")");
        }
        String registry = values.get("ACCOUNT_ID") + ".dkr.ecr." + values.get("REGION") + ".amazonaws.com";
        Map<String, String> images = new LinkedHashMap<>();
        for (String service : SERVICES) {
            String digest = digests.containsKey(service)
                    ? checkedDigest(digests.get(service), "--digest " + service)
                    : tag != null ? digestOf(service, tag) : jibDigest(repositoryRoot, service);
            images.put(service, registry + "/" + service + "@" + digest);
        }
        return images;
    }

    /** @return true when every service runs its new revision */
    boolean deploy(Map<String, String> values, Map<String, String> images, boolean dryRun) {
        Map<String, String> pinned = new LinkedHashMap<>(values);
        pinned.put("GATE_IMAGE", images.get("gate-server"));
        pinned.put("DATA_IMAGE", images.get("data-server"));
        renderer.render(pinned); // checked before any call
        StepState state = new StepState(aws);
        for (String service : SERVICES) {
            RegisterTaskDefinitionRequest revision = taskDefinition(service, pinned);
            if (state.sameAsLatest(revision)) {
                out.printf("  %s: already runs %s; nothing to deploy%n", service, images.get(service));
                continue;
            }
            if (dryRun) {
                out.printf(
                        "  %s: would register a new revision of %s with %s and roll it out%n",
                        service, revision.family(), images.get(service));
                continue;
            }
            String arn =
                    aws.ecs().registerTaskDefinition(revision).taskDefinition().taskDefinitionArn();
            out.printf("  %s: registered %s%n", service, arn);
            Service updated = aws.ecs()
                    .updateService(r -> r.cluster(stack).service(service).taskDefinition(arn))
                    .service();
            String deploymentId = primaryDeployment(updated);
            if (!awaitDeployment(service, deploymentId)) {
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
    boolean restart(String service, boolean dryRun) {
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
        Service updated = aws.ecs()
                .updateService(r -> r.cluster(stack).service(service).forceNewDeployment(true))
                .service();
        String deploymentId = primaryDeployment(updated);
        out.printf("  %s: new deployment %s of %s%n", service, deploymentId, revision);
        return awaitDeployment(service, deploymentId);
    }

    /** The service as ECS describes it; a missing or deleted one stops the command with what to do. */
    Service existing(String service) {
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

    private static String primaryDeployment(Service service) {
        return service.deployments().stream()
                .filter(d -> "PRIMARY".equals(d.status()))
                .map(Deployment::id)
                .findFirst()
                .orElseThrow(() -> new DeployException(service.serviceName() + " reports no PRIMARY deployment"));
    }

    private boolean awaitDeployment(String service, String deploymentId) {
        RolloutVerdict[] last = new RolloutVerdict[1];
        try {
            wait.until(
                    "deployment " + deploymentId + " of " + service,
                    timeout,
                    () -> {
                        last[0] = RolloutVerdict.of(describe(service), deploymentId);
                        return last[0].state() + " " + last[0].detail();
                    },
                    state -> state.startsWith("COMPLETED"),
                    state -> state.startsWith("FAILED") || state.startsWith("ROLLED_BACK"));
            out.printf("  %s: deployment %s completed%n", service, deploymentId);
            return true;
        } catch (DeployException failed) {
            out.printf("  %s: %s%n", service, failed.getMessage());
            stoppedTaskReasons(service).forEach(reason -> out.println("    stopped task: " + reason));
            return false;
        }
    }

    private Service describe(String service) {
        return aws.ecs()
                .describeServices(r -> r.cluster(stack).services(service))
                .services()
                .getFirst();
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

    private RegisterTaskDefinitionRequest taskDefinition(String service, Map<String, String> values) {
        List<Step> steps = StackPlan.steps(values);
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step.operation().equals("register-task-definition")
                    && step.name().equals(service)) {
                return (RegisterTaskDefinitionRequest)
                        renderer.render(i, values).request();
            }
        }
        throw new IllegalStateException("no task definition step for " + service);
    }

    private String digestOf(String service, String tag) {
        try {
            return aws.ecr()
                    .describeImages(r -> r.repositoryName(service).imageIds(id -> id.imageTag(tag)))
                    .imageDetails()
                    .getFirst()
                    .imageDigest();
        } catch (ImageNotFoundException ex) {
            throw new DeployException("ECR repository " + service + " has no image tagged " + tag
                    + ": push it first (./mvnw -pl gate-server,data-server -am package jib:build -Daws.account=…)");
        }
    }

    private static String checkedDigest(String digest, String source) {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new DeployException(source + " is not an image digest (sha256: and 64 hex digits): " + digest);
        }
        return digest;
    }

    private static String jibDigest(Path root, String service) {
        Path file = root.resolve(service).resolve("target/jib-image.digest");
        try {
            return checkedDigest(Files.readString(file).trim(), file.toString());
        } catch (java.io.IOException ex) {
            throw new DeployException("no image digest for " + service + " at " + file
                    + ": push the images first (./mvnw -pl gate-server,data-server -am package jib:build -Daws.account=…)"
                    + " or name a pushed tag with --tag");
        }
    }
}
