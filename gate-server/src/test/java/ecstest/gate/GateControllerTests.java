package ecstest.gate;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(GateController.class)
class GateControllerTests {

    private static final URI UPSTREAM = URI.create("http://data-server.ecs-test:4000");

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private DataServerClient dataServer;

    @Test
    void relaysTheUpstreamBytesAndContentType() throws Exception {
        byte[] answer = "응, 답!".getBytes(StandardCharsets.UTF_8);
        given(dataServer.fetch()).willReturn(new DataServerClient.Answer(DataServerClientTests.textUtf8(), answer));

        mvc.perform(get("/"))
                .andExpect(status().isOk())
                .andExpect(content().contentType("text/plain;charset=UTF-8"))
                .andExpect(content().bytes(answer));
    }

    @Test
    void anUpstreamTimeoutIsA504ProblemNamingTheUpstream() throws Exception {
        given(dataServer.fetch())
                .willThrow(new UpstreamFailure(HttpStatus.GATEWAY_TIMEOUT, UPSTREAM, "data-server timed out", null));

        mvc.perform(get("/"))
                .andExpect(status().isGatewayTimeout())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:ecs-test:problem:upstream-timeout"))
                .andExpect(jsonPath("$.status").value(504))
                .andExpect(jsonPath("$.detail").value("data-server timed out"))
                .andExpect(jsonPath("$.upstream").value(UPSTREAM.toString()));
    }

    @Test
    void anUnavailableUpstreamIsA502Problem() throws Exception {
        given(dataServer.fetch())
                .willThrow(new UpstreamFailure(HttpStatus.BAD_GATEWAY, UPSTREAM, "data-server refused", null));

        mvc.perform(get("/"))
                .andExpect(status().isBadGateway())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:ecs-test:problem:upstream-unavailable"))
                .andExpect(jsonPath("$.title").value("Upstream unavailable"));
    }
}
