package ecstest.deploy.stack;

import ecstest.deploy.config.Services;
import ecstest.deploy.template.Step;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryRequest;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * The ECR repositories the images are pushed to, one per service, named after it. Another stack in the account
 * may share the names: only a repository tagged with this stack is this stack's to delete.
 */
final class RepositoriesResource extends Resource {

    @Override
    String title() {
        return "ECR repositories";
    }

    @Override
    List<Step> steps(Map<String, String> values) {
        return List.of(repository("gate-server"), repository("data-server"));
    }

    private static Step repository(String service) {
        return Step.of("ecr/create-repository.json", "create-repository", service, Map.of("SERVICE", service));
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, Map<String, String> known) {
        String name = ((CreateRepositoryRequest) request).repositoryName();
        try {
            return Diff.exists(!stack.aws
                    .ecr()
                    .describeRepositories(r -> r.repositoryNames(name))
                    .repositories()
                    .isEmpty());
        } catch (RepositoryNotFoundException ex) {
            return Diff.MISSING;
        }
    }

    @Override
    void delete(StackContext stack, Map<String, String> ids) {
        for (String name : Services.NAMES) {
            if (ownedBy(stack, name)) {
                stack.call(
                        "delete ECR repository " + name + " and its images",
                        () -> stack.aws
                                .ecr()
                                .deleteRepository(r -> r.repositoryName(name).force(true)));
            }
        }
    }

    @Override
    List<String> leftovers(StackContext stack, Map<String, String> values) {
        return Services.NAMES.stream()
                .filter(name -> ownedBy(stack, name))
                .map(name -> "ECR repository " + name)
                .toList();
    }

    /** True when the repository exists and carries this stack's tag. */
    private static boolean ownedBy(StackContext stack, String name) {
        try {
            String arn = stack.aws
                    .ecr()
                    .describeRepositories(r -> r.repositoryNames(name))
                    .repositories()
                    .getFirst()
                    .repositoryArn();
            return stack.aws.ecr().listTagsForResource(r -> r.resourceArn(arn)).tags().stream()
                    .anyMatch(tag -> tag.key().equals(StackContext.STACK_TAG)
                            && tag.value().equals(stack.stack));
        } catch (RepositoryNotFoundException gone) {
            return false;
        }
    }
}
