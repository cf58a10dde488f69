package ecstest.deploy.stack;

import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Route 53 record sets, read and deleted for the kinds that write them (a certificate's validation record, the
 * domain's alias): Route 53 records carry no tags, so each kind says by what it knows its own.
 */
final class Records {

    private Records() {}

    /** The record set of that name and type in the zone, if there is one. */
    static Optional<ResourceRecordSet> recordSet(StackContext stack, String zoneId, String name, String type) {
        String wanted = absolute(name);
        return stack
                .aws
                .route53()
                .listResourceRecordSets(r -> r.hostedZoneId(zoneId)
                        .startRecordName(wanted)
                        .startRecordType(type)
                        .maxItems("1"))
                .resourceRecordSets()
                .stream()
                .filter(set -> same(set.name(), wanted) && set.typeAsString().equals(type))
                .findFirst();
    }

    /** The public zone of the account with the longest name that holds this record's name. */
    static Optional<String> zoneHolding(StackContext stack, String name) {
        return DomainResource.publicZones(stack).stream()
                .filter(zone -> DomainResource.holds(zone.name(), name))
                .max(Comparator.comparingInt(zone -> zone.name().length()))
                .map(zone -> DomainResource.plain(zone.id()));
    }

    /** The call that deletes a record set as it is (Route 53 deletes only an exact match of name, type and values). */
    static Change deleting(String what, String zoneId, ResourceRecordSet set) {
        return Change.of(
                what + " (" + DomainResource.stripDot(set.name()) + " " + set.typeAsString() + "): the stack no longer"
                        + " needs it",
                Step.of("route53/change-resource-record-sets-alias.json", "change-resource-record-sets", "", Map.of()),
                "change-resource-record-sets",
                ChangeResourceRecordSetsRequest.builder()
                        .hostedZoneId(zoneId)
                        .changeBatch(batch -> batch.changes(
                                change -> change.action(ChangeAction.DELETE).resourceRecordSet(set)))
                        .build());
    }

    /** A name as Route 53 answers it: lower case, with the root's dot. */
    static String absolute(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower : lower + ".";
    }

    static boolean same(String a, String b) {
        return absolute(a).equals(absolute(b));
    }
}
