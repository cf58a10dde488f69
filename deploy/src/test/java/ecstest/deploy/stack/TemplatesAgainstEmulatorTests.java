package ecstest.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.cli.EcsTestCli;
import ecstest.deploy.fixtures.AwsCli;
import ecstest.deploy.fixtures.Moto;
import ecstest.deploy.fixtures.TestStack;
import ecstest.testsupport.RequiresTools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import tools.jackson.databind.JsonNode;

/**
 * Every file {@code ecs-test render --discover} writes, applied unchanged with
 * {@code aws <service> <operation> --cli-input-json} against moto_server in the printed order, rendering
 * again after each call as a user would: botocore checks each parameter against the service model, which
 * catches shape errors the SDK would let through, and discovery must find every ID the calls created. Then the SDK registers the task definitions and moto's
 * answer is compared with what the templates say.
 */
@RequiresTools({"moto_server", "aws"})
class TemplatesAgainstEmulatorTests {

    private static Moto.Lease moto;

    @BeforeAll
    static void startEmulator() throws Exception {
        moto = Moto.lease();
        Moto.useDummyCredentials();
    }

    @AfterAll
    static void stopEmulator() {
        Moto.clearDummyCredentials();
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void theAwsCliAcceptsEveryRenderedFileInTheOrderPrinted(@TempDir Path out) throws Exception {
        try (AwsCli aws = new AwsCli(moto.emulator())) {
            List<Step> steps =
                    TestStack.plan().entries().stream().map(Plan.Entry::step).toList();
            Map<String, String> createdIds = new HashMap<>();
            for (int i = 0; i < steps.size(); i++) {
                // as a user would: render with the IDs discovered in the account, apply the next file
                List<String> printed = render(out);
                String command = printed.get(i);
                assertThat(command)
                        .as("%s needs no ID that is not created yet", command)
                        .doesNotContain("# needs");
                Step step = steps.get(i);
                Path file = Path.of(command.substring(command.indexOf("file://") + "file://".length())
                        .trim());

                JsonNode answer = aws.applyFile(step.service(), step.operation(), file);
                if (step.produces() != null) {
                    createdIds.put(step.produces().name(), produced(aws, step, answer));
                }
            }
            assertThat(render(out)).noneMatch(command -> command.contains("# needs"));
            StackState state = discovered();
            Map<String, String> discovered = new HashMap<>();
            createdIds.keySet().forEach(name -> state.get(Output.of(name)).ifPresent(id -> discovered.put(name, id)));
            assertThat(discovered)
                    .as("discovery finds exactly what the calls created")
                    .isEqualTo(createdIds);
            assertThat(aws.run(
                                    "ecs",
                                    "describe-services",
                                    "--cluster",
                                    "ecs-test",
                                    "--services",
                                    "gate-server",
                                    "data-server")
                            .path("services"))
                    .hasSize(2);
        }
    }

    /** Runs `ecs-test render --discover` against the emulator; returns the aws commands it prints, in order. */
    private static List<String> render(Path out) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = EcsTestCli.run(
                new String[] {
                    "render",
                    "--discover",
                    "--home",
                    TestStack.HOME.toString(),
                    "--out",
                    out.toString(),
                    "--endpoint-url",
                    moto.endpoint().toString(),
                    "--region",
                    Moto.REGION,
                    "--set",
                    "ACCOUNT_ID=" + Moto.ACCOUNT_ID
                },
                new PrintWriter(stdout, true),
                new PrintWriter(stderr, true));
        assertThat(code).as(stderr.toString()).isZero();
        return stdout.toString()
                .lines()
                .filter(line -> line.startsWith("  aws "))
                .toList();
    }

    private static StackState discovered() {
        try (AwsClients clients = new AwsClients(Moto.REGION, null, moto.endpoint())) {
            return StackPlan.discover(new StackContext(clients, "ecs-test"), TestStack.settings());
        }
    }

    @Test
    void theSdkRegistersTheTaskDefinitionsAsTheTemplatesSayThem() {
        try (EcsClient ecs = EcsClient.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.of(Moto.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            List<RegisterTaskDefinitionRequest> requests = TestStack.plan().check().stream()
                    .map(RenderedStep::request)
                    .filter(RegisterTaskDefinitionRequest.class::isInstance)
                    .map(RegisterTaskDefinitionRequest.class::cast)
                    .toList();
            assertThat(requests)
                    .extracting(RegisterTaskDefinitionRequest::family)
                    .containsExactlyInAnyOrder("ecs-test-gate-server", "ecs-test-data-server");

            for (RegisterTaskDefinitionRequest request : requests) {
                TaskDefinition registered = ecs.registerTaskDefinition(request).taskDefinition();
                ContainerDefinition sent = request.containerDefinitions().getFirst();
                ContainerDefinition got = registered.containerDefinitions().getFirst();

                assertThat(registered.family()).isEqualTo(request.family());
                assertThat(registered.networkModeAsString()).isEqualTo("awsvpc");
                assertThat(registered.requiresCompatibilitiesAsStrings()).containsExactly("FARGATE");
                assertThat(registered.cpu()).isEqualTo(request.cpu());
                assertThat(registered.memory()).isEqualTo(request.memory());
                assertThat(registered.executionRoleArn()).isEqualTo(request.executionRoleArn());
                assertThat(got.image()).isEqualTo(sent.image());
                assertThat(got.portMappings()).isEqualTo(sent.portMappings());
                assertThat(got.environment()).isEqualTo(sent.environment());
                assertThat(got.healthCheck()).isEqualTo(sent.healthCheck());
                assertThat(got.logConfiguration()).isEqualTo(sent.logConfiguration());
                assertThat(got.readonlyRootFilesystem()).isTrue();
                assertThat(got.stopTimeout()).isEqualTo(30);
            }
        }
    }

    private static String produced(AwsCli aws, Step step, JsonNode answer) {
        if (step.operation().equals("create-private-dns-namespace")) {
            // Cloud Map answers with an operation; the namespace ID is in its targets once it has run
            String operation = AwsCli.at(answer, "OperationId");
            return AwsCli.at(
                    aws.run("servicediscovery", "get-operation", "--operation-id", operation),
                    "Operation.Targets.NAMESPACE");
        }
        return AwsCli.at(answer, step.producedAt());
    }
}
