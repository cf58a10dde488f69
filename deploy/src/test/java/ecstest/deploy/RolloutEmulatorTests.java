package ecstest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.testsupport.MotoServer;
import ecstest.testsupport.RequiresTools;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** `deploy` against moto_server: new revisions pinned by digest, in use by the services; unchanged is a no-op. */
@RequiresTools("moto_server")
class RolloutEmulatorTests {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private EmulatedAccount account;
    private RecordingInterceptor calls;
    private AwsClients aws;

    @BeforeEach
    void startEmulatorAndBuildTheStack() throws Exception {
        account = EmulatedAccount.start();
        calls = account.calls;
        aws = account.clients();
        account.provisioner(aws).up(TestStack.values(), false);
    }

    @AfterEach
    void stopEmulator() {
        if (aws != null) {
            aws.close();
        }
        if (account != null) {
            account.close();
        }
    }

    @Test
    void deployRegistersRevisionsPinnedByDigestAndTheServicesUseThem() {
        Map<String, String> images = images(DIGEST);

        assertThat(rollout().deploy(TestStack.values(), images, false))
                .as(account.console())
                .isTrue();

        for (String service : List.of("gate-server", "data-server")) {
            String running = aws.ecs()
                    .describeServices(r -> r.cluster("ecs-test").services(service))
                    .services()
                    .getFirst()
                    .taskDefinition();
            TaskDefinition revision = aws.ecs()
                    .describeTaskDefinition(r -> r.taskDefinition(running))
                    .taskDefinition();
            assertThat(revision.revision()).isEqualTo(2);
            assertThat(revision.containerDefinitions().getFirst().image())
                    .isEqualTo(images.get(service))
                    .contains("@" + DIGEST);
        }
        assertThat(account.console()).contains("deployment").contains("completed");

        calls.clear();
        assertThat(rollout().deploy(TestStack.values(), images, false)).isTrue();
        assertThat(calls.sent(RegisterTaskDefinitionRequest.class))
                .as("the same images again register nothing")
                .isEmpty();
    }

    @Test
    void dryRunShowsTheRevisionsItWouldRegisterAndRegistersNone() {
        calls.clear();

        assertThat(rollout().deploy(TestStack.values(), images(DIGEST), true)).isTrue();

        assertThat(calls.mutating()).isEmpty();
        assertThat(account.console()).contains("would register a new revision of ecs-test-gate-server with");
    }

    private Rollout rollout() {
        return account.rollout(aws);
    }

    private static Map<String, String> images(String digest) {
        String registry = MotoServer.ACCOUNT_ID + ".dkr.ecr." + MotoServer.REGION + ".amazonaws.com/";
        return Map.of(
                "gate-server", registry + "gate-server@" + digest, "data-server", registry + "data-server@" + digest);
    }
}
