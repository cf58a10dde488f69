package ecstest.deploy.access;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.deploy.fixtures.Moto;
import ecstest.deploy.rehearsal.Emulator;
import ecstest.testsupport.RequiresTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deploying role through every EGRESS: a lifecycle that builds the stack with public egress, moves it to VPC
 * endpoints, then to the NAT gateway, and takes it down, judged by the IAM evaluator (every call allowed); and what the
 * modes add (endpoints, route deletion) allowed on the stack's own resources only.
 */
@RequiresTools("moto_server")
@ExtendWith(IamEvaluator.Available.class)
class EgressPolicyTests {

    private static final String STACK = "ecs-test";
    private static final String ACCOUNT = Moto.ACCOUNT_ID;
    private static final String REGION = Moto.REGION;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Moto.Lease moto;
    private static IamEvaluator deployer;
    private static List<IamRequests.Authorization> recorded;

    @BeforeAll
    static void recordALifecycleThroughEveryEgress() throws Exception {
        moto = Moto.lease(Map.of(Emulator.SPEEDUP, "30"));
        Moto.useDummyCredentials();
        Path documents = Files.createTempDirectory("deployer-egress-iam");
        cli("admin-setup", "--apply", "--out", documents.toString());
        Map<String, JsonNode> policies = new LinkedHashMap<>();
        for (String name : List.of("deployer-network", "deployer-services", "deployer-iam")) {
            policies.put(STACK + "-" + name, JSON.readTree(Files.readString(documents.resolve(name + ".json"))));
        }
        deployer = new IamEvaluator("arn:aws:iam::" + ACCOUNT + ":role/ecs-test-deployer", ACCOUNT, policies, null);
        try (IamRecorder.Session session = IamRecorder.start(moto.endpoint(), REGION, ACCOUNT, STACK)) {
            cli("up", "--set", "EGRESS=public");
            cli("up", "--set", "EGRESS=endpoints");
            cli("up");
            cli("up", "--set", "EGRESS=endpoints");
            cli("down", "--yes", "--set", "EGRESS=endpoints");
            recorded = List.copyOf(new LinkedHashSet<>(session.authorizations));
        }
    }

    @AfterAll
    static void stopEmulator() {
        Moto.clearDummyCredentials();
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void everyCallOfEveryEgressIsAllowed() throws Exception {
        List<IamEvaluator.Verdict> verdicts = deployer.evaluate(recorded);

        assertThat(IamEvaluator.mustBeAllowed(verdicts))
                .allSatisfy(verdict ->
                        assertThat(verdict.result()).as("%s", verdict).isEqualTo("Allowed"));
        assertThat(verdicts.stream().map(v -> v.request().action()))
                .as("the modes made and removed what each needs")
                .contains(
                        "ec2:CreateVpcEndpoint",
                        "ec2:DeleteVpcEndpoints",
                        "ec2:DeleteRoute",
                        "ec2:DeleteNatGateway",
                        "ec2:ReleaseAddress",
                        "ecs:UpdateService");
    }

    @Test
    void endpointsAndRoutesOfAnotherStackAreDenied() throws Exception {
        Map<String, Object> otherStack = IamRequests.resourceTags(Map.of(IamRequests.TAG, "other"));
        Map<String, Object> ours = IamRequests.resourceTags(Map.of(IamRequests.TAG, STACK));
        String endpoint = "arn:aws:ec2:" + REGION + ":" + ACCOUNT + ":vpc-endpoint/vpce-0123456789abcdef0";
        String table = "arn:aws:ec2:" + REGION + ":" + ACCOUNT + ":route-table/rtb-0123456789abcdef0";
        List<IamRequests.Authorization> allowed =
                List.of(auth("ec2:DeleteVpcEndpoints", endpoint, ours), auth("ec2:DeleteRoute", table, ours));
        List<IamRequests.Authorization> denied = List.of(
                auth("ec2:DeleteVpcEndpoints", endpoint, otherStack),
                auth("ec2:DeleteVpcEndpoints", endpoint, Map.of()),
                auth("ec2:DeleteRoute", table, otherStack),
                auth(
                        "ec2:CreateVpcEndpoint",
                        "arn:aws:ec2:" + REGION + ":" + ACCOUNT + ":vpc-endpoint/*",
                        IamRequests.requestTags(Map.of(IamRequests.TAG, "other"))),
                auth("ec2:CreateVpcEndpoint", "arn:aws:ec2:" + REGION + ":" + ACCOUNT + ":vpc/vpc-1", otherStack));

        assertThat(deployer.evaluate(allowed))
                .allSatisfy(v -> assertThat(v.allowed()).as("%s", v).isTrue());
        assertThat(deployer.evaluate(denied))
                .allSatisfy(v -> assertThat(v.allowed()).as("%s", v).isFalse());
    }

    private static IamRequests.Authorization auth(String action, String resource, Map<String, Object> context) {
        return new IamRequests.Authorization("case", action, resource, context);
    }

    private static void cli(String... args) {
        EmulatedCli.succeed(moto.endpoint(), List.of(), args);
    }
}
