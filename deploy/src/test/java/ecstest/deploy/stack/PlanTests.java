package ecstest.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ecstest.deploy.DeployException;
import ecstest.deploy.fixtures.TestStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan: built once for the settings, every call rendered and checked once, outputs filled as they are known. */
class PlanTests {

    @Test
    void aStepWaitsForTheOutputsItsOwnValuesReferTo() {
        List<RenderedStep> steps = TestStack.plan().check();

        assertThat(step(steps, "20-ec2-create-route-public-default.json").waitingFor())
                .containsExactly("IGW_ID", "PUBLIC_ROUTE_TABLE_ID");
        assertThat(step(steps, "09-ec2-create-vpc.json").waitingFor()).isEmpty();
        // a step value named as the output it refers to (NAT_GATEWAY_ID = "${NAT_GATEWAY_ID}") waits for it too
        assertThat(step(steps, "24-ec2-create-route-private-default.json").waitingFor())
                .containsExactly("NAT_GATEWAY_ID", "PRIVATE_ROUTE_TABLE_ID");
    }

    @Test
    void knownOutputsFillTheirPlaceholders() {
        Plan plan = TestStack.plan();
        StackState state = new StackState();
        state.put(RouteTablesResource.PUBLIC, "rtb-1");
        state.put(InternetGatewayResource.IGW_ID, "igw-1");

        RenderedStep route = plan.render(plan.entries().get(19), state);

        assertThat(route.fileName()).isEqualTo("20-ec2-create-route-public-default.json");
        assertThat(route.waitingFor()).isEmpty();
        assertThat(route.json().get("RouteTableId").asString()).isEqualTo("rtb-1");
        assertThat(route.json().get("GatewayId").asString()).isEqualTo("igw-1");
    }

    @Test
    void derivedOutputsAreWorkedOutOnceWhatTheyComeFromIsKnown() {
        StackState state = new StackState();
        state.put(
                LoadBalancerResource.LOAD_BALANCER_ARN,
                "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/ecs-test/50dc6c495c0c9188");
        assertThat(state.get(TargetGroupsResource.ALB_RESOURCE_LABEL)).isEmpty();

        state.put(
                TargetGroupsResource.TARGET_GROUP_ARN,
                "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/ecs-test-gate-server/73e2d6bc24d8a067");

        assertThat(state.get(TargetGroupsResource.ALB_RESOURCE_LABEL))
                .contains("app/ecs-test/50dc6c495c0c9188/targetgroup/ecs-test-gate-server/73e2d6bc24d8a067");
        assertThat(state.get(TargetGroupsResource.LOAD_BALANCER_DIMENSION)).contains("app/ecs-test/50dc6c495c0c9188");
        assertThat(state.get(TargetGroupsResource.TARGET_GROUP_DIMENSION))
                .contains("targetgroup/ecs-test-gate-server/73e2d6bc24d8a067");
    }

    @Test
    void theSettingsChooseTheSteps() {
        assertThat(TestStack.plan().entries()).hasSize(56);
        assertThat(TestStack.plan(Map.of("NAT_PER_AZ", "true")).entries()).hasSize(60);
        // no Elastic IP, NAT gateway or private default route; then a security group, its two rules, six endpoints
        assertThat(TestStack.plan(Map.of("EGRESS", "public")).entries()).hasSize(53);
        assertThat(TestStack.plan(Map.of("EGRESS", "endpoints")).entries()).hasSize(62);
        assertThat(TestStack.plan(Map.of("GATE_TARGET_REQUESTS_PER_TASK", "6000"))
                        .entries())
                .hasSize(57);
    }

    @Test
    void everyStepsOutputIsDeclaredByItsKind() {
        for (Plan.Entry entry : TestStack.plan(Map.of("NAT_PER_AZ", "true")).entries()) {
            if (entry.step().produces() != null) {
                assertThat(entry.resource().outputs())
                        .as(entry.fileName())
                        .contains(entry.step().produces());
            }
        }
    }

    @Test
    void aValueNoTemplateCanDoWithoutIsListedWithTheFilesThatNeedIt() {
        Plan plan = Plan.of(
                ecstest.deploy.settings.StackSettings.load(
                        StackPlan.SETTINGS, TestStack.HOME.resolve("stacks"), "ecs-test", Map.of(), Map.of()),
                TestStack.templates());

        assertThatThrownBy(plan::check)
                .isInstanceOf(DeployException.class)
                .hasMessageStartingWith("missing values (set them in stacks/ecs-test.properties, as ECS_TEST_<NAME>, or"
                        + " with --set NAME=VALUE):\n  ACCOUNT_ID  (used by ")
                .hasMessageContaining("iam/task-execution-policy.json");
    }

    private static RenderedStep step(List<RenderedStep> steps, String file) {
        return steps.stream().filter(s -> s.fileName().equals(file)).findFirst().orElseThrow();
    }
}
