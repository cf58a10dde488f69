package ecstest.deploy.stack;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.aws.SdkCalls;
import ecstest.deploy.aws.SdkSubset;
import ecstest.deploy.config.Services;
import ecstest.deploy.template.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * A task definition family per service ({@code <stack>-<service>}). Its images are {@code deploy}'s: a setting
 * that changes a revision (task size, environment, health check...) registers a new one with the images the
 * service runs, and the service moves to it ({@link EcsServicesResource}).
 */
public final class TaskDefinitionsResource extends Resource {

    /** Where {@code up} keeps the revision a run registered for a service, until the service moves to it. */
    static String revisionKey(String service) {
        return "NEW_REVISION:" + service;
    }

    /** What the services step finds in {@link #revisionKey} when a dry run would register the revision. */
    static final String NOT_YET_REGISTERED = "(the revision registered above)";

    @Override
    String title() {
        return "task definitions";
    }

    @Override
    List<Step> steps(Map<String, String> values) {
        return Services.NAMES.stream()
                .map(service -> Step.of(
                        "ecs/register-task-definition-" + service + ".json",
                        "register-task-definition",
                        service,
                        Map.of()))
                .toList();
    }

    /**
     * Against the revision the service runs, images aside; before there is a service, against the family's latest
     * revision.
     */
    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, Map<String, String> known) {
        RegisterTaskDefinitionRequest wanted = (RegisterTaskDefinitionRequest) request;
        Optional<Service> service = stack.service(step.name());
        if (service.isEmpty()) {
            return Diff.exists(sameAsLatest(stack.aws, wanted));
        }
        TaskDefinition running = stack.aws
                .ecs()
                .describeTaskDefinition(r -> r.taskDefinition(service.get().taskDefinition()))
                .taskDefinition();
        RegisterTaskDefinitionRequest keeping = wanted.toBuilder()
                .containerDefinitions(wanted.containerDefinitions().stream()
                        .map(container -> container.toBuilder()
                                .image(imageOf(running, container))
                                .build())
                        .toList())
                .build();
        if (SdkSubset.covers(keeping, running)) {
            return Diff.SAME;
        }
        return Diff.of(List.of(Change.of(
                "%s runs %s:%d, which differs in %s: a new revision with the images it runs"
                        .formatted(
                                step.name(),
                                running.family(),
                                running.revision(),
                                String.join(", ", SdkSubset.differences(keeping, running))),
                step,
                "register-task-definition",
                keeping)));
    }

    private static String imageOf(TaskDefinition running, ContainerDefinition container) {
        return running.containerDefinitions().stream()
                .filter(c -> c.name().equals(container.name()))
                .map(ContainerDefinition::image)
                .findFirst()
                .orElse(container.image());
    }

    /** A new revision is registered only when the family's latest differs in what the template sets. */
    public static boolean sameAsLatest(AwsClients aws, RegisterTaskDefinitionRequest wanted) {
        return latestAsWanted(aws, wanted).isPresent();
    }

    /** The ARN of the family's latest revision when it has everything the request sets, else empty. */
    public static Optional<String> latestAsWanted(AwsClients aws, RegisterTaskDefinitionRequest wanted) {
        TaskDefinition latest;
        try {
            latest = aws.ecs()
                    .describeTaskDefinition(r -> r.taskDefinition(wanted.family()))
                    .taskDefinition();
        } catch (ClientException ex) {
            return Optional.empty(); // no revision yet
        }
        // a deregistered (INACTIVE) revision cannot run: it does not count
        return "ACTIVE".equals(latest.statusAsString()) && SdkSubset.covers(wanted, latest)
                ? Optional.of(latest.taskDefinitionArn())
                : Optional.empty();
    }

    /**
     * A revision whose registration's answer was lost is the family's latest, as wanted: that is the revision the
     * service moves to (registering it again would leave an identical one unused).
     */
    @Override
    boolean changedAfterAll(
            StackContext stack, Step step, SdkRequest request, Change change, Map<String, String> known) {
        Optional<String> registered = latestAsWanted(stack.aws, (RegisterTaskDefinitionRequest) change.request());
        registered.ifPresent(arn -> known.put(revisionKey(step.name()), arn));
        return registered.isPresent();
    }

    /** The revision a change registered, for the service's step to move to (a placeholder in a dry run). */
    @Override
    void applied(Step step, Change change, SdkResponse response, Map<String, String> known) {
        known.put(
                revisionKey(step.name()),
                response == null
                        ? NOT_YET_REGISTERED
                        : (String) SdkCalls.at(response, "taskDefinition.taskDefinitionArn"));
    }

    @Override
    void delete(StackContext stack, Map<String, String> ids) {
        active(stack)
                .forEach(arn -> stack.call(
                        "deregister " + arn,
                        () -> stack.aws.ecs().deregisterTaskDefinition(r -> r.taskDefinition(arn))));
    }

    private static List<String> active(StackContext stack) {
        List<String> arns = new ArrayList<>();
        for (String service : Services.NAMES) {
            // familyPrefix is a prefix: stack a's a-data-server would also list stack a-data-server-b's families
            stack
                    .aws
                    .ecs()
                    .listTaskDefinitionsPaginator(
                            r -> r.familyPrefix(stack.name(service)).status("ACTIVE"))
                    .taskDefinitionArns()
                    .stream()
                    .filter(arn -> family(arn).equals(stack.name(service)))
                    .forEach(arns::add);
        }
        return arns;
    }

    /** {@code arn:aws:ecs:…:task-definition/<family>:<revision>} → the family. */
    private static String family(String arn) {
        String familyAndRevision = arn.substring(arn.lastIndexOf('/') + 1);
        return familyAndRevision.substring(0, familyAndRevision.lastIndexOf(':'));
    }

    @Override
    List<String> leftovers(StackContext stack, Map<String, String> values) {
        return active(stack).stream().map(arn -> "task definition " + arn).toList();
    }
}
