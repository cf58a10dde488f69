package ecstest.deploy.access;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.deploy.fixtures.EmulatedAccount;
import ecstest.deploy.fixtures.Moto;
import ecstest.deploy.fixtures.TestStack;
import ecstest.deploy.rehearsal.Emulator;
import ecstest.deploy.rehearsal.Rehearsal;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.stack.Plan;
import ecstest.deploy.stack.StackPlan;
import ecstest.testsupport.RequiresTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deploying role's policies, as admin-setup renders them for the stack, judged by an IAM policy evaluator:
 * every authorization the CLI's verbs need (recorded from a whole lifecycle against the emulator) is allowed,
 * and what would let the deployer escalate or touch what is not its stack's is denied.
 */
@RequiresTools("moto_server")
@ExtendWith(IamEvaluator.Available.class)
class DeployerPolicyTests {

    private static final String STACK = "ecs-test";
    private static final String ACCOUNT = Moto.ACCOUNT_ID;
    private static final String REGION = Moto.REGION;
    private static final String BOUNDARY = "arn:aws:iam::" + ACCOUNT + ":policy/ecs-test-task-role-boundary";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Moto.Lease moto;
    private static Path documents;
    private static IamEvaluator deployer;
    private static final List<String> verbs = new ArrayList<>();
    private static List<IamRequests.Authorization> recorded;

    @BeforeAll
    static void recordALifecycle() throws Exception {
        moto = Moto.lease(Map.of(Emulator.SPEEDUP, "30")); // a rolling deployment takes 2 s
        Moto.useDummyCredentials();
        documents = Files.createTempDirectory("deployer-iam");
        cli("admin-setup", "--apply", "--out", documents.toString()); // as the administrator: not recorded
        Map<String, JsonNode> policies = new LinkedHashMap<>();
        for (String name : List.of("deployer-network", "deployer-services", "deployer-iam")) {
            policies.put(STACK + "-" + name, JSON.readTree(Files.readString(documents.resolve(name + ".json"))));
        }
        deployer = new IamEvaluator("arn:aws:iam::" + ACCOUNT + ":role/ecs-test-deployer", ACCOUNT, policies, null);

        try (IamRecorder.Session session = IamRecorder.start(moto.endpoint(), REGION, ACCOUNT, STACK)) {
            cli("up", "--set", "GATE_TARGET_REQUESTS_PER_TASK=6000");
            cli(
                    "deploy",
                    "--digest",
                    "gate-server=" + Rehearsal.standIn("gate-server"),
                    "--digest",
                    "data-server=" + Rehearsal.standIn("data-server"));
            // every setting up converges in place, changed at once: the update calls are the deployer's too
            cli(
                    "up",
                    "--set",
                    "GATE_TARGET_REQUESTS_PER_TASK=6000",
                    "--set",
                    "GATE_DESIRED_COUNT=2",
                    "--set",
                    "DATA_MEMORY=1024",
                    "--set",
                    "DNS_TTL_SECONDS=20",
                    "--set",
                    "GATE_TARGET_CPU_PERCENT=50",
                    "--set",
                    "NAT_PER_AZ=true");
            cli("status");
            cli("config", "set", "gate-server", "data-server.read-timeout", "300ms");
            cli("config", "get", "gate-server", "data-server.read-timeout");
            cli("config", "list");
            cli("config", "unset", "gate-server", "data-server.read-timeout");
            cli("logs", "gate-server", "--since", "5m");
            cli("scale", "gate-server", "2");
            cli("scale", "--all", "--resume");
            cli("restart", "gate-server");
            // a deployment left under way (--wait-until), followed again, then rolled back: 2 s of stages at
            // this emulator's speed-up, where the CLI's next call comes within a fraction of a second
            cli(
                    "deploy",
                    "--digest",
                    "gate-server=sha256:" + "cd".repeat(32),
                    "--digest",
                    "data-server=sha256:" + "cd".repeat(32),
                    "--wait-until",
                    "SCALE_UP");
            cli("rollback", "gate-server");
            cli("watch", "data-server");
            smoke(); // the emulator's load balancer answers nothing: recorded for the calls smoke makes first
            cli("down", "--yes");
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
    void everyAuthorizationTheVerbsNeedIsAllowed() throws Exception {
        List<IamEvaluator.Verdict> verdicts = deployer.evaluate(recorded);

        Map<String, int[]> byAction = new TreeMap<>();
        verdicts.forEach(v -> byAction.computeIfAbsent(v.request().action(), a -> new int[2])[v.allowed() ? 0 : 1]++);
        System.out.printf("deployer policies against %d distinct authorizations of %s:%n", verdicts.size(), verbs);
        byAction.forEach((action, counts) ->
                System.out.printf("  %-52s %3d allowed %3d denied%n", action, counts[0], counts[1]));
        assertThat(IamEvaluator.mustBeAllowed(verdicts))
                .as("the verbs' calls (unmapped:… is a call IamRequests does not know yet)")
                .allSatisfy(verdict ->
                        assertThat(verdict.result()).as("%s", verdict).isEqualTo("Allowed"));
        assertThat(verdicts.stream()
                        .filter(v -> IamEvaluator.REFUSED_ON_PURPOSE.contains(
                                v.request().action())))
                .allSatisfy(verdict ->
                        assertThat(verdict.allowed()).as("%s", verdict).isFalse());
        List<IamEvaluator.Verdict> unjudged =
                verdicts.stream().filter(IamEvaluator::cannotJudge).toList();
        unjudged.forEach(v -> System.out.println("  not judged (the evaluator's data): " + v.request()));
        assertThat(unjudged).hasSizeLessThanOrEqualTo(4); // two target groups, the listener, the production rule
        assertThat(byAction.keySet())
                .as("the lifecycle reached every kind of resource")
                .contains(
                        "ec2:CreateNatGateway",
                        "ec2:DeleteVpc",
                        "elasticloadbalancing:CreateListener",
                        "ecs:UpdateService",
                        "ecs:DeleteCluster",
                        "servicediscovery:DeleteNamespace",
                        "iam:CreateRole",
                        "iam:PassRole",
                        "iam:DeleteRole",
                        "application-autoscaling:PutScalingPolicy",
                        "ssm:PutParameter",
                        "logs:FilterLogEvents",
                        "ecr:DeleteRepository");
    }

    /** IAM's limit for a managed policy: 6,144 characters, white space not counted. */
    @Test
    void eachPolicyFitsInAManagedPolicy() throws Exception {
        try (Stream<Path> files = Files.list(documents)) {
            assertThat(files.filter(f -> !f.getFileName().toString().equals("deployer-trust.json")))
                    .hasSize(4)
                    .allSatisfy(file -> assertThat(
                                    Files.readString(file).replaceAll("\\s", "").length())
                            .as("%s", file.getFileName())
                            .isLessThanOrEqualTo(6144));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escalations")
    void denied(String name, IamRequests.Authorization request) throws Exception {
        IamEvaluator.Verdict verdict = deployer.evaluate(List.of(request)).getFirst();

        assertThat(verdict.result()).as("%s", verdict).isIn("ImplicitlyDenied", "ExplicitlyDenied");
    }

    /**
     * A second stack's deploying role, rendered for "staging" as admin-setup renders it, against the default stack's
     * Cloud Map namespace and discovery services, repositories and ECS services (denied), and against its own
     * (allowed): one stack's deployer cannot touch another's in the same account.
     */
    @Test
    void anotherStacksDeployerMayChangeItsOwnStackAndNotThisOne() throws Exception {
        Path home = Files.createTempDirectory("staging");
        TestStack.copyHome(home);
        Files.writeString(home.resolve("stacks/staging.properties"), "");
        Plan plan = Plan.of(
                StackSettings.load(
                        StackPlan.SETTINGS,
                        home.resolve("stacks"),
                        "staging",
                        Map.of(),
                        Map.of("ACCOUNT_ID", ACCOUNT, "REGION", REGION)),
                TestStack.templates());
        Map<String, JsonNode> policies = new LinkedHashMap<>();
        for (String name : List.of("deployer-network", "deployer-services", "deployer-iam")) {
            policies.put("staging-" + name, plan.document("iam/" + name + "-policy.json"));
        }
        IamEvaluator staging =
                new IamEvaluator("arn:aws:iam::" + ACCOUNT + ":role/staging-deployer", ACCOUNT, policies, null);
        List<IamRequests.Authorization> requests = new ArrayList<>();
        for (String stack : List.of(STACK, "staging")) {
            Map<String, Object> tagged = IamRequests.resourceTags(Map.of(IamRequests.TAG, stack));
            String namespace = arn("servicediscovery", "namespace/ns-" + stack);
            String discovery = arn("servicediscovery", "service/srv-" + stack);
            requests.add(auth("servicediscovery:DeleteNamespace", namespace, tagged));
            requests.add(auth(
                    "servicediscovery:CreateService",
                    namespace,
                    merged(tagged, IamRequests.requestTags(Map.of(IamRequests.TAG, "staging")))));
            requests.add(auth("servicediscovery:UpdateService", discovery, tagged));
            requests.add(auth("servicediscovery:DeleteService", discovery, tagged));
            for (String service : List.of("gate-server", "data-server")) {
                String repository = arn("ecr", "repository/" + stack + "/" + service);
                requests.add(auth("ecr:PutImage", repository, tagged));
                requests.add(auth("ecr:InitiateLayerUpload", repository, tagged));
                requests.add(auth("ecr:DeleteRepository", repository, tagged));
                requests.add(auth("ecs:UpdateService", arn("ecs", "service/" + stack + "/" + service), tagged));
                requests.add(auth("ecs:DeleteService", arn("ecs", "service/" + stack + "/" + service), tagged));
            }
        }

        List<IamEvaluator.Verdict> verdicts = staging.evaluate(requests);

        assertThat(verdicts)
                .hasSize(requests.size())
                .allSatisfy(verdict -> assertThat(verdict.allowed())
                        .as("%s", verdict)
                        .isEqualTo(verdict.request().resource().contains("staging")));
    }

    /** The same request with the task-role boundary the stack's roles carry: what a created role could do. */
    @Test
    void theBoundaryKeepsTheStacksRolesToTheirPurpose() throws Exception {
        Map<String, JsonNode> admin = Map.of(
                "AdministratorAccess",
                JSON.readTree(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
        IamEvaluator role = new IamEvaluator(
                "arn:aws:iam::" + ACCOUNT + ":role/ecs-test-gate-server-task",
                ACCOUNT,
                admin,
                JSON.readTree(Files.readString(documents.resolve("task-role-boundary.json"))));

        List<IamEvaluator.Verdict> verdicts = role.evaluate(List.of(
                auth("ssm:GetParametersByPath", ssm("/ecs-test/gate-server"), Map.of()),
                auth("cloudwatch:PutMetricData", "*", Map.of("cloudwatch:namespace", "ecs-test")),
                auth("logs:PutLogEvents", arn("logs", "log-group:/ecs/ecs-test/gate-server:log-stream:x"), Map.of()),
                auth("ecr:BatchGetImage", arn("ecr", "repository/ecs-test/gate-server"), Map.of()),
                // even with AdministratorAccess attached, the boundary stops everything else
                auth("iam:CreateUser", arn("iam", "user/mallory"), Map.of()),
                auth("ssm:GetParametersByPath", ssm("/other/gate-server"), Map.of()),
                auth("cloudwatch:PutMetricData", "*", Map.of("cloudwatch:namespace", "other")),
                auth("ecr:BatchGetImage", arn("ecr", "repository/someone-elses"), Map.of()),
                auth("ec2:TerminateInstances", arn("ec2", "instance/i-0123456789abcdef0"), Map.of())));

        assertThat(verdicts.stream().map(IamEvaluator.Verdict::allowed))
                .containsExactly(true, true, true, true, false, false, false, false, false);
    }

    static Stream<Arguments> escalations() {
        String ours = STACK;
        Map<String, Object> noTag = Map.of();
        Map<String, Object> otherStack = IamRequests.resourceTags(Map.of(IamRequests.TAG, "other"));
        String gateRole = arn("iam", "role/ecs-test-gate-server-task");
        List<Arguments> cases = new ArrayList<>(List.of(
                named(
                        "attach AdministratorAccess to a stack role",
                        "iam:AttachRolePolicy",
                        gateRole,
                        Map.of(
                                "iam:PolicyARN",
                                "arn:aws:iam::aws:policy/AdministratorAccess",
                                "iam:PermissionsBoundary",
                                BOUNDARY)),
                named(
                        "attach the ECS managed policy (the stack attaches none)",
                        "iam:AttachRolePolicy",
                        gateRole,
                        Map.of(
                                "iam:PolicyARN",
                                "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
                                "iam:PermissionsBoundary",
                                BOUNDARY)),
                named(
                        "create a stack role without the boundary",
                        "iam:CreateRole",
                        gateRole,
                        IamRequests.requestTags(Map.of(IamRequests.TAG, ours))),
                named(
                        "create a stack role with another boundary",
                        "iam:CreateRole",
                        gateRole,
                        with(
                                IamRequests.requestTags(Map.of(IamRequests.TAG, ours)),
                                "iam:PermissionsBoundary",
                                "arn:aws:iam::aws:policy/AdministratorAccess")),
                named(
                        "create a role of another name, even with the boundary",
                        "iam:CreateRole",
                        arn("iam", "role/ecs-test-admin"),
                        with(
                                IamRequests.requestTags(Map.of(IamRequests.TAG, ours)),
                                "iam:PermissionsBoundary",
                                BOUNDARY)),
                named(
                        "put an inline policy on a stack role that lacks the boundary",
                        "iam:PutRolePolicy",
                        gateRole,
                        noTag),
                named(
                        "remove the boundary from a stack role",
                        "iam:DeleteRolePermissionsBoundary",
                        gateRole,
                        Map.of("iam:PermissionsBoundary", BOUNDARY)),
                named(
                        "swap the boundary of a stack role",
                        "iam:PutRolePermissionsBoundary",
                        gateRole,
                        Map.of("iam:PermissionsBoundary", BOUNDARY)),
                named("publish a new version of the boundary", "iam:CreatePolicyVersion", BOUNDARY, noTag),
                named("delete the boundary", "iam:DeletePolicy", BOUNDARY, noTag),
                named(
                        "publish a new version of the deployer's own policy",
                        "iam:CreatePolicyVersion",
                        arn("iam", "policy/ecs-test-deployer-iam"),
                        noTag),
                named(
                        "set another default version of the deployer's policy",
                        "iam:SetDefaultPolicyVersion",
                        arn("iam", "policy/ecs-test-deployer-network"),
                        noTag),
                named(
                        "attach a policy to the deployer's own role",
                        "iam:AttachRolePolicy",
                        arn("iam", "role/ecs-test-deployer"),
                        Map.of("iam:PolicyARN", "arn:aws:iam::aws:policy/AdministratorAccess")),
                named(
                        "pass a stack role to EC2",
                        "iam:PassRole",
                        gateRole,
                        Map.of("iam:PassedToService", "ec2.amazonaws.com")),
                named(
                        "pass a stack role to Lambda",
                        "iam:PassRole",
                        arn("iam", "role/ecs-test-task-execution"),
                        Map.of("iam:PassedToService", "lambda.amazonaws.com")),
                named(
                        "pass another role to ECS tasks",
                        "iam:PassRole",
                        arn("iam", "role/admin"),
                        Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")),
                named("read another stack's settings", "ssm:GetParametersByPath", ssm("/other/gate-server"), noTag),
                named(
                        "read another stack's setting",
                        "ssm:GetParameter",
                        ssm("/other/gate-server/data-server.read-timeout"),
                        noTag),
                named(
                        "change another stack's setting",
                        "ssm:PutParameter",
                        ssm("/other/gate-server/data-server.read-timeout"),
                        noTag),
                named(
                        "read another stack's logs",
                        "logs:FilterLogEvents",
                        arn("logs", "log-group:/ecs/other/gate-server"),
                        noTag),
                named(
                        "tag another team's VPC as the stack's (not at creation)",
                        "ec2:CreateTags",
                        arn("ec2", "vpc/vpc-0123456789abcdef0"),
                        IamRequests.requestTags(Map.of(IamRequests.TAG, ours))),
                named(
                        "tag another team's load balancer as the stack's",
                        "elasticloadbalancing:AddTags",
                        arn("elasticloadbalancing", "loadbalancer/app/ecs-test/0123456789abcdef"),
                        IamRequests.requestTags(Map.of(IamRequests.TAG, ours))),
                named(
                        "tag another team's ECS service as the stack's",
                        "ecs:TagResource",
                        arn("ecs", "service/ecs-test/intruder"),
                        IamRequests.requestTags(Map.of(IamRequests.TAG, ours))),
                named(
                        "move one of the stack's ECS services to another stack's tag (after creation)",
                        "ecs:TagResource",
                        arn("ecs", "service/ecs-test/gate-server"),
                        merged(
                                IamRequests.resourceTags(Map.of(IamRequests.TAG, ours)),
                                IamRequests.requestTags(Map.of(IamRequests.TAG, "other")))),
                named(
                        "tag one of the stack's ECS services with more than the count up set (after creation)",
                        "ecs:TagResource",
                        arn("ecs", "service/ecs-test/gate-server"),
                        merged(
                                IamRequests.resourceTags(Map.of(IamRequests.TAG, ours)),
                                IamRequests.requestTags(Map.of("ecs-test:desired-count", "2", "owner", "me")))),
                named(
                        "create a VPC tagged for another stack",
                        "ec2:CreateVpc",
                        arn("ec2", "vpc/*"),
                        IamRequests.requestTags(Map.of(IamRequests.TAG, "other"))),
                named(
                        "create an untagged security group",
                        "ec2:CreateSecurityGroup",
                        arn("ec2", "security-group/*"),
                        noTag)));
        // every kind of resource the stack creates, changed or deleted when it is not the stack's
        Map<String, String> mutations = new LinkedHashMap<>();
        mutations.put("ec2:DeleteVpc", arn("ec2", "vpc/vpc-0123456789abcdef0"));
        mutations.put("ec2:ModifyVpcAttribute", arn("ec2", "vpc/vpc-0123456789abcdef0"));
        mutations.put("ec2:DeleteSubnet", arn("ec2", "subnet/subnet-0123456789abcdef0"));
        mutations.put("ec2:DetachInternetGateway", arn("ec2", "internet-gateway/igw-0123456789abcdef0"));
        mutations.put("ec2:DeleteInternetGateway", arn("ec2", "internet-gateway/igw-0123456789abcdef0"));
        mutations.put("ec2:ReleaseAddress", arn("ec2", "elastic-ip/eipalloc-0123456789abcdef0"));
        mutations.put("ec2:DeleteNatGateway", arn("ec2", "natgateway/nat-0123456789abcdef0"));
        mutations.put("ec2:CreateRoute", arn("ec2", "route-table/rtb-0123456789abcdef0"));
        mutations.put("ec2:DeleteRouteTable", arn("ec2", "route-table/rtb-0123456789abcdef0"));
        mutations.put("ec2:AuthorizeSecurityGroupIngress", arn("ec2", "security-group/sg-0123456789abcdef0"));
        mutations.put("ec2:DeleteSecurityGroup", arn("ec2", "security-group/sg-0123456789abcdef0"));
        mutations.put("ec2:DeleteNetworkInterface", arn("ec2", "network-interface/eni-0123456789abcdef0"));
        mutations.put(
                "elasticloadbalancing:DeleteLoadBalancer",
                arn("elasticloadbalancing", "loadbalancer/app/ecs-test/0123456789abcdef"));
        mutations.put(
                "elasticloadbalancing:DeleteTargetGroup",
                arn("elasticloadbalancing", "targetgroup/ecs-test-gate-server/0123456789abcdef"));
        mutations.put(
                "elasticloadbalancing:ModifyTargetGroupAttributes",
                arn("elasticloadbalancing", "targetgroup/ecs-test-gate-server/0123456789abcdef"));
        mutations.put(
                "elasticloadbalancing:DeleteListener",
                arn("elasticloadbalancing", "listener/app/ecs-test/0123456789abcdef/0123456789abcdef"));
        mutations.put("servicediscovery:DeleteNamespace", arn("servicediscovery", "namespace/ns-0123456789abcdef"));
        mutations.put("servicediscovery:DeleteService", arn("servicediscovery", "service/srv-0123456789abcdef"));
        mutations.put("ecs:DeleteCluster", arn("ecs", "cluster/ecs-test"));
        mutations.put("ecs:UpdateService", arn("ecs", "service/ecs-test/gate-server"));
        mutations.put("ecs:DeleteService", arn("ecs", "service/ecs-test/gate-server"));
        mutations.put("ecr:DeleteRepository", arn("ecr", "repository/ecs-test/gate-server"));
        mutations.put("ecr:PutImage", arn("ecr", "repository/ecs-test/gate-server"));
        mutations.put(
                "application-autoscaling:DeregisterScalableTarget",
                arn("application-autoscaling", "scalable-target/0123456789abcdef"));
        mutations.put(
                "application-autoscaling:PutScalingPolicy",
                arn("application-autoscaling", "scalable-target/0123456789abcdef"));
        mutations.forEach((action, resource) -> {
            cases.add(named(action + " of an untagged one", action, resource, noTag));
            cases.add(named(action + " of one tagged for another stack", action, resource, otherStack));
        });
        // resources the policy scopes by name: another stack's, even carrying this stack's tag
        Map<String, Object> ourTag = IamRequests.resourceTags(Map.of(IamRequests.TAG, ours));
        cases.add(named(
                "logs:DeleteLogGroup of another stack's",
                "logs:DeleteLogGroup",
                arn("logs", "log-group:/ecs/other/gate-server"),
                ourTag));
        cases.add(named(
                "iam:DeleteRole of another stack's",
                "iam:DeleteRole",
                arn("iam", "role/other-gate-server-task"),
                with(ourTag, "iam:PermissionsBoundary", BOUNDARY)));
        cases.add(named(
                "ecs:DeleteService in another cluster",
                "ecs:DeleteService",
                arn("ecs", "service/other/gate-server"),
                ourTag));
        cases.add(named(
                "cloudwatch:DeleteAlarms of another stack's",
                "cloudwatch:DeleteAlarms",
                arn("cloudwatch", "alarm:TargetTracking-service/other/gate-server-AlarmHigh-0"),
                noTag));
        cases.add(named(
                "cloudwatch:PutMetricAlarm of an alarm not the stack's rollout alarms",
                "cloudwatch:PutMetricAlarm",
                arn("cloudwatch", "alarm:billing"),
                noTag));
        cases.add(named(
                "cloudwatch:DeleteAlarms of another stack's rollout alarm",
                "cloudwatch:DeleteAlarms",
                arn("cloudwatch", "alarm:other-gate-server-5xx"),
                noTag));
        cases.add(named(
                "ecs:StopServiceDeployment in another cluster",
                "ecs:StopServiceDeployment",
                arn("ecs", "service-deployment/other/gate-server/abc"),
                Map.of("ecs:cluster", arn("ecs", "cluster/other"))));
        cases.add(named(
                "ecr:DeleteRepository of one named before repositories carried the stack, tagged for another stack",
                "ecr:DeleteRepository",
                arn("ecr", "repository/gate-server"),
                otherStack));
        cases.add(named(
                "ecr:PutImage to one named before repositories carried the stack, even tagged for this one",
                "ecr:PutImage",
                arn("ecr", "repository/gate-server"),
                ourTag));
        cases.add(named(
                "ecr:DeleteRepository of another name",
                "ecr:DeleteRepository",
                arn("ecr", "repository/payments"),
                ourTag));
        return cases.stream();
    }

    private static Arguments named(String name, String action, String resource, Map<String, Object> context) {
        return Arguments.of(name, auth(action, resource, context));
    }

    private static IamRequests.Authorization auth(String action, String resource, Map<String, Object> context) {
        return new IamRequests.Authorization("escalation", action, resource, context);
    }

    private static Map<String, Object> with(Map<String, Object> context, String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(context);
        more.put(key, value);
        return more;
    }

    private static String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + (service.equals("iam") ? "" : REGION) + ":" + ACCOUNT + ":" + resource;
    }

    private static String ssm(String name) {
        return arn("ssm", "parameter" + name);
    }

    private static void smoke() {
        cli("smoke", "--requests", "1");
    }

    private static void cli(String... args) {
        // a canary of minutes, not of the default ten: the calls are the same
        EmulatedAccount.Run outcome =
                EmulatedCli.run(moto.endpoint(), List.of("GATE_BAKE_MINUTES=1", "GATE_CANARY_BAKE_MINUTES=1"), args);
        verbs.add(args[0] + (outcome.exitCode() == 0 ? "" : " (exit " + outcome.exitCode() + ")"));
        if (outcome.exitCode() != 0 && !args[0].equals("smoke")) {
            throw new IllegalStateException(String.join(" ", args) + " failed: " + outcome.out() + outcome.err());
        }
    }

    private static Map<String, Object> merged(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> both = new java.util.HashMap<>(a);
        both.putAll(b);
        return both;
    }
}
