package ecstest.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.fixtures.EmulatedAccount;
import ecstest.deploy.fixtures.TestStack;
import ecstest.deploy.rehearsal.Rehearsal;
import ecstest.testsupport.FaultyProxy;
import ecstest.testsupport.RequiresTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceSummary;

/**
 * Two stacks in one account, as a new user makes the second: {@code stacks/staging.properties} a plain copy of the
 * default stack's, so both call their namespace {@code ecs-test}. Each has its own namespace on its own VPC and its own
 * discovery services, repositories and roles; {@code down} of one leaves the other whole; a name another stack owns
 * stops {@code up} before any change.
 */
@RequiresTools("moto_server")
class TwoStacksEmulatorTests {

    @TempDir
    Path home;

    @TempDir
    Path documents;

    private EmulatedAccount account;
    private FaultyProxy counting;
    private AwsClients aws;

    @BeforeEach
    void aHomeWithAStagingStackAndAnEmulatorBehindACountingProxy() throws Exception {
        TestStack.copyHome(home);
        Files.copy(home.resolve("stacks/ecs-test.properties"), home.resolve("stacks/staging.properties"));
        account = EmulatedAccount.start();
        aws = account.clients();
        counting = FaultyProxy.start(account.moto.endpoint(), 0, 0, Duration.ZERO);
    }

    @AfterEach
    void stop() {
        if (counting != null) {
            counting.close();
        }
        if (aws != null) {
            aws.close();
        }
        if (account != null) {
            account.close();
        }
    }

    @Test
    void eachStackKeepsItsOwnDiscoveryAndTheDownOfOneLeavesTheOtherWhole() throws IOException {
        for (String stack : List.of("ecs-test", "staging")) {
            ok(
                    "admin-setup",
                    "--apply",
                    "--stack",
                    stack,
                    "--out",
                    documents.resolve(stack).toString());
            ok("up", "--stack", stack);
            ok(
                    "deploy",
                    "--stack",
                    stack,
                    "--digest",
                    "gate-server=" + Rehearsal.standIn("gate-server"),
                    "--digest",
                    "data-server=" + Rehearsal.standIn("data-server"));
        }

        Map<String, NamespaceSummary> namespaces = new HashMap<>();
        for (String stack : List.of("ecs-test", "staging")) {
            NamespaceSummary namespace = namespaceOf(stack);
            namespaces.put(stack, namespace);
            assertThat(namespace.name()).isEqualTo("ecs-test");
            assertThat(zoneVpcs(namespace))
                    .as("%s's namespace answers in its own VPC", stack)
                    .containsExactly(vpcOf(stack));
            for (String service : List.of("data-server", "gate-server")) {
                assertThat(registryNamespace(stack, service))
                        .as("%s's %s is registered in its own stack's namespace", stack, service)
                        .isEqualTo(namespace.id());
            }
        }
        assertThat(namespaces.get("ecs-test").id())
                .isNotEqualTo(namespaces.get("staging").id());
        assertThat(vpcOf("ecs-test")).isNotEqualTo(vpcOf("staging"));
        assertThat(repositories())
                .containsExactlyInAnyOrder(
                        "ecs-test/gate-server", "ecs-test/data-server", "staging/gate-server", "staging/data-server");
        String statusBefore = ok("status", "--output", "json").out();
        List<String> defaultStack = account.teardown(aws).leftovers();

        EmulatedAccount.Run down = ok("down", "--yes", "--stack", "staging");

        assertThat(down.out()).contains("stack staging is gone; the leak audit found nothing");
        assertThat(down.out()).doesNotContain(namespaces.get("ecs-test").id(), vpcOf("ecs-test"));
        assertThat(account.teardown(aws).leftovers())
                .as("the default stack after staging's down")
                .containsExactlyInAnyOrderElementsOf(defaultStack);
        assertThat(namespaceOf("ecs-test").id())
                .isEqualTo(namespaces.get("ecs-test").id());
        counting.clearActions();
        ok("up");
        assertThat(counting.mutating())
                .as("calls of the default stack's next up")
                .isEmpty();
        assertThat(ok("status", "--output", "json").out()).isEqualTo(statusBefore);

        EmulatedAccount.Run downDefault = ok("down", "--yes");
        assertThat(downDefault.out()).contains("stack ecs-test is gone; the leak audit found nothing");
        assertThat(account.teardown(aws).leftovers()).isEmpty();
    }

    @Test
    void aNameAnotherStackOwnsStopsUpWithOneLineBeforeAnyChange() {
        aws.logs()
                .createLogGroup(r -> r.logGroupName("/ecs/staging/gate-server").tags(Map.of("ecs-test:stack", "shop")));
        aws.iam()
                .createRole(r -> r.roleName("staging-task-execution")
                        .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}")
                        .tags(t -> t.key("team").value("payments")));

        EmulatedAccount.Run up = account.cli(home, counting.endpoint(), "up", "--stack", "staging");

        assertThat(up.exitCode()).as(up.console()).isEqualTo(1);
        assertThat(up.err().lines().toList())
                .as(up.err())
                .containsExactly(
                        "ecs-test up: IAM role staging-task-execution exists without the tag ecs-test:stack (not"
                                + " made by ecs-test for stack staging): the name comes from --stack staging; choose"
                                + " another stack name, or delete it by hand if nothing uses it",
                        "log group /ecs/staging/gate-server belongs to stack shop (tag ecs-test:stack=shop): the name"
                                + " comes from --stack staging; choose another stack name, or delete it by hand if"
                                + " nothing uses it");
        assertThat(counting.actions()).as("what up asked").isNotEmpty();
        assertThat(counting.mutating()).as("what up changed").isEmpty();

        EmulatedAccount.Run down = account.cli(home, counting.endpoint(), "down", "--yes", "--stack", "staging");
        assertThat(down.exitCode()).as(down.console()).isZero();
        assertThat(counting.mutating())
                .as("down leaves what is not the stack's")
                .isEmpty();
        assertThat(aws.logs().describeLogGroups().logGroups()).hasSize(1);
        assertThat(aws.iam().getRole(r -> r.roleName("staging-task-execution")).role())
                .isNotNull();
    }

    private EmulatedAccount.Run ok(String... args) {
        EmulatedAccount.Run run = account.cli(home, counting.endpoint(), args);
        assertThat(run.exitCode())
                .as("%s: %s", String.join(" ", args), run.console())
                .isZero();
        return run;
    }

    private NamespaceSummary namespaceOf(String stack) {
        List<NamespaceSummary> tagged = new ArrayList<>();
        for (NamespaceSummary namespace : aws.cloudMap().listNamespaces().namespaces()) {
            boolean ours = aws.cloudMap().listTagsForResource(r -> r.resourceARN(namespace.arn())).tags().stream()
                    .anyMatch(t -> t.key().equals("ecs-test:stack") && t.value().equals(stack));
            if (ours) {
                tagged.add(namespace);
            }
        }
        assertThat(tagged).as("%s's namespaces", stack).hasSize(1);
        return tagged.getFirst();
    }

    private List<String> zoneVpcs(NamespaceSummary namespace) {
        String zone = aws.cloudMap()
                .getNamespace(r -> r.id(namespace.id()))
                .namespace()
                .properties()
                .dnsProperties()
                .hostedZoneId();
        return aws.route53().getHostedZone(r -> r.id(zone)).vpCs().stream()
                .map(vpc -> vpc.vpcId())
                .toList();
    }

    private String vpcOf(String stack) {
        return aws.ec2()
                .describeVpcs(r -> r.filters(f -> f.name("tag:ecs-test:stack").values(stack)))
                .vpcs()
                .getFirst()
                .vpcId();
    }

    /** The namespace of the discovery service the stack's ECS service registers its tasks in. */
    private String registryNamespace(String stack, String service) {
        Service ecs = aws.ecs()
                .describeServices(r -> r.cluster(stack).services(service))
                .services()
                .getFirst();
        String registry = ecs.serviceRegistries().getFirst().registryArn();
        String id = registry.substring(registry.lastIndexOf('/') + 1);
        return aws.cloudMap().getService(r -> r.id(id)).service().namespaceId();
    }

    private List<String> repositories() {
        return aws.ecr().describeRepositories().repositories().stream()
                .map(repository -> repository.repositoryName())
                .toList();
    }
}
