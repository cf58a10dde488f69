package ecstest.deploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;

/** Which of a service's listed deployments `deploy`, `watch` and `rollback` follow. */
class DeploymentFollowerTests {

    private static ServiceDeploymentBrief brief(String id, int minute) {
        return ServiceDeploymentBrief.builder()
                .serviceDeploymentArn("arn:aws:ecs:ap-northeast-2:123456789012:service-deployment/ecs-test/gate/" + id)
                .createdAt(Instant.parse("2026-12-06T10:00:00Z").plusSeconds(60L * minute))
                .build();
    }

    @Test
    void theNewestIsChosenByCreationTimeNotByListOrder() {
        List<ServiceDeploymentBrief> listed = List.of(brief("b", 5), brief("c", 9), brief("a", 1));

        assertThat(DeploymentFollower.newestOf(listed, Set.of()))
                .hasValueSatisfying(arn -> assertThat(arn).endsWith("/c"));
    }

    @Test
    void theDeploymentAnUpdateStartedIsTheNewestNotKnownBeforeIt() {
        ServiceDeploymentBrief before = brief("old", 9);
        ServiceDeploymentBrief started = brief("new", 3); // a clock that differs: still the one not seen before

        assertThat(DeploymentFollower.newestOf(List.of(before, started), Set.of(before.serviceDeploymentArn())))
                .hasValue(started.serviceDeploymentArn());
        assertThat(DeploymentFollower.newestOf(List.of(before), Set.of(before.serviceDeploymentArn())))
                .as("not listed yet")
                .isEmpty();
    }
}
