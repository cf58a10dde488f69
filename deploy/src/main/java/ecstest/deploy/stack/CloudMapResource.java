package ecstest.deploy.stack;

import ecstest.deploy.config.Services;
import ecstest.deploy.template.Step;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.servicediscovery.model.CreateServiceRequest;
import software.amazon.awssdk.services.servicediscovery.model.DnsRecord;
import software.amazon.awssdk.services.servicediscovery.model.DuplicateRequestException;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceFilter;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceFilterName;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceProperties;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceSummary;
import software.amazon.awssdk.services.servicediscovery.model.OperationTargetType;
import software.amazon.awssdk.services.servicediscovery.model.ServiceFilter;
import software.amazon.awssdk.services.servicediscovery.model.ServiceFilterName;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The private DNS namespace ({@code NAMESPACE}, e.g. ecs-test) in the VPC and a Cloud Map service per ECS
 * service, whose A records ECS keeps to the tasks' addresses: {@code data-server.ecs-test} resolves inside the VPC.
 */
final class CloudMapResource extends Resource {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String registryVariable(String service) {
        return Services.prefix(service) + "_REGISTRY_ARN";
    }

    @Override
    String title() {
        return "Cloud Map";
    }

    @Override
    List<Step> steps(Map<String, String> values) {
        return List.of(
                Step.of(
                                "servicediscovery/create-private-dns-namespace.json",
                                "create-private-dns-namespace",
                                "",
                                Map.of())
                        .producing("NAMESPACE_ID", "OperationId"),
                registry("gate-server"),
                registry("data-server"));
    }

    private static Step registry(String service) {
        return Step.of("servicediscovery/create-service.json", "create-service", service, Map.of("SERVICE", service))
                .producing(registryVariable(service), "Service.Arn");
    }

    /**
     * The stack's namespace: a private DNS namespace tagged for the stack whose hosted zone answers in the stack's
     * VPC. Its name alone says nothing: every stack's is NAMESPACE (ecs-test), so that gate-server calls
     * data-server.ecs-test everywhere, and AWS allows one private zone of a name per VPC.
     */
    @Override
    void discover(StackContext stack, Map<String, String> values, Map<String, String> ids) {
        String vpc = ids.get("VPC_ID");
        namespaces(stack)
                .filter(ns -> ns.name().equals(values.get("NAMESPACE")))
                .filter(ns -> vpc == null || answersIn(stack, ns, vpc))
                .findFirst()
                .ifPresent(namespace -> {
                    ids.put("NAMESPACE_ID", namespace.id());
                    stack
                            .aws
                            .cloudMap()
                            .listServicesPaginator(r -> r.filters(ServiceFilter.builder()
                                    .name(ServiceFilterName.NAMESPACE_ID)
                                    .values(namespace.id())
                                    .build()))
                            .stream()
                            .flatMap(page -> page.services().stream())
                            .filter(s -> Services.NAMES.contains(s.name()))
                            .filter(s -> stack.ours(tags(stack, s.arn())))
                            .forEach(s -> ids.put(registryVariable(s.name()), s.arn()));
                });
    }

    /** The account's private DNS namespaces that carry the stack's tag. */
    private static Stream<NamespaceSummary> namespaces(StackContext stack) {
        return stack
                .aws
                .cloudMap()
                .listNamespacesPaginator(r -> r.filters(NamespaceFilter.builder()
                        .name(NamespaceFilterName.TYPE)
                        .values("DNS_PRIVATE")
                        .build()))
                .stream()
                .flatMap(page -> page.namespaces().stream())
                .filter(ns -> stack.ours(tags(stack, ns.arn())));
    }

    private static Map<String, String> tags(StackContext stack, String arn) {
        Map<String, String> tags = new HashMap<>();
        stack.aws
                .cloudMap()
                .listTagsForResource(r -> r.resourceARN(arn))
                .tags()
                .forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }

    /** Whether the namespace's private hosted zone (Cloud Map makes one per namespace) is associated with the VPC. */
    private static boolean answersIn(StackContext stack, NamespaceSummary namespace, String vpc) {
        NamespaceProperties properties = namespace.properties() != null
                ? namespace.properties()
                : stack.aws
                        .cloudMap()
                        .getNamespace(r -> r.id(namespace.id()))
                        .namespace()
                        .properties();
        String zone = properties.dnsProperties().hostedZoneId();
        return stack.aws.route53().getHostedZone(r -> r.id(zone)).vpCs().stream()
                .anyMatch(association -> vpc.equals(association.vpcId()));
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, Map<String, String> known) {
        if (!known(step, known)) {
            return Diff.MISSING;
        }
        return request instanceof CreateServiceRequest registry
                ? recordTtl(stack, step, registry, known.get(step.produces()))
                : Diff.SAME;
    }

    /** The records' TTL (DNS_TTL_SECONDS) changes in place (UpdateService). */
    private static Diff recordTtl(StackContext stack, Step step, CreateServiceRequest wanted, String arn) {
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        var existing = stack.aws.cloudMap().getService(r -> r.id(id)).service();
        List<DnsRecord> records =
                existing.dnsConfig() == null ? List.of() : existing.dnsConfig().dnsRecords();
        List<DnsRecord> wantedRecords = wanted.dnsConfig().dnsRecords();
        if (records.equals(wantedRecords)) {
            return Diff.SAME;
        }
        ObjectNode update = JSON.createObjectNode().put("Id", id);
        var array = update.putObject("Service").putObject("DnsConfig").putArray("DnsRecords");
        wantedRecords.forEach(
                record -> array.addObject().put("Type", record.typeAsString()).put("TTL", record.ttl()));
        return Diff.of(List.of(Change.of(
                "records of %s: TTL %s → %s s (DNS_TTL_SECONDS)"
                        .formatted(
                                wanted.name(),
                                records.isEmpty() ? "none" : records.getFirst().ttl(),
                                wantedRecords.getFirst().ttl()),
                step,
                "update-service",
                update)));
    }

    /** A namespace is made asynchronously: its ID is the operation's target once the operation succeeds. */
    @Override
    String created(StackContext stack, Step step, SdkResponse response) {
        String made = super.created(stack, step, response);
        if (!step.operation().equals("create-private-dns-namespace")) {
            return made;
        }
        awaitOperation(stack, "Cloud Map namespace (operation " + made + ")", made);
        return stack.aws
                .cloudMap()
                .getOperation(r -> r.operationId(made))
                .operation()
                .targets()
                .get(OperationTargetType.NAMESPACE);
    }

    /**
     * A namespace's creation sent again with the same CreatorRequestId while the first is under way is answered
     * DuplicateRequest, naming that operation: the namespace is the one it makes.
     */
    @Override
    Optional<String> madeAfterAll(
            StackContext stack,
            Step step,
            SdkRequest request,
            SdkException failure,
            Map<String, String> known,
            Map<String, String> values) {
        if (failure instanceof DuplicateRequestException duplicate && duplicate.duplicateOperationId() != null) {
            String operation = duplicate.duplicateOperationId();
            awaitOperation(stack, "Cloud Map namespace (operation " + operation + ")", operation);
            return Optional.of(stack.aws
                    .cloudMap()
                    .getOperation(r -> r.operationId(operation))
                    .operation()
                    .targets()
                    .get(OperationTargetType.NAMESPACE));
        }
        return super.madeAfterAll(stack, step, request, failure, known, values);
    }

    private static void awaitOperation(StackContext stack, String what, String operation) {
        stack.wait.until(
                what,
                stack.timeouts.namespace(),
                () -> stack.aws
                        .cloudMap()
                        .getOperation(r -> r.operationId(operation))
                        .operation()
                        .statusAsString(),
                "SUCCESS"::equals,
                "FAIL"::equals);
    }

    /** The services first: a namespace that has any cannot be deleted. */
    @Override
    void delete(StackContext stack, Map<String, String> ids) {
        for (String service : List.of("gate-server", "data-server")) {
            String arn = ids.get(registryVariable(service));
            if (arn != null) {
                String id = arn.substring(arn.lastIndexOf('/') + 1);
                stack.call(
                        "delete Cloud Map service " + id,
                        () -> stack.aws.cloudMap().deleteService(r -> r.id(id)));
            }
        }
        String namespace = ids.get("NAMESPACE_ID");
        if (namespace != null) {
            String operation = stack.call(
                    "delete namespace " + namespace,
                    () -> stack.aws
                            .cloudMap()
                            .deleteNamespace(r -> r.id(namespace))
                            .operationId());
            if (operation != null) {
                awaitOperation(stack, "namespace deletion " + operation, operation);
            }
        }
    }

    @Override
    List<String> leftovers(StackContext stack, Map<String, String> values) {
        return namespaces(stack)
                .map(ns -> "Cloud Map namespace " + ns.id() + " (" + ns.name() + ")")
                .toList();
    }
}
