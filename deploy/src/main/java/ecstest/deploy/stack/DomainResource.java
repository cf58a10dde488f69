package ecstest.deploy.stack;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.SdkCalls;
import ecstest.deploy.settings.Location;
import ecstest.deploy.settings.Setting;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.settings.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.CertificateSummary;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.acm.model.ResourceNotFoundException;
import software.amazon.awssdk.services.acm.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The stack's own name, when it has one: the public Route 53 hosted zone the name is in, and the certificate the
 * load balancer's HTTPS listener presents, requested from ACM with DNS validation (its validation record written into
 * the zone) or the user's own. Requested first in the plan: AWS validates it while the network and the load balancer
 * are made, and the HTTPS listener waits for it to be issued.
 */
final class DomainResource extends Resource {

    private static final Pattern CERTIFICATE =
            Pattern.compile("arn:aws[\\w-]*:acm:([a-z0-9-]+):(\\d{12}):certificate/[\\w-]+");

    static final Setting DOMAIN_NAME = new Setting(
            "DOMAIN_NAME",
            Type.dnsName().orEmpty("HTTP on the load balancer's own name"),
            "",
            "the stack's name on the internet, e.g. api.example.com, in a public Route 53 hosted zone of the account:"
                    + " HTTPS on port 443 with a certificate for it, HTTP redirected to it, an alias record to the"
                    + " load balancer",
            Setting.Change.IN_PLACE);

    static final Setting HOSTED_ZONE_ID = new Setting(
            "HOSTED_ZONE_ID",
            Type.pattern("a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ", "Z[A-Z0-9]{1,32}")
                    .orEmpty("the public zone whose name is the longest suffix of DOMAIN_NAME"),
            "",
            "the public hosted zone DOMAIN_NAME's records go in, where the account has more than one that could hold it",
            Setting.Change.IN_PLACE);

    static final Setting CERTIFICATE_ARN = new Setting(
            "CERTIFICATE_ARN",
            Type.pattern(
                            "an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)",
                            CERTIFICATE.pattern())
                    .orEmpty("up requests one for DOMAIN_NAME"),
            "",
            "a certificate of your own for DOMAIN_NAME, issued, in the stack's region; up then requests none and down"
                    + " leaves it alone",
            Setting.Change.IN_PLACE);

    /** The hosted zone the domain's records go in (its ID without {@code /hostedzone/}). */
    static final Output ZONE_ID = Output.of("ZONE_ID");
    /** The certificate the HTTPS listener presents: the one up requested, or the user's. */
    static final Output LISTENER_CERTIFICATE_ARN = Output.of("LISTENER_CERTIFICATE_ARN");

    /**
     * The HTTPS listener that presents the certificate, made by the listeners' kind: once a stack has one, it had a
     * domain, and what the domain made is looked for even after DOMAIN_NAME is emptied (a stack without either makes
     * no call of this kind).
     */
    static final Output HTTPS_LISTENER_ARN = Output.of("HTTPS_LISTENER_ARN");

    static final Output VALIDATION_RECORD_NAME = Output.of("VALIDATION_RECORD_NAME");
    static final Output VALIDATION_RECORD_VALUE = Output.of("VALIDATION_RECORD_VALUE");

    @Override
    String title() {
        return "domain and certificate";
    }

    @Override
    List<Setting> settings() {
        return List.of(DOMAIN_NAME, HOSTED_ZONE_ID, CERTIFICATE_ARN);
    }

    @Override
    List<Output> outputs() {
        return List.of(ZONE_ID, LISTENER_CERTIFICATE_ARN, VALIDATION_RECORD_NAME, VALIDATION_RECORD_VALUE);
    }

    /** Whether the stack has a name of its own (HTTPS), or answers on the load balancer's (HTTP). */
    static boolean named(StackSettings settings) {
        return !settings.require(DOMAIN_NAME).isEmpty();
    }

    /** Whether the stack has a domain, or had one that its HTTPS listener still shows: what to look for and remove. */
    static boolean hadDomain(StackSettings settings, StackState state) {
        return named(settings) || state.has(HTTPS_LISTENER_ARN);
    }

    /** The stack's URL: its own name over HTTPS, when it has one. */
    static Optional<String> url(StackSettings settings) {
        return named(settings) ? Optional.of("https://" + settings.require(DOMAIN_NAME) + "/") : Optional.empty();
    }

    private static boolean ownCertificate(StackSettings settings) {
        return !settings.require(CERTIFICATE_ARN).isEmpty();
    }

    @Override
    List<String> check(StackSettings settings) {
        List<String> problems = new ArrayList<>();
        if (!named(settings)) {
            for (Setting setting : List.of(HOSTED_ZONE_ID, CERTIFICATE_ARN)) {
                if (!settings.require(setting).isEmpty()) {
                    problems.add(setting + "=" + settings.require(setting) + " without DOMAIN_NAME: set the name it is"
                            + " for, or leave it empty");
                }
            }
            return problems;
        }
        if (!settings.require(DOMAIN_NAME).contains(".")) {
            problems.add("DOMAIN_NAME=" + settings.require(DOMAIN_NAME) + " is not a name under a zone (e.g."
                    + " api.example.com)");
        }
        var certificate = CERTIFICATE.matcher(settings.require(CERTIFICATE_ARN));
        if (certificate.matches()) {
            String region = settings.require(Location.REGION);
            if (!certificate.group(1).equals(region)) {
                problems.add("CERTIFICATE_ARN is a certificate of " + certificate.group(1) + ", the stack is in "
                        + region + ": a load balancer presents only certificates of its own region (request or"
                        + " import it there, or leave CERTIFICATE_ARN empty and up requests one)");
            }
            String account = settings.get(Location.ACCOUNT_ID);
            if (account != null && !certificate.group(2).equals(account)) {
                problems.add("CERTIFICATE_ARN is a certificate of account " + certificate.group(2) + ", the stack is"
                        + " in " + account + ": a load balancer presents only its own account's certificates");
            }
        }
        return problems;
    }

    @Override
    List<Step> steps(StackSettings settings) {
        if (!named(settings) || ownCertificate(settings)) {
            return List.of();
        }
        return List.of(
                Step.of("acm/request-certificate.json", "request-certificate", "", Map.of())
                        .producing(LISTENER_CERTIFICATE_ARN, "CertificateArn"),
                Step.of(
                        "route53/change-resource-record-sets-validation.json",
                        "change-resource-record-sets",
                        "validation",
                        Map.of()));
    }

    @Override
    void discover(StackContext stack, StackSettings settings, StackState state) {
        if (!named(settings)) {
            return;
        }
        String domain = settings.require(DOMAIN_NAME);
        zone(stack, settings).ifPresent(zone -> state.put(ZONE_ID, plain(zone.id())));
        if (ownCertificate(settings)) {
            state.put(LISTENER_CERTIFICATE_ARN, settings.require(CERTIFICATE_ARN));
            return;
        }
        requested(stack).stream()
                .filter(certificate -> domain.equals(certificate.domainName()))
                .findFirst()
                .ifPresent(certificate -> {
                    state.put(LISTENER_CERTIFICATE_ARN, certificate.certificateArn());
                    validationRecord(describe(stack, certificate.certificateArn()))
                            .ifPresent(record -> {
                                state.put(VALIDATION_RECORD_NAME, record.name());
                                state.put(VALIDATION_RECORD_VALUE, record.value());
                            });
                });
    }

    /**
     * Before any change: a domain under no public zone of the account, a zone that is private or does not hold it,
     * and a certificate of the user's that is missing, not issued or not for the domain.
     */
    @Override
    void refuse(StackContext stack, StackSettings settings, StackState state) {
        if (!named(settings)) {
            return;
        }
        String domain = settings.require(DOMAIN_NAME);
        String zoneId = settings.require(HOSTED_ZONE_ID);
        if (zoneId.isEmpty() && zone(stack, settings).isEmpty()) {
            throw new DeployException("DOMAIN_NAME=" + domain + " is under no public hosted zone of the account: create"
                    + " one for it (or a parent of it) in Route 53 and delegate the name to it, or set HOSTED_ZONE_ID");
        }
        if (!zoneId.isEmpty()) {
            HostedZone zone;
            try {
                zone = stack.aws.route53().getHostedZone(r -> r.id(zoneId)).hostedZone();
            } catch (NoSuchHostedZoneException ex) {
                throw new DeployException("HOSTED_ZONE_ID=" + zoneId + " is no hosted zone of the account");
            }
            if (zone.config() != null && Boolean.TRUE.equals(zone.config().privateZone())) {
                throw new DeployException("HOSTED_ZONE_ID=" + zoneId + " (" + zone.name() + ") is a private zone: the"
                        + " internet cannot resolve DOMAIN_NAME in it, nor ACM validate a certificate; name a public"
                        + " zone");
            }
            if (!holds(zone.name(), domain)) {
                throw new DeployException("HOSTED_ZONE_ID=" + zoneId + " is the zone " + stripDot(zone.name())
                        + ", which cannot hold DOMAIN_NAME=" + domain);
            }
        }
        if (ownCertificate(settings)) {
            String arn = settings.require(CERTIFICATE_ARN);
            CertificateDetail certificate;
            try {
                certificate = describe(stack, arn);
            } catch (ResourceNotFoundException ex) {
                throw new DeployException("CERTIFICATE_ARN=" + arn + " is no certificate of the account in "
                        + settings.require(Location.REGION));
            }
            if (!covers(certificate, domain)) {
                throw new DeployException("CERTIFICATE_ARN=" + arn + " is for " + names(certificate) + ", not for"
                        + " DOMAIN_NAME=" + domain + ": a browser would refuse it");
            }
            if (certificate.status() != CertificateStatus.ISSUED) {
                throw new DeployException("CERTIFICATE_ARN=" + arn + " is " + certificate.statusAsString()
                        + ", not ISSUED: a listener takes only an issued certificate");
            }
        }
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        if (step.operation().equals("request-certificate")) {
            return Diff.exists(known(step, state));
        }
        ResourceRecordSet wanted = ((software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest)
                        request)
                .changeBatch()
                .changes()
                .getFirst()
                .resourceRecordSet();
        return Diff.exists(Records.recordSet(stack, state.id(ZONE_ID), wanted.name(), wanted.typeAsString())
                .filter(found -> found.resourceRecords().equals(wanted.resourceRecords()))
                .isPresent());
    }

    /** A requested certificate's validation record appears a moment after the request: read it once it is there. */
    @Override
    void made(StackContext stack, Step step, String id, StackState state) {
        if (!step.operation().equals("request-certificate")) {
            return;
        }
        ResourceRecord[] record = new ResourceRecord[1];
        stack.wait.until(
                "the validation record of certificate " + id,
                stack.timeouts.certificate(),
                () -> {
                    record[0] = validationRecord(describe(stack, id)).orElse(null);
                    return record[0] == null ? "not yet given" : "given";
                },
                "given"::equals,
                s -> false);
        state.put(VALIDATION_RECORD_NAME, record[0].name());
        state.put(VALIDATION_RECORD_VALUE, record[0].value());
    }

    /**
     * Waits until the certificate the HTTPS listener presents is issued: ACM validates it minutes after its record is
     * written on AWS (at once on the emulator).
     */
    static void awaitIssued(StackContext stack, String arn) {
        stack.out.printf(
                "    AWS issues the certificate once it has read the validation record: minutes, not" + " seconds%n");
        stack.wait.until(
                "certificate " + arn.substring(arn.lastIndexOf('/') + 1),
                stack.timeouts.certificate(),
                () -> describe(stack, arn).statusAsString(),
                "ISSUED"::equals,
                status -> !status.equals("PENDING_VALIDATION"));
    }

    /**
     * Certificates this stack requested for a domain it no longer has (a changed or emptied DOMAIN_NAME, or one of
     * the user's since): deleted with their validation records once nothing uses them. Removals run in the plan's
     * reverse order, so the listener has let go of them by then.
     */
    @Override
    List<Change> removals(StackContext stack, StackSettings settings, StackState state) {
        if (!hadDomain(settings, state)) {
            return List.of();
        }
        String keep = named(settings) && !ownCertificate(settings) ? settings.require(DOMAIN_NAME) : null;
        List<Change> removals = new ArrayList<>();
        for (CertificateSummary certificate : requested(stack)) {
            if (certificate.domainName().equals(keep)) {
                continue;
            }
            removals.addAll(deletion(stack, certificate.certificateArn()));
        }
        return removals;
    }

    /** The calls that delete a certificate this stack requested, its validation record first. */
    private static List<Change> deletion(StackContext stack, String arn) {
        CertificateDetail certificate = describe(stack, arn);
        List<Change> calls = new ArrayList<>();
        validationRecord(certificate)
                .flatMap(record -> Records.zoneHolding(stack, record.name())
                        .flatMap(zone -> Records.recordSet(stack, zone, record.name(), RRType.CNAME.toString())
                                .map(set -> Records.deleting(
                                        "the validation record of the certificate for " + certificate.domainName(),
                                        zone,
                                        set))))
                .ifPresent(calls::add);
        calls.add(Change.of(
                "the certificate for " + certificate.domainName() + " (" + arn + "): the stack no longer presents it",
                Step.of("acm/request-certificate.json", "request-certificate", "", Map.of()),
                "delete-certificate",
                software.amazon.awssdk.services.acm.model.DeleteCertificateRequest.builder()
                        .certificateArn(arn)
                        .build()));
        return calls;
    }

    /** The certificates this stack requested (its tag), each deleted with its validation record: after the listener. */
    @Override
    void delete(StackContext stack, StackState state) {
        if (!state.has(HTTPS_LISTENER_ARN) && !state.has(LISTENER_CERTIFICATE_ARN)) {
            return; // no domain (discovery found its certificate, or its listener, when it had one)
        }
        for (CertificateSummary certificate : requested(stack)) {
            for (Change call : deletion(stack, certificate.certificateArn())) {
                stack.call(
                        "delete " + call.why(),
                        () -> SdkCalls.call(stack.aws.forService(call.call().service()), call.call(), call.request()));
            }
        }
    }

    @Override
    List<String> leftovers(StackContext stack, StackSettings settings) {
        if (!named(settings)) {
            return List.of(); // after `down`, looked for by the DOMAIN_NAME the stack had
        }
        return requested(stack).stream()
                .map(c -> "ACM certificate " + c.certificateArn() + " (" + c.domainName() + ")")
                .toList();
    }

    /** The certificates of the stack's tag, pending or issued: those up requested (never a user's own). */
    private static List<CertificateSummary> requested(StackContext stack) {
        List<CertificateSummary> ours = new ArrayList<>();
        stack.aws
                .acm()
                .listCertificatesPaginator(r -> r.certificateStatuses(
                        CertificateStatus.PENDING_VALIDATION, CertificateStatus.ISSUED, CertificateStatus.FAILED))
                .certificateSummaryList()
                .forEach(summary -> {
                    Tags tags = Tags.of(
                            stack.aws
                                    .acm()
                                    .listTagsForCertificate(r -> r.certificateArn(summary.certificateArn()))
                                    .tags(),
                            software.amazon.awssdk.services.acm.model.Tag::key,
                            software.amazon.awssdk.services.acm.model.Tag::value);
                    if (stack.ours(tags)) {
                        ours.add(summary);
                    }
                });
        return ours;
    }

    static CertificateDetail describe(StackContext stack, String arn) {
        return stack.aws.acm().describeCertificate(r -> r.certificateArn(arn)).certificate();
    }

    /** The CNAME ACM asks for, once it has worked it out (a moment after the request). */
    static Optional<ResourceRecord> validationRecord(CertificateDetail certificate) {
        return certificate.domainValidationOptions().stream()
                .map(DomainValidation::resourceRecord)
                .filter(record -> record != null && record.name() != null)
                .findFirst();
    }

    /** The public zone the domain's records go in: HOSTED_ZONE_ID's, or the longest public zone name it ends in. */
    static Optional<HostedZone> zone(StackContext stack, StackSettings settings) {
        String zoneId = settings.require(HOSTED_ZONE_ID);
        if (!zoneId.isEmpty()) {
            try {
                return Optional.of(
                        stack.aws.route53().getHostedZone(r -> r.id(zoneId)).hostedZone());
            } catch (NoSuchHostedZoneException ex) {
                return Optional.empty();
            }
        }
        return longestHolding(publicZones(stack), settings.require(DOMAIN_NAME));
    }

    static List<HostedZone> publicZones(StackContext stack) {
        return stack.aws.route53().listHostedZonesPaginator().hostedZones().stream()
                .filter(zone -> zone.config() == null
                        || !Boolean.TRUE.equals(zone.config().privateZone()))
                .toList();
    }

    /** Of these zones, the one with the longest name the domain is in (api.eu.example.com: eu.example.com first). */
    static Optional<HostedZone> longestHolding(List<HostedZone> zones, String domain) {
        return zones.stream()
                .filter(zone -> holds(zone.name(), domain))
                .max(Comparator.comparingInt(zone -> zone.name().length()));
    }

    /** Whether a zone of this name can hold the domain's records: the name itself or a name under it. */
    static boolean holds(String zoneName, String domain) {
        String zone = stripDot(zoneName).toLowerCase(Locale.ROOT);
        String name = stripDot(domain).toLowerCase(Locale.ROOT);
        return name.equals(zone) || name.endsWith("." + zone);
    }

    /** Whether the certificate's names cover the domain: the name itself, or a wildcard one label above it. */
    static boolean covers(CertificateDetail certificate, String domain) {
        String name = domain.toLowerCase(Locale.ROOT);
        return allNames(certificate).stream()
                .map(n -> n.toLowerCase(Locale.ROOT))
                .anyMatch(n -> n.equals(name)
                        || (n.startsWith("*.")
                                && name.indexOf('.') > 0
                                && name.substring(name.indexOf('.') + 1).equals(n.substring(2))));
    }

    private static List<String> allNames(CertificateDetail certificate) {
        List<String> all = new ArrayList<>();
        if (certificate.domainName() != null) {
            all.add(certificate.domainName());
        }
        all.addAll(certificate.subjectAlternativeNames());
        return all.stream().distinct().toList();
    }

    private static String names(CertificateDetail certificate) {
        return String.join(", ", allNames(certificate));
    }

    static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    static String plain(String zoneId) {
        return zoneId.replace("/hostedzone/", "");
    }
}
