package ecstest.deploy.stack;

import ecstest.deploy.settings.Services;
import ecstest.deploy.settings.Setting;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.settings.Type;
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

    static final Setting NAMESPACE = new Setting(
            "NAMESPACE",
            Type.dnsName(),
            "ecs-test",
            "the private DNS namespace the services' names end in: gate-server calls data-server.<NAMESPACE> (the"
                    + " same in every stack: each has its own namespace of that name on its own VPC)",
            Setting.Change.REBUILD);

    static final Setting DNS_TTL_SECONDS = new Setting(
            "DNS_TTL_SECONDS",
            Type.whole(0, 86_400, "a DNS TTL in seconds"),
            "10",
            "how long a resolver keeps the services' A records: a replaced task's address is forgotten this soon",
            Setting.Change.IN_PLACE);

    static final Output NAMESPACE_ID = Output.of("NAMESPACE_ID");

    /** The discovery service of each ECS service, by the service's name. */
    static final Map<String, Output> REGISTRIES =
            Map.of("gate-server", Output.of("GATE_REGISTRY_ARN"), "data-server", Output.of("DATA_REGISTRY_ARN"));

    @Override
    List<Setting> settings() {
        return List.of(NAMESPACE, DNS_TTL_SECONDS);
    }

    @Override
    List<Output> outputs() {
        return List.of(NAMESPACE_ID, REGISTRIES.get("gate-server"), REGISTRIES.get("data-server"));
    }

    @Override
    String title() {
        return "Cloud Map";
    }

    @Override
    List<Step> steps(StackSettings settings) {
        return List.of(
                Step.of(
                                "servicediscovery/create-private-dns-namespace.json",
                                "create-private-dns-namespace",
                                "",
                                Map.of())
                        .producing(NAMESPACE_ID, "OperationId"),
                registry("gate-server"),
                registry("data-server"));
    }

    private static Step registry(String service) {
        return Step.of("servicediscovery/create-service.json", "create-service", service, Map.of("SERVICE", service))
                .producing(REGISTRIES.get(service), "Service.Arn");
    }

    /**
     * Another NAMESPACE than the stack was built with: the services would need registering in a new namespace, and
     * gate-server's upstream URL changes with it; refused, naming the way.
     */
    @Override
    void refuse(StackContext stack, StackSettings settings, StackState state) {
        String vpc = state.get(VpcResource.VPC_ID).orElse(null);
        if (state.has(NAMESPACE_ID) || vpc == null) {
            return;
        }
        namespaces(stack)
                .filter(ns -> answersIn(stack, ns, vpc))
                .findFirst()
                .ifPresent(built -> refuseIfMoved(
                        NAMESPACE, built.name(), settings.get(NAMESPACE), "the name of a stack's Cloud Map namespace"));
    }

    /**
     * The stack's namespace: a private DNS namespace tagged for the stack whose hosted zone answers in the stack's
     * VPC. Its name alone says nothing: every stack's is NAMESPACE (ecs-test), so that gate-server calls
     * data-server.ecs-test everywhere, and AWS allows one private zone of a name per VPC.
     */
    @Override
    void discover(StackContext stack, StackSettings settings, StackState state) {
        String vpc = state.get(VpcResource.VPC_ID).orElse(null);
        namespaces(stack)
                .filter(ns -> ns.name().equals(settings.get(NAMESPACE)))
                .filter(ns -> vpc == null || answersIn(stack, ns, vpc))
                .findFirst()
                .ifPresent(namespace -> {
                    state.put(NAMESPACE_ID, namespace.id());
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
                            .forEach(s -> state.put(REGISTRIES.get(s.name()), s.arn()));
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

    private static Tags tags(StackContext stack, String arn) {
        return Tags.of(
                stack.aws
                        .cloudMap()
                        .listTagsForResource(r -> r.resourceARN(arn))
                        .tags(),
                software.amazon.awssdk.services.servicediscovery.model.Tag::key,
                software.amazon.awssdk.services.servicediscovery.model.Tag::value);
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
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        if (!known(step, state)) {
            return Diff.MISSING;
        }
        return request instanceof CreateServiceRequest registry
                ? recordTtl(stack, step, registry, state.id(step.produces()))
                : Diff.SAME;
    }

    /** The records' TTL (DNS_TTL_SECONDS) changes in place (UpdateService). */
    private static Diff recordTtl(StackContext stack, Step step, CreateServiceRequest wanted, String arn) {
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        return recordTtl(
                step, wanted, stack.aws.cloudMap().getService(r -> r.id(id)).service());
    }

    /** The discovery service as it is: its records' TTL changes in place. */
    static Diff recordTtl(
            Step step,
            CreateServiceRequest wanted,
            software.amazon.awssdk.services.servicediscovery.model.Service existing) {
        String id = existing.id();
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
                "records of %s: TTL %s → %s s (%s)"
                        .formatted(
                                wanted.name(),
                                records.isEmpty() ? "none" : records.getFirst().ttl(),
                                wantedRecords.getFirst().ttl(),
                                DNS_TTL_SECONDS),
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
            StackState state,
            StackSettings settings) {
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
        return super.madeAfterAll(stack, step, request, failure, state, settings);
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
    void delete(StackContext stack, StackState state) {
        for (String service : List.of("gate-server", "data-server")) {
            String arn = state.get(REGISTRIES.get(service)).orElse(null);
            if (arn != null) {
                String id = arn.substring(arn.lastIndexOf('/') + 1);
                stack.call(
                        "delete Cloud Map service " + id,
                        () -> stack.aws.cloudMap().deleteService(r -> r.id(id)));
            }
        }
        String namespace = state.get(NAMESPACE_ID).orElse(null);
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
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return namespaces(stack)
                .map(ns -> "Cloud Map namespace " + ns.id() + " (" + ns.name() + ")")
                .toList();
    }
}
