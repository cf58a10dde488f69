package ecstest.deploy.stack;

import ecstest.deploy.settings.Services;
import ecstest.deploy.settings.StackSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryRequest;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * The ECR repositories the images are pushed to, one per service, named {@code <stack>/<service>}: repository names are
 * unique in the account, so each stack has its own (pushed to with {@code jib:build -Dstack=<stack>}), which its
 * deploying role alone may push to and its tasks alone pull from. Before they were named per stack they were named
 * after the service alone; {@code down} and the audit still look for those, when they carry this stack's tag.
 */
final class RepositoriesResource extends Resource {

    @Override
    String title() {
        return "ECR repositories";
    }

    @Override
    List<Step> steps(StackSettings settings) {
        return List.of(repository("gate-server"), repository("data-server"));
    }

    private static Step repository(String service) {
        return Step.of("ecr/create-repository.json", "create-repository", service, Map.of("SERVICE", service));
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        return Diff.exists(repository(stack, ((CreateRepositoryRequest) request).repositoryName())
                .isPresent());
    }

    @Override
    List<String> claimedElsewhere(StackContext stack) {
        return Services.NAMES.stream()
                .map(service -> Services.repository(stack.stack, service))
                .flatMap(name -> repository(stack, name)
                        .map(repository -> tags(stack, repository))
                        .filter(tags -> !stack.ours(tags))
                        .map(tags -> stack.claimed("ECR repository " + name, tags))
                        .stream())
                .toList();
    }

    @Override
    void delete(StackContext stack, StackState state) {
        for (String name : ours(stack)) {
            stack.call(
                    "delete ECR repository " + name + " and its images",
                    () -> stack.aws
                            .ecr()
                            .deleteRepository(r -> r.repositoryName(name).force(true)));
        }
    }

    @Override
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return ours(stack).stream().map(name -> "ECR repository " + name).toList();
    }

    /** The stack's repositories that exist and carry its tag, by today's names and by the names before them. */
    private static List<String> ours(StackContext stack) {
        return Services.NAMES.stream()
                .flatMap(service -> Stream.of(Services.repository(stack.stack, service), service))
                .filter(name -> repository(stack, name)
                        .map(repository -> stack.ours(tags(stack, repository)))
                        .orElse(false))
                .toList();
    }

    private static Optional<Repository> repository(StackContext stack, String name) {
        try {
            return stack.aws.ecr().describeRepositories(r -> r.repositoryNames(name)).repositories().stream()
                    .findFirst();
        } catch (RepositoryNotFoundException gone) {
            return Optional.empty();
        }
    }

    /**
     * Its tags; none when they cannot be read: the deploying role may read only its own stack's repositories'
     * (the policy's condition on the stack's tag), so one it cannot read is not the stack's.
     */
    private static Tags tags(StackContext stack, Repository repository) {
        try {
            return Tags.of(
                    stack.aws
                            .ecr()
                            .listTagsForResource(r -> r.resourceArn(repository.repositoryArn()))
                            .tags(),
                    software.amazon.awssdk.services.ecr.model.Tag::key,
                    software.amazon.awssdk.services.ecr.model.Tag::value);
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException ex) {
            if (!ecstest.deploy.aws.AwsErrors.denied(ex)) {
                throw ex;
            }
            return Tags.NONE;
        }
    }
}
