package ecstest.deploy.stack;

import ecstest.deploy.settings.StackSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;

/** The ECS cluster, named after the stack (Fargate: it holds no instances). */
final class ClusterResource extends Resource {

    @Override
    String title() {
        return "ECS cluster";
    }

    @Override
    List<Step> steps(StackSettings settings) {
        return List.of(Step.of("ecs/create-cluster.json", "create-cluster", "", Map.of()));
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        return Diff.exists(!active(stack).isEmpty());
    }

    /** The stack's cluster unless it is deleted (INACTIVE) or another stack's. */
    private static List<String> active(StackContext stack) {
        return named(stack).filter(c -> stack.ours(tags(c))).map(Cluster::clusterArn).stream()
                .toList();
    }

    /** The active cluster named after the stack (names are unique in a region), whoever's it is. */
    private static Optional<Cluster> named(StackContext stack) {
        return stack
                .aws
                .ecs()
                .describeClusters(r -> r.clusters(stack.stack).include(ClusterField.TAGS))
                .clusters()
                .stream()
                .filter(c -> "ACTIVE".equals(c.status()))
                .findFirst();
    }

    private static Tags tags(Cluster cluster) {
        return Tags.of(
                cluster.tags(),
                software.amazon.awssdk.services.ecs.model.Tag::key,
                software.amazon.awssdk.services.ecs.model.Tag::value);
    }

    @Override
    List<String> claimedElsewhere(StackContext stack) {
        return named(stack).map(ClusterResource::tags).filter(tags -> !stack.ours(tags)).stream()
                .map(tags -> stack.claimed("ECS cluster " + stack.stack, tags))
                .toList();
    }

    @Override
    void delete(StackContext stack, StackState state) {
        if (!active(stack).isEmpty()) {
            stack.call(
                    "delete cluster " + stack.stack, () -> stack.aws.ecs().deleteCluster(r -> r.cluster(stack.stack)));
        }
    }

    @Override
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return active(stack).stream().map(arn -> "ECS cluster " + arn).toList();
    }
}
