package ecstest.deploy.stack;

import ecstest.deploy.template.Step;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;

/** The ECS cluster, named after the stack (Fargate: it holds no instances). */
final class ClusterResource extends Resource {

    @Override
    String title() {
        return "ECS cluster";
    }

    @Override
    List<Step> steps(Map<String, String> values) {
        return List.of(Step.of("ecs/create-cluster.json", "create-cluster", "", Map.of()));
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, Map<String, String> known) {
        return Diff.exists(!active(stack).isEmpty());
    }

    private static List<String> active(StackContext stack) {
        return stack.aws.ecs().describeClusters(r -> r.clusters(stack.stack)).clusters().stream()
                .filter(c -> "ACTIVE".equals(c.status()))
                .map(c -> c.clusterArn())
                .toList();
    }

    @Override
    void delete(StackContext stack, Map<String, String> ids) {
        if (!active(stack).isEmpty()) {
            stack.call(
                    "delete cluster " + stack.stack, () -> stack.aws.ecs().deleteCluster(r -> r.cluster(stack.stack)));
        }
    }

    @Override
    List<String> leftovers(StackContext stack, Map<String, String> values) {
        return active(stack).stream().map(arn -> "ECS cluster " + arn).toList();
    }
}
