package ecstest.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.fixtures.EmulatedAccount;
import ecstest.deploy.fixtures.Moto;
import ecstest.deploy.rollout.Images;
import ecstest.testsupport.RequiresTools;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * A stack with a name of its own (DOMAIN_NAME) against the extended emulator: the certificate requested and issued once
 * its validation record is in the zone, HTTPS on 443 with it, port 80 redirecting, the alias record, the production
 * rule on 443; converged from an HTTP stack and back; the user's own certificate used and left alone; and nothing left
 * after {@code down}.
 */
@RequiresTools("moto_server")
class DomainEmulatorTests {

    private static final String ZONE = "example.test";
    private static final String DOMAIN = "api.example.test";
    private static final Map<String, String> NAMED = Map.of("DOMAIN_NAME", DOMAIN);

    private EmulatedAccount account;
    private AwsClients aws;
    private String zoneId;

    @BeforeEach
    void anAccountWithAPublicZone() throws Exception {
        account = EmulatedAccount.start();
        aws = account.clients();
        // what the user has before the stack: a public zone the name is delegated to
        zoneId = DomainResource.plain(aws.route53()
                .createHostedZone(
                        r -> r.name(ZONE).callerReference(UUID.randomUUID().toString()))
                .hostedZone()
                .id());
    }

    @AfterEach
    void stop() {
        if (aws != null) {
            aws.close();
        }
        if (account != null) {
            account.close();
        }
    }

    @Test
    void upWithADomainServesHttpsOnItsNameAndRedirectsHttp() {
        StackProvisioner.Outcome outcome = account.provisioner(aws, NAMED).up(false);

        assertThat(outcome.url()).isEqualTo("https://" + DOMAIN + "/");
        CertificateDetail certificate = requestedCertificate();
        assertThat(certificate.status()).isEqualTo(CertificateStatus.ISSUED);
        assertThat(certificate.domainName()).isEqualTo(DOMAIN);

        Listener https = listener(443);
        assertThat(https.protocolAsString()).isEqualTo("HTTPS");
        assertThat(https.sslPolicy()).isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
        assertThat(https.certificates())
                .singleElement()
                .satisfies(c -> assertThat(c.certificateArn()).isEqualTo(certificate.certificateArn()));
        Listener http = listener(80);
        assertThat(http.defaultActions()).singleElement().satisfies(action -> {
            assertThat(action.typeAsString()).isEqualTo("redirect");
            assertThat(action.redirectConfig().protocol()).isEqualTo("HTTPS");
            assertThat(action.redirectConfig().port()).isEqualTo("443");
            assertThat(action.redirectConfig().statusCodeAsString()).isEqualTo("HTTP_301");
        });
        assertThat(productionRuleListeners()).containsExactly(https.listenerArn());
        assertThat(EmulatedAccount.service(aws, "gate-server").loadBalancers())
                .allSatisfy(lb -> assertThat(lb.advancedConfiguration().productionListenerRule())
                        .isIn(rulesOn(https.listenerArn())));

        ResourceRecordSet alias = record(DOMAIN, RRType.A);
        assertThat(alias.aliasTarget().dnsName()).containsIgnoringCase(loadBalancerDns());
        assertThat(record(DOMAIN, RRType.TXT).resourceRecords())
                .singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo("\"ecs-test:stack=ecs-test\""));
        String validation =
                DomainResource.validationRecord(certificate).orElseThrow().name();
        assertThat(record(validation, RRType.CNAME).resourceRecords()).hasSize(1);
        assertThat(httpsOpenToTheInternet()).isTrue();

        account.calls.clear();
        assertThat(account.provisioner(aws, NAMED).up(false).created()).isZero();
        assertThat(account.calls.mutating()).as("a second up").isEmpty();
    }

    @Test
    void aDomainAddedToABuiltStackMovesTheRuleAndTheServicesToHttpsInPlace() {
        account.provisioner(aws).up(false);
        String vpc = aws.ec2().describeVpcs().vpcs().stream()
                .filter(v -> v.tags().stream().anyMatch(t -> t.value().equals("ecs-test")))
                .findFirst()
                .orElseThrow()
                .vpcId();
        String plan = account.plan("DOMAIN_NAME=" + DOMAIN);
        assertThat(plan)
                .contains("# create")
                .contains("acm request-certificate")
                .contains("HTTP listener (port 80): DefaultActions[0].Type: forward → redirect")
                .contains(
                        "# remove (no step) → delete-rule: the production rule on port 80: DOMAIN_NAME moved it to the"
                                + " HTTPS listener");

        account.provisioner(aws, NAMED).up(false);

        assertThat(productionRuleListeners()).containsExactly(listener(443).listenerArn());
        assertThat(listener(80).defaultActions().getFirst().typeAsString()).isEqualTo("redirect");
        assertThat(EmulatedAccount.service(aws, "gate-server").loadBalancers())
                .allSatisfy(lb -> assertThat(lb.advancedConfiguration().productionListenerRule())
                        .isIn(rulesOn(listener(443).listenerArn())));
        assertThat(aws.ec2().describeVpcs().vpcs()).anyMatch(v -> v.vpcId().equals(vpc));
        account.calls.clear();
        account.provisioner(aws, NAMED).up(false);
        assertThat(account.calls.mutating()).as("a second up").isEmpty();
    }

    @Test
    void aDomainRemovedGoesBackToHttpAndTakesWhatItMadeWithIt() {
        account.provisioner(aws, NAMED).up(false);
        String certificate = requestedCertificate().certificateArn();

        account.provisioner(aws).up(false);

        assertThat(listeners()).extracting(Listener::port).containsExactly(80);
        assertThat(listener(80).defaultActions().getFirst().typeAsString()).isEqualTo("forward");
        assertThat(productionRuleListeners()).containsExactly(listener(80).listenerArn());
        assertThat(EmulatedAccount.service(aws, "gate-server").loadBalancers())
                .allSatisfy(lb -> assertThat(lb.advancedConfiguration().productionListenerRule())
                        .isIn(rulesOn(listener(80).listenerArn())));
        assertThat(records())
                .as("the zone keeps only its own records")
                .allSatisfy(set -> assertThat(set.typeAsString()).isIn("NS", "SOA"));
        assertThat(aws.acm().listCertificates().certificateSummaryList())
                .noneMatch(c -> c.certificateArn().equals(certificate));
        assertThat(httpsOpenToTheInternet()).isFalse();
        account.calls.clear();
        account.provisioner(aws).up(false);
        assertThat(account.calls.mutating()).as("a second up").isEmpty();
    }

    @Test
    void aCanaryWithADomainShiftsTrafficOnTheHttpsListenersRule() {
        account.provisioner(aws, NAMED).up(false);
        String registry = Moto.ACCOUNT_ID + ".dkr.ecr." + Moto.REGION + ".amazonaws.com/";

        boolean deployed = account.rollout(aws, NAMED)
                .deploy(Images.of(service -> registry + service + "@sha256:" + "c".repeat(64)), false);

        assertThat(deployed).as(account.console()).isTrue();
        assertThat(account.console()).contains("PRODUCTION_TRAFFIC_SHIFT", "production traffic 10% new");
        assertThat(EmulatedAccount.service(aws, "gate-server").loadBalancers())
                .allSatisfy(lb -> assertThat(lb.advancedConfiguration().productionListenerRule())
                        .isIn(rulesOn(listener(443).listenerArn())));
    }

    @Test
    void theUsersOwnCertificateIsPresentedAndLeftAloneByDown() {
        String own = issuedCertificate(DOMAIN);
        Map<String, String> withOwn = Map.of("DOMAIN_NAME", DOMAIN, "CERTIFICATE_ARN", own);

        account.provisioner(aws, withOwn).up(false);

        assertThat(listener(443).certificates().getFirst().certificateArn()).isEqualTo(own);
        assertThat(aws.acm().listCertificates().certificateSummaryList())
                .extracting(c -> c.certificateArn())
                .containsExactly(own);

        assertThat(account.teardown(aws, withOwn).down()).as(account.console()).isEmpty();
        assertThat(aws.acm().listCertificates().certificateSummaryList())
                .extracting(c -> c.certificateArn())
                .containsExactly(own);
        assertThat(records()).allSatisfy(set -> assertThat(set.typeAsString()).isIn("NS", "SOA", "CNAME"));
    }

    @Test
    void downLeavesNothingOfTheDomain() {
        account.provisioner(aws, NAMED).up(false);

        List<String> left = account.teardown(aws, NAMED).down();

        assertThat(left).as(account.console()).isEmpty();
        assertThat(aws.acm().listCertificates().certificateSummaryList()).isEmpty();
        assertThat(records()).allSatisfy(set -> assertThat(set.typeAsString()).isIn("NS", "SOA"));
    }

    @Test
    void whatTheAccountRefusesStopsUpBeforeAnyChange() {
        String privateZone = DomainResource.plain(aws.route53()
                .createHostedZone(r -> r.name("internal.test")
                        .callerReference(UUID.randomUUID().toString())
                        .hostedZoneConfig(c -> c.privateZone(true))
                        .vpc(v -> v.vpcId(aws.ec2()
                                        .createVpc(c -> c.cidrBlock("10.9.0.0/16"))
                                        .vpc()
                                        .vpcId())
                                .vpcRegion(Moto.REGION)))
                .hostedZone()
                .id());
        String otherName = issuedCertificate("www.example.test");
        account.calls.clear();

        assertThatThrownBy(() -> account.provisioner(aws, Map.of("DOMAIN_NAME", "api.nowhere.test"))
                        .up(false))
                .isInstanceOf(DeployException.class)
                .hasMessage("DOMAIN_NAME=api.nowhere.test is under no public hosted zone of the account: create one"
                        + " for it (or a parent of it) in Route 53 and delegate the name to it, or set HOSTED_ZONE_ID");
        assertThatThrownBy(() -> account.provisioner(
                                aws, Map.of("DOMAIN_NAME", "api.internal.test", "HOSTED_ZONE_ID", privateZone))
                        .up(false))
                .hasMessageStartingWith("HOSTED_ZONE_ID=" + privateZone + " (internal.test.) is a private zone");
        assertThatThrownBy(() -> account.provisioner(aws, Map.of("DOMAIN_NAME", DOMAIN, "CERTIFICATE_ARN", otherName))
                        .up(false))
                .hasMessage("CERTIFICATE_ARN=" + otherName + " is for www.example.test, not for DOMAIN_NAME=" + DOMAIN
                        + ": a browser would refuse it");
        assertThat(account.calls.mutating()).isEmpty();
    }

    @Test
    void aNameSomeoneElsesRecordHoldsIsRefused() {
        aws.route53()
                .changeResourceRecordSets(r -> r.hostedZoneId(zoneId)
                        .changeBatch(b -> b.changes(c -> c.action(ChangeAction.CREATE)
                                .resourceRecordSet(s -> s.name(DOMAIN)
                                        .type(RRType.A)
                                        .ttl(300L)
                                        .resourceRecords(v -> v.value("192.0.2.10"))))));
        account.calls.clear();

        assertThatThrownBy(() -> account.provisioner(aws, NAMED).up(false))
                .hasMessage("DOMAIN_NAME=" + DOMAIN + " already has an A record not made by ecs-test: choose another"
                        + " name, or delete that record if nothing uses it");
        assertThat(account.calls.mutating()).isEmpty();
    }

    /** A certificate the user requested and validated, as one they already have. */
    private String issuedCertificate(String name) {
        String arn = aws.acm()
                .requestCertificate(r -> r.domainName(name).validationMethod("DNS"))
                .certificateArn();
        var record = DomainResource.validationRecord(aws.acm()
                        .describeCertificate(r -> r.certificateArn(arn))
                        .certificate())
                .orElseThrow();
        aws.route53()
                .changeResourceRecordSets(r -> r.hostedZoneId(zoneId)
                        .changeBatch(b -> b.changes(c -> c.action(ChangeAction.UPSERT)
                                .resourceRecordSet(s -> s.name(record.name())
                                        .type(RRType.CNAME)
                                        .ttl(300L)
                                        .resourceRecords(v -> v.value(record.value()))))));
        return arn;
    }

    private CertificateDetail requestedCertificate() {
        return aws.acm().listCertificates().certificateSummaryList().stream()
                .map(c -> aws.acm()
                        .describeCertificate(r -> r.certificateArn(c.certificateArn()))
                        .certificate())
                .filter(c -> DOMAIN.equals(c.domainName()))
                .findFirst()
                .orElseThrow();
    }

    private String loadBalancerArn() {
        return aws.elb()
                .describeLoadBalancers(r -> r.names("ecs-test"))
                .loadBalancers()
                .getFirst()
                .loadBalancerArn();
    }

    private String loadBalancerDns() {
        return aws.elb()
                .describeLoadBalancers(r -> r.names("ecs-test"))
                .loadBalancers()
                .getFirst()
                .dnsName();
    }

    private List<Listener> listeners() {
        return aws.elb()
                .describeListeners(r -> r.loadBalancerArn(loadBalancerArn()))
                .listeners();
    }

    private Listener listener(int port) {
        return listeners().stream().filter(l -> l.port() == port).findFirst().orElseThrow();
    }

    private List<String> rulesOn(String listener) {
        return aws.elb().describeRules(r -> r.listenerArn(listener)).rules().stream()
                .map(rule -> rule.ruleArn())
                .toList();
    }

    /** The listeners that carry a priority-1 (production) rule. */
    private List<String> productionRuleListeners() {
        return listeners().stream()
                .filter(l -> aws.elb().describeRules(r -> r.listenerArn(l.listenerArn())).rules().stream()
                        .anyMatch(rule -> "1".equals(rule.priority())))
                .map(Listener::listenerArn)
                .toList();
    }

    private List<ResourceRecordSet> records() {
        return aws.route53().listResourceRecordSets(r -> r.hostedZoneId(zoneId)).resourceRecordSets();
    }

    private ResourceRecordSet record(String name, RRType type) {
        return records().stream()
                .filter(set -> Records.same(set.name(), name) && set.type() == type)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " record " + name + " in " + records()));
    }

    private boolean httpsOpenToTheInternet() {
        return aws
                .ec2()
                .describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values("ecs-test-alb")))
                .securityGroups()
                .stream()
                .flatMap(g -> g.ipPermissions().stream())
                .anyMatch(p -> Integer.valueOf(443).equals(p.fromPort()));
    }
}
