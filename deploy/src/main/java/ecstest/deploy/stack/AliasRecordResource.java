package ecstest.deploy.stack;

import ecstest.deploy.DeployException;
import ecstest.deploy.settings.StackSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The domain's records: an alias A record to the load balancer, and beside it a TXT record saying which stack the name
 * is ({@code "ecs-test:stack=<stack>"}), since Route 53 records carry no tags. The TXT record is how {@code up}, {@code
 * down} and the audit know the name as the stack's own, and how {@code up} refuses a name someone else's record holds.
 */
final class AliasRecordResource extends Resource {

    @Override
    String title() {
        return "DNS records";
    }

    @Override
    List<Step> steps(StackSettings settings) {
        if (!DomainResource.named(settings)) {
            return List.of();
        }
        return List.of(Step.of(
                "route53/change-resource-record-sets-alias.json", "change-resource-record-sets", "alias", Map.of()));
    }

    /** The value of the TXT record that marks a name as this stack's. */
    static String owner(String stack) {
        return "\"" + StackContext.STACK_TAG + "=" + stack + "\"";
    }

    /**
     * Before any change: an A record at the domain that is not this stack's (no TXT record of its own beside it) stops
     * {@code up}; the name is someone else's.
     */
    @Override
    void refuse(StackContext stack, StackSettings settings, StackState state) {
        if (!DomainResource.named(settings) || !state.has(DomainResource.ZONE_ID)) {
            return;
        }
        String domain = settings.require(DomainResource.DOMAIN_NAME);
        String zone = state.id(DomainResource.ZONE_ID);
        Optional<ResourceRecordSet> a = Records.recordSet(stack, zone, domain, "A");
        if (a.isPresent() && !ownedBy(stack, zone, domain).equals(Optional.of(stack.stack))) {
            String owner = ownedBy(stack, zone, domain).orElse(null);
            throw new DeployException("DOMAIN_NAME=" + domain + " already has an A record"
                    + (owner == null ? " not made by ecs-test" : " of stack " + owner)
                    + ": choose another name, or delete that record if nothing uses it");
        }
    }

    /** The stack named by the TXT record at the name, if there is one of ecs-test's. */
    private static Optional<String> ownedBy(StackContext stack, String zone, String name) {
        String prefix = "\"" + StackContext.STACK_TAG + "=";
        return Records.recordSet(stack, zone, name, "TXT").stream()
                .flatMap(set -> set.resourceRecords().stream())
                .map(record -> record.value())
                .filter(value -> value.startsWith(prefix) && value.endsWith("\""))
                .map(value -> value.substring(prefix.length(), value.length() - 1))
                .findFirst();
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        ChangeResourceRecordSetsRequest wanted = (ChangeResourceRecordSetsRequest) request;
        List<ResourceRecordSet> current = new ArrayList<>();
        for (var change : wanted.changeBatch().changes()) {
            ResourceRecordSet set = change.resourceRecordSet();
            Records.recordSet(stack, wanted.hostedZoneId(), set.name(), set.typeAsString())
                    .ifPresent(current::add);
        }
        return records(step, wanted, current);
    }

    /**
     * The domain's records as they are: none (made), as the request writes them (the same), or the alias pointing
     * elsewhere (a load balancer made again: written again, in place).
     */
    static Diff records(Step step, ChangeResourceRecordSetsRequest wanted, List<ResourceRecordSet> current) {
        if (current.isEmpty()) {
            return Diff.MISSING;
        }
        List<String> differences = new ArrayList<>();
        for (var change : wanted.changeBatch().changes()) {
            ResourceRecordSet set = change.resourceRecordSet();
            Optional<ResourceRecordSet> found = current.stream()
                    .filter(c -> Records.same(c.name(), set.name())
                            && c.typeAsString().equals(set.typeAsString()))
                    .findFirst();
            if (found.isEmpty()) {
                differences.add(set.typeAsString() + " record missing");
            } else if (set.aliasTarget() != null
                    && (found.get().aliasTarget() == null
                            || !Records.same(
                                    stripDualstack(found.get().aliasTarget().dnsName()),
                                    stripDualstack(set.aliasTarget().dnsName())))) {
                differences.add("A record: "
                        + (found.get().aliasTarget() == null
                                ? "not an alias"
                                : DomainResource.stripDot(
                                        found.get().aliasTarget().dnsName()))
                        + " → " + set.aliasTarget().dnsName());
            } else if (set.hasResourceRecords()
                    && !set.resourceRecords().equals(found.get().resourceRecords())) {
                differences.add(set.typeAsString() + " record differs");
            }
        }
        if (differences.isEmpty()) {
            return Diff.SAME;
        }
        return Diff.of(List.of(Change.of(
                DomainResource.stripDot(wanted.changeBatch()
                                .changes()
                                .getFirst()
                                .resourceRecordSet()
                                .name()) + ": " + String.join(", ", differences),
                step,
                step.operation(),
                wanted)));
    }

    /** Route 53 answers an alias to a load balancer with the {@code dualstack.} name it resolves. */
    private static String stripDualstack(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).startsWith("dualstack.") ? name.substring(10) : name;
    }

    /** The names this stack wrote (its TXT record beside them) that are not the domain it has now: deleted. */
    @Override
    List<Change> removals(StackContext stack, StackSettings settings, StackState state) {
        if (!DomainResource.hadDomain(settings, state)) {
            return List.of();
        }
        String keep = DomainResource.named(settings) ? settings.require(DomainResource.DOMAIN_NAME) : null;
        return owned(stack).stream()
                .filter(record -> keep == null || !Records.same(record.set().name(), keep))
                .map(record -> Records.deleting("the record of a former DOMAIN_NAME", record.zone(), record.set()))
                .toList();
    }

    private record Owned(String zone, ResourceRecordSet set) {}

    /** The A and TXT records of every public zone of the account at the names this stack's TXT record marks. */
    private static List<Owned> owned(StackContext stack) {
        List<Owned> owned = new ArrayList<>();
        String marker = owner(stack.stack);
        for (HostedZone zone : DomainResource.publicZones(stack)) {
            String zoneId = DomainResource.plain(zone.id());
            List<ResourceRecordSet> sets = stack
                    .aws
                    .route53()
                    .listResourceRecordSetsPaginator(r -> r.hostedZoneId(zoneId))
                    .resourceRecordSets()
                    .stream()
                    .toList();
            sets.stream()
                    .filter(set -> set.typeAsString().equals("TXT")
                            && set.resourceRecords().stream().anyMatch(r -> marker.equals(r.value())))
                    .forEach(txt -> sets.stream()
                            .filter(set -> Records.same(set.name(), txt.name())
                                    && (set.typeAsString().equals("A")
                                            || set.typeAsString().equals("AAAA")))
                            .forEach(a -> owned.add(new Owned(zoneId, a))));
            sets.stream()
                    .filter(set -> set.typeAsString().equals("TXT")
                            && set.resourceRecords().stream().anyMatch(r -> marker.equals(r.value())))
                    .forEach(txt -> owned.add(new Owned(zoneId, txt)));
        }
        return owned;
    }

    @Override
    void delete(StackContext stack, StackState state) {
        if (!state.has(DomainResource.HTTPS_LISTENER_ARN) && !state.has(DomainResource.ZONE_ID)) {
            return;
        }
        for (Owned record : owned(stack)) {
            Change deletion = Records.deleting("the domain's record", record.zone(), record.set());
            stack.call(
                    "delete the " + record.set().typeAsString() + " record "
                            + DomainResource.stripDot(record.set().name()),
                    () -> stack.aws.route53().changeResourceRecordSets((ChangeResourceRecordSetsRequest)
                            deletion.request()));
        }
    }

    @Override
    List<String> leftovers(StackContext stack, StackSettings settings) {
        if (!DomainResource.named(settings)) {
            return List.of();
        }
        return owned(stack).stream()
                .map(record -> "Route 53 " + record.set().typeAsString() + " record "
                        + DomainResource.stripDot(record.set().name()))
                .toList();
    }
}
