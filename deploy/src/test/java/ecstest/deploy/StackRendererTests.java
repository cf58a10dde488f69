package ecstest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.deploy.stack.StackRenderer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackRendererTests {

    @Test
    void aStepWaitsForTheIdsItsOwnValuesReferTo() {
        List<StackRenderer.RenderedStep> steps = TestStack.renderer().render(TestStack.values());

        assertThat(step(steps, "20-ec2-create-route-public-default.json").waitingFor())
                .containsExactly("IGW_ID", "PUBLIC_ROUTE_TABLE_ID");
        assertThat(step(steps, "09-ec2-create-vpc.json").waitingFor()).isEmpty();
    }

    @Test
    void knownIdsFillTheirPlaceholders() {
        Map<String, String> values = new HashMap<>(TestStack.values());
        values.put("PUBLIC_ROUTE_TABLE_ID", "rtb-1");
        values.put("IGW_ID", "igw-1");

        StackRenderer.RenderedStep route = TestStack.renderer().render(19, values);

        assertThat(route.fileName()).isEqualTo("20-ec2-create-route-public-default.json");
        assertThat(route.waitingFor()).isEmpty();
        assertThat(route.json().get("RouteTableId").asString()).isEqualTo("rtb-1");
        assertThat(route.json().get("GatewayId").asString()).isEqualTo("igw-1");
    }

    private static StackRenderer.RenderedStep step(List<StackRenderer.RenderedStep> steps, String file) {
        return steps.stream().filter(s -> s.fileName().equals(file)).findFirst().orElseThrow();
    }
}
