package ecstest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
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
 * Every rendered file, applied unchanged with {@code aws <service> <operation> --cli-input-json} against
 * moto_server in the printed order: botocore checks each parameter against the service model, which
 * catches shape errors the SDK would let through. Then the SDK registers the task definitions and moto's
 * answer is compared with what the templates say.
 */
class TemplatesAgainstEmulatorTests {

    private static MotoServer moto;

    @BeforeAll
    static void startEmulator() throws Exception {
        AwsCli.requireInstalled();
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopEmulator() {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void theAwsCliAcceptsEveryRenderedFileInTheOrderPrinted(@TempDir Path out) throws Exception {
        AwsCli aws = new AwsCli(moto);
        Map<String, String> known = new HashMap<>(TestStack.values());
        int applied = 0;
        for (int i = 0; i < StackPlan.steps().size(); i++) {
            // render again with the IDs created so far, as a user following `render` would
            StackRenderer.RenderedStep step = TestStack.renderer().render(known).get(i);
            assertThat(step.waitingFor())
                    .as("%s waits for IDs no earlier step produced", step.fileName())
                    .isEmpty();
            Path file = out.resolve(step.fileName());
            Files.writeString(file, StackRenderer.toJson(step.json()));

            JsonNode answer = aws.applyFile(step.step().service(), step.step().operation(), file);
            applied++;
            if (step.step().produces() != null) {
                known.put(step.step().produces(), produced(aws, step.step(), answer));
            }
        }
        assertThat(applied).isEqualTo(StackPlan.steps().size());
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

    @Test
    void theSdkRegistersTheTaskDefinitionsAsTheTemplatesSayThem() {
        try (EcsClient ecs = EcsClient.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            List<RegisterTaskDefinitionRequest> requests = TestStack.renderer().render(TestStack.values()).stream()
                    .map(StackRenderer.RenderedStep::request)
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
        if (step.producedAt().equals("@namespace")) {
            // Cloud Map answers with an operation; the namespace ID is in its targets once it has run
            String operation = AwsCli.at(answer, "OperationId");
            return AwsCli.at(
                    aws.run("servicediscovery", "get-operation", "--operation-id", operation),
                    "Operation.Targets.NAMESPACE");
        }
        return AwsCli.at(answer, step.producedAt());
    }
}
