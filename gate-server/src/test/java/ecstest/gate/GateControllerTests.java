package ecstest.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(GateController.class)
@Import(GateControllerTests.Meters.class)
class GateControllerTests {

    @TestConfiguration
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    private static final URI UPSTREAM = URI.create("http://data-server.ecs-test:4000");

    @Autowired
    private MockMvc mvc;

    @Autowired
    private MeterRegistry meters;

    @MockitoBean
    private DataServerClient dataServer;

    private double upstreamErrors(String status) {
        var counter = meters.find(UpstreamProblemHandler.UPSTREAM_ERRORS)
                .tag("status", status)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void relaysTheUpstreamBytesAndContentType() throws Exception {
        double errorsBefore = upstreamErrors("502") + upstreamErrors("504");
        byte[] answer = "응, 답!".getBytes(StandardCharsets.UTF_8);
        given(dataServer.fetch()).willReturn(new DataServerClient.Answer(DataServerClientTests.textUtf8(), answer, 3));

        mvc.perform(get("/"))
                .andExpect(status().isOk())
                .andExpect(content().contentType("text/plain;charset=UTF-8"))
                .andExpect(content().bytes(answer));
        assertThat(upstreamErrors("502") + upstreamErrors("504")).isEqualTo(errorsBefore);
    }

    @Test
    void anUpstreamTimeoutIsA504ProblemNamingTheUpstream() throws Exception {
        double timeoutsBefore = upstreamErrors("504");
        double unavailableBefore = upstreamErrors("502");
        given(dataServer.fetch())
                .willThrow(new UpstreamFailure(HttpStatus.GATEWAY_TIMEOUT, UPSTREAM, "data-server timed out", null)
                        .took(2000));

        mvc.perform(get("/"))
                .andExpect(status().isGatewayTimeout())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:ecs-test:problem:upstream-timeout"))
                .andExpect(jsonPath("$.status").value(504))
                .andExpect(jsonPath("$.detail").value("data-server timed out"))
                .andExpect(jsonPath("$.upstream").value(UPSTREAM.toString()));
        assertThat(upstreamErrors("504")).isEqualTo(timeoutsBefore + 1);
        assertThat(upstreamErrors("502")).isEqualTo(unavailableBefore);
    }

    @Test
    void anUnavailableUpstreamIsA502Problem() throws Exception {
        double timeoutsBefore = upstreamErrors("504");
        double unavailableBefore = upstreamErrors("502");
        given(dataServer.fetch())
                .willThrow(new UpstreamFailure(HttpStatus.BAD_GATEWAY, UPSTREAM, "data-server refused", null).took(1));

        mvc.perform(get("/"))
                .andExpect(status().isBadGateway())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:ecs-test:problem:upstream-unavailable"))
                .andExpect(jsonPath("$.title").value("Upstream unavailable"));
        assertThat(upstreamErrors("502")).isEqualTo(unavailableBefore + 1);
        assertThat(upstreamErrors("504")).isEqualTo(timeoutsBefore);
    }
}
