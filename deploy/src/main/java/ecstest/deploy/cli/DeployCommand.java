package ecstest.deploy.cli;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.rollout.Images;
import ecstest.deploy.rollout.Rollout;
import ecstest.deploy.settings.StackSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentLifecycleStage;

@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = {
            "Rolls out new images, pinned by digest, and waits for that rollout to complete.",
            "",
            "The digests come from Jib (<service>/target/jib-image.digest, written by jib:build) or from",
            "ECR for --tag. A new task definition revision is registered only when it differs; the",
            "service is updated and the service deployment it starts is followed by its ARN: each",
            "lifecycle stage and traffic shift is printed as it happens. Exits 0 only when the deployment",
            "is SUCCESSFUL (or has reached --wait-until); a rollback (an alarm, the circuit breaker,",
            "`ecs-test rollback`) or the deadline exits 1 naming the cause. Ctrl-C stops following, not",
            "the deployment: `ecs-test watch SERVICE` follows it again, `ecs-test rollback SERVICE` stops it."
        })
final class DeployCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Option(names = "--tag", description = "Deploy the images ECR holds under this tag (default: Jib's digests).")
    String tag;

    @Option(
            names = "--digest",
            paramLabel = "SERVICE=sha256:…",
            description = "Deploy this digest of the service's repository, over Jib's or --tag's (repeatable).")
    Map<String, String> digests = new LinkedHashMap<>();

    @Option(
            names = "--timeout",
            defaultValue = "PT15M",
            description = "How long to wait for each rollout (default: 15 min).")
    Duration timeout;

    @Option(
            names = "--wait-until",
            paramLabel = "STAGE",
            converter = StageConverter.class,
            description = {
                "Return once each service's deployment reaches this lifecycle stage (e.g. BAKE_TIME), leaving",
                "the rest to ECS: for pipelines with long bakes. Default: follow each deployment to its end."
            })
    ServiceDeploymentLifecycleStage waitUntil;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StackSettings settings = options.settings();
        try (AwsClients aws = options.clients(settings)) {
            Rollout rollout = options.rollout(aws, settings, spec.commandLine().getOut(), timeout);
            Path root = options.home().toAbsolutePath().getParent();
            Images images = rollout.images(root, tag, digests);
            return rollout.deploy(images, options.dryRun, waitUntil) ? 0 : 1;
        }
    }
}
