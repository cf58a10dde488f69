package ecstest.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ecstest.deploy.fixtures.Moto;
import ecstest.deploy.stack.StackPlan;
import ecstest.testsupport.FaultyProxy;
import ecstest.testsupport.RequiresTools;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which AWS APIs the services call, with the task definition's AWS settings, measured at a proxy in front of the
 * emulator: gate-server reads Parameter Store at start and publishes metrics to CloudWatch, and nothing else; so
 * {@code EGRESS=endpoints} gives the tasks an endpoint for each (beside the ones ECS itself needs for a task: ECR and
 * CloudWatch Logs). data-server has no AWS SDK on its class path.
 */
@RequiresTools("moto_server")
class EgressServicesTests extends InProcessPair {

    private Moto.Lease moto;
    private FaultyProxy proxy;

    @BeforeEach
    void anEmulatorBehindARecordingProxy() throws Exception {
        moto = Moto.lease();
        proxy = FaultyProxy.start(moto.endpoint(), 0, 0, Duration.ZERO);
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void gateServerCallsParameterStoreAndCloudWatchOnlyAndEndpointsCoverBoth() throws Exception {
        data = startDataServer(0);
        gate = startGate(
                port(data),
                "--spring.cloud.aws.endpoint=" + proxy.endpoint(),
                "--spring.cloud.aws.region.static=" + Moto.REGION,
                "--spring.cloud.aws.credentials.access-key=testing",
                "--spring.cloud.aws.credentials.secret-key=testing",
                "--spring.config.import=optional:aws-parameterstore:/ecs-test/gate-server/",
                "--management.cloudwatch.metrics.export.enabled=true",
                "--management.cloudwatch.metrics.export.namespace=ecs-test",
                "--management.cloudwatch.metrics.export.step=1s");

        for (int i = 0; i < 3; i++) {
            assertThat(get(gate).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> proxy.services().contains("monitoring"));

        assertThat(proxy.services()).containsExactlyInAnyOrder("ssm", "monitoring");
        assertThat(StackPlan.endpointServices())
                .as("the interface endpoints of EGRESS=endpoints")
                .containsAll(proxy.services())
                .contains("ecr.api", "ecr.dkr", "logs");
    }
}
