package ecstest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** `deploy` against moto_server: new revisions pinned by digest, in use by the services; unchanged is a no-op. */
class RolloutEmulatorTests {

    private static final StackProvisioner.Timeouts FAST = new StackProvisioner.Timeouts(
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofMillis(50));
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private MotoServer moto;
    private final RecordingInterceptor calls = new RecordingInterceptor();
    private AwsClients aws;
    private final StringWriter console = new StringWriter();

    @BeforeEach
    void startEmulatorAndBuildTheStack() throws Exception {
        moto = MotoServer.start();
        MotoServer.useDummyCredentials();
        aws = new AwsClients(MotoServer.REGION, null, moto.endpoint(), List.of(calls));
        new StackProvisioner(aws, TestStack.renderer(), "ecs-test", new PrintWriter(console, true), FAST)
                .up(TestStack.values(), false);
    }

    @AfterEach
    void stopEmulator() {
        aws.close();
        MotoServer.clearDummyCredentials();
        moto.close();
    }

    @Test
    void deployRegistersRevisionsPinnedByDigestAndTheServicesUseThem() {
        Map<String, String> images = images(DIGEST);

        assertThat(rollout().deploy(TestStack.values(), images, false))
                .as(console.toString())
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
        assertThat(console.toString()).contains("deployment").contains("completed");

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
        assertThat(console.toString()).contains("would register a new revision of ecs-test-gate-server with");
    }

    private Rollout rollout() {
        return new Rollout(
                aws,
                TestStack.renderer(),
                "ecs-test",
                new PrintWriter(console, true),
                Duration.ofSeconds(30),
                Duration.ofMillis(50));
    }

    private static Map<String, String> images(String digest) {
        String registry = MotoServer.ACCOUNT_ID + ".dkr.ecr." + MotoServer.REGION + ".amazonaws.com/";
        return Map.of(
                "gate-server", registry + "gate-server@" + digest, "data-server", registry + "data-server@" + digest);
    }
}
