package ecstest.deploy;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.cli.EcsTestCli;
import ecstest.deploy.ops.DeployerAccess;
import ecstest.deploy.rollout.Rollout;
import ecstest.deploy.stack.StackContext;
import ecstest.deploy.stack.StackProvisioner;
import ecstest.deploy.stack.StackTeardown;
import ecstest.testsupport.MotoServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * A fresh emulated AWS account for one test: moto_server, dummy credentials, every SDK call recorded,
 * waits that poll fast (everything is ready at once on an emulator), and the CLI's console captured.
 */
final class EmulatedAccount implements AutoCloseable {

    static final StackContext.Timeouts FAST = new StackContext.Timeouts(
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofMillis(50));

    final MotoServer moto;
    final RecordingInterceptor calls = new RecordingInterceptor();
    private final StringWriter console = new StringWriter();
    private final PrintWriter out = new PrintWriter(console, true);

    private EmulatedAccount(MotoServer moto) {
        this.moto = moto;
    }

    static EmulatedAccount start() throws IOException {
        return start(MotoServer.DEPLOYMENT_SPEEDUP);
    }

    /** @param deploymentSpeedup simulated seconds per real second of the emulator's deployments */
    static EmulatedAccount start(int deploymentSpeedup) throws IOException {
        EmulatedAccount account = new EmulatedAccount(
                MotoServer.start(java.util.Map.of("MOTO_ECS_DEPLOYMENT_SPEEDUP", Integer.toString(deploymentSpeedup))));
        MotoServer.useDummyCredentials();
        try (AwsClients admin = new AwsClients(MotoServer.REGION, null, account.moto.endpoint())) {
            // what an administrator creates once per stack (admin-setup): the boundary every stack role carries
            new DeployerAccess(admin, "ecs-test")
                    .ensurePolicy(
                            DeployerAccess.policyArn(MotoServer.ACCOUNT_ID, "ecs-test", "task-role-boundary"),
                            "ecs-test-task-role-boundary",
                            TestStack.renderer().document("iam/task-role-boundary.json", TestStack.values()));
        }
        return account;
    }

    /** Clients that record their calls, plus any other interceptors (a failure to inject, say). */
    AwsClients clients(ExecutionInterceptor... more) {
        List<ExecutionInterceptor> interceptors = new ArrayList<>(List.of(calls));
        interceptors.addAll(List.of(more));
        return new AwsClients(MotoServer.REGION, null, moto.endpoint(), interceptors);
    }

    StackProvisioner provisioner(AwsClients aws) {
        return new StackProvisioner(aws, TestStack.renderer(), "ecs-test", out, FAST);
    }

    StackTeardown teardown(AwsClients aws) {
        return new StackTeardown(aws, "ecs-test", out, FAST);
    }

    /** `ecs-test plan` against this account, with {@code --set} for each of {@code settings}; its output. */
    String plan(String... settings) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "plan",
                "--home",
                TestStack.HOME.toString(),
                "--endpoint-url",
                moto.endpoint().toString(),
                "--region",
                MotoServer.REGION,
                "--set",
                "ACCOUNT_ID=" + MotoServer.ACCOUNT_ID));
        for (String setting : settings) {
            args.addAll(java.util.List.of("--set", setting));
        }
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = EcsTestCli.run(
                args.toArray(String[]::new), new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        org.assertj.core.api.Assertions.assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    /** What a verb run through {@link EcsTestCli#run} did: its exit code and what it printed. */
    record Run(int exitCode, String out, String err) {
        String console() {
            return out + err;
        }
    }

    /**
     * An {@code ecs-test} verb against this account, or through {@code endpoint} (a proxy in front of it), as a user
     * runs it: the repository's stack and templates, the emulator's account ID.
     */
    Run cli(java.net.URI endpoint, String... args) {
        return cli(TestStack.HOME, endpoint, args);
    }

    /** With the templates and stacks of {@code home} (a copy of the repository's with more stacks, say). */
    Run cli(java.nio.file.Path home, java.net.URI endpoint, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--home",
                home.toString(),
                "--region",
                MotoServer.REGION,
                "--endpoint-url",
                endpoint.toString(),
                "--set",
                "ACCOUNT_ID=" + MotoServer.ACCOUNT_ID));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EcsTestCli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    Run cli(String... args) {
        return cli(moto.endpoint(), args);
    }

    Rollout rollout(AwsClients aws) {
        return new Rollout(aws, TestStack.renderer(), "ecs-test", out, FAST.services(), FAST.poll());
    }

    String console() {
        return console.toString();
    }

    @Override
    public void close() {
        MotoServer.clearDummyCredentials();
        moto.close();
    }

    /** The stack's ECS service of that name, as the account describes it now. */
    static Service service(AwsClients aws, String name) {
        return aws.ecs()
                .describeServices(r -> r.cluster("ecs-test").services(name))
                .services()
                .getFirst();
    }
}
