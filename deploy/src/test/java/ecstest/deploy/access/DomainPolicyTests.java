package ecstest.deploy.access;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.fixtures.Moto;
import ecstest.deploy.rehearsal.Emulator;
import ecstest.deploy.rehearsal.Rehearsal;
import ecstest.testsupport.RequiresTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deploying role of a stack with a domain: its fourth policy (deployer-domain) judged by the IAM evaluator with the
 * other three. Every call of a lifecycle with a domain (the certificate requested and validated, HTTPS, the alias
 * record, the domain removed again, down) is allowed; a record of another name or in another zone, a certificate for
 * another name, another stack's certificate are denied.
 */
@RequiresTools("moto_server")
@ExtendWith(IamEvaluator.Available.class)
class DomainPolicyTests {

    private static final String STACK = "ecs-test";
    private static final String ACCOUNT = Moto.ACCOUNT_ID;
    private static final String REGION = Moto.REGION;
    private static final String DOMAIN = "api.example.test";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Moto.Lease moto;
    private static Path documents;
    private static String zone;
    private static String otherZone;
    private static IamEvaluator deployer;
    private static List<IamRequests.Authorization> recorded;

    @BeforeAll
    static void recordALifecycleWithADomain() throws Exception {
        moto = Moto.lease(Map.of(Emulator.SPEEDUP, "30"));
        Moto.useDummyCredentials();
        try (AwsClients admin = new AwsClients(REGION, null, moto.endpoint())) {
            zone = admin.route53()
                    .createHostedZone(r -> r.name("example.test")
                            .callerReference(UUID.randomUUID().toString()))
                    .hostedZone()
                    .id()
                    .replace("/hostedzone/", "");
            otherZone = admin.route53()
                    .createHostedZone(r -> r.name("other.test")
                            .callerReference(UUID.randomUUID().toString()))
                    .hostedZone()
                    .id()
                    .replace("/hostedzone/", "");
        }
        documents = Files.createTempDirectory("deployer-domain-iam");
        // as the administrator, not recorded: the zone is found by the domain, and named in the policy
        cli("admin-setup", "--apply", "--out", documents.toString(), "--set", "DOMAIN_NAME=" + DOMAIN);
        Map<String, JsonNode> policies = new LinkedHashMap<>();
        for (String name : List.of("deployer-network", "deployer-services", "deployer-iam", "deployer-domain")) {
            policies.put(STACK + "-" + name, JSON.readTree(Files.readString(documents.resolve(name + ".json"))));
        }
        deployer = new IamEvaluator("arn:aws:iam::" + ACCOUNT + ":role/ecs-test-deployer", ACCOUNT, policies, null);

        try (IamRecorder.Session session = IamRecorder.start(moto.endpoint(), REGION, ACCOUNT, STACK)) {
            cli("up", "--set", "DOMAIN_NAME=" + DOMAIN);
            cli(
                    "deploy",
                    "--set",
                    "DOMAIN_NAME=" + DOMAIN,
                    "--digest",
                    "gate-server=" + Rehearsal.standIn("gate-server"),
                    "--digest",
                    "data-server=" + Rehearsal.standIn("data-server"));
            cli("status", "--set", "DOMAIN_NAME=" + DOMAIN);
            cli("up"); // the domain emptied: back to HTTP, what it made removed
            cli("up", "--set", "DOMAIN_NAME=" + DOMAIN); // and added to the built stack again
            cli("down", "--yes", "--set", "DOMAIN_NAME=" + DOMAIN);
            recorded = List.copyOf(new LinkedHashSet<>(session.authorizations));
        }
    }

    @AfterAll
    static void stopEmulator() {
        Moto.clearDummyCredentials();
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void theDomainPolicyNamesTheZoneTheAdministratorsRunFoundAndFits() throws Exception {
        String document = Files.readString(documents.resolve("deployer-domain.json"));

        assertThat(document).contains("arn:aws:route53:::hostedzone/" + zone).doesNotContain(otherZone);
        assertThat(document.replaceAll("\\s", "").length()).isLessThanOrEqualTo(6144);
    }

    @Test
    void everyCallOfALifecycleWithADomainIsAllowed() throws Exception {
        List<IamEvaluator.Verdict> verdicts = deployer.evaluate(recorded);

        assertThat(IamEvaluator.mustBeAllowed(verdicts))
                .allSatisfy(verdict ->
                        assertThat(verdict.result()).as("%s", verdict).isEqualTo("Allowed"));
        assertThat(verdicts.stream().map(v -> v.request().action()))
                .as("the lifecycle made, changed and removed every kind of the domain's resources")
                .contains(
                        "acm:RequestCertificate",
                        "acm:AddTagsToCertificate",
                        "acm:DeleteCertificate",
                        "route53:ChangeResourceRecordSets",
                        "elasticloadbalancing:ModifyListener",
                        "elasticloadbalancing:DeleteRule",
                        "ec2:RevokeSecurityGroupIngress");
    }

    @Test
    void recordsOfAnotherNameOrZoneAndCertificatesNotTheStacksAreDenied() throws Exception {
        String certificates = "arn:aws:acm:" + REGION + ":" + ACCOUNT + ":certificate/";
        List<IamRequests.Authorization> allowed = List.of(
                records(zone, List.of(DOMAIN), List.of("A", "TXT")),
                records(zone, List.of("_d930b28be6c5927595552b219965053e." + DOMAIN), List.of("CNAME")),
                certificateRequest(DOMAIN, STACK));
        List<IamRequests.Authorization> denied = List.of(
                records(zone, List.of("www.example.test"), List.of("A")),
                records(zone, List.of(DOMAIN, "mail.example.test"), List.of("A")),
                records(otherZone, List.of(DOMAIN), List.of("A")),
                records(zone, List.of(DOMAIN), List.of("MX")),
                certificateRequest("www.example.test", STACK),
                certificateRequest(DOMAIN, "other"),
                auth(
                        "acm:DeleteCertificate",
                        certificates + "1",
                        IamRequests.resourceTags(Map.of(IamRequests.TAG, "other"))),
                auth("acm:DeleteCertificate", certificates + "2", Map.of()),
                auth(
                        "acm:AddTagsToCertificate",
                        certificates + "3",
                        merged(
                                IamRequests.resourceTags(Map.of(IamRequests.TAG, "other")),
                                IamRequests.requestTags(Map.of(IamRequests.TAG, STACK)))));

        assertThat(deployer.evaluate(allowed))
                .allSatisfy(v -> assertThat(v.allowed()).as("%s", v).isTrue());
        assertThat(deployer.evaluate(denied))
                .allSatisfy(v -> assertThat(v.allowed()).as("%s", v).isFalse());
    }

    private static IamRequests.Authorization records(String zoneId, List<String> names, List<String> types) {
        return auth(
                "route53:ChangeResourceRecordSets",
                "arn:aws:route53:::hostedzone/" + zoneId,
                Map.of(
                        "route53:ChangeResourceRecordSetsNormalizedRecordNames",
                        names,
                        "route53:ChangeResourceRecordSetsRecordTypes",
                        types,
                        "route53:ChangeResourceRecordSetsActions",
                        List.of("UPSERT")));
    }

    private static IamRequests.Authorization certificateRequest(String name, String stack) {
        Map<String, Object> context = new LinkedHashMap<>(IamRequests.requestTags(Map.of(IamRequests.TAG, stack)));
        context.put("acm:DomainNames", List.of(name));
        context.put("acm:ValidationMethod", "DNS");
        return auth("acm:RequestCertificate", "*", context);
    }

    private static IamRequests.Authorization auth(String action, String resource, Map<String, Object> context) {
        return new IamRequests.Authorization("case", action, resource, context);
    }

    private static Map<String, Object> merged(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> both = new LinkedHashMap<>(a);
        both.putAll(b);
        return both;
    }

    private static void cli(String... args) {
        EmulatedCli.succeed(moto.endpoint(), List.of("GATE_BAKE_MINUTES=1", "GATE_CANARY_BAKE_MINUTES=1"), args);
    }
}
