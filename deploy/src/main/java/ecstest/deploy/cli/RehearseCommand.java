package ecstest.deploy.cli;

import ecstest.deploy.ops.Emulator;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "rehearse",
        mixinStandardHelpOptions = true,
        description = {
            "The whole lifecycle against an AWS API emulator on this machine: no account, nothing billed.",
            "",
            "Starts moto_server (from the PATH, or MOTO_SERVER) on a free loopback port, then runs",
            "admin-setup --apply, up, deploy (of stand-in digests: your target/ is not read or written), status, smoke",
            "(with --smoke-url only: the emulator runs no containers) and down --yes with its leak audit,",
            "printing each verb's outcome and time. The emulator is stopped at the end, on failure and on",
            "Ctrl-C; --keep leaves the stack and the emulator up and prints the --endpoint-url to use."
        })
public final class RehearseCommand implements Callable<Integer> {

    @Option(
            names = "--stack",
            defaultValue = "ecs-test",
            description = "The stack to rehearse, stacks/<stack>.properties (default: ${DEFAULT-VALUE}).")
    String stack;

    @Option(
            names = "--home",
            paramLabel = "DIR",
            description = "The folder holding templates/ and stacks/ (default: deploy/ of this checkout).")
    Path home;

    @Option(names = "--keep", description = "Leave the stack and the emulator running (no down) to try verbs by hand.")
    boolean keep;

    @Option(
            names = "--smoke-url",
            paramLabel = "URL",
            description = "Also run smoke against this URL, e.g. a gate-server started by ./run-local.")
    URI smokeUrl;

    @Spec
    CommandSpec spec;

    private record Outcome(String verb, int exitCode, Duration took) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path deployHome = home != null ? home : new StackOptions().home();
        Emulator emulator =
                Emulator.start(out, deployHome.toAbsolutePath().normalize().getParent());
        Thread stopOnExit = new Thread(
                () -> {
                    err.println("ecs-test rehearse: interrupted; stopping the emulator (its stack goes with it)");
                    err.flush();
                    emulator.close();
                },
                "stop-emulator");
        if (!keep) {
            Runtime.getRuntime().addShutdownHook(stopOnExit); // Ctrl-C, or any other way out of the JVM
        }
        // the SDK's default credentials chain reads these system properties first: the emulator takes any key
        System.setProperty("aws.accessKeyId", Emulator.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", Emulator.ACCESS_KEY);
        List<Outcome> outcomes = new ArrayList<>();
        try {
            List<String> common = new ArrayList<>(List.of(
                    "--stack",
                    stack,
                    "--endpoint-url",
                    emulator.endpoint().toString(),
                    "--set",
                    "ACCOUNT_ID=" + Emulator.ACCOUNT_ID));
            if (home != null) {
                common.addAll(List.of("--home", home.toString()));
            }
            boolean ok = rehearse(outcomes, common, emulator);
            if (keep) {
                summary(out, outcomes);
                printKept(out, emulator);
                return ok ? 0 : 1;
            }
            // down runs whatever happened before: the audit says what a failed step left behind
            ok &= run(outcomes, common, "down", "--yes");
            summary(out, outcomes);
            if (!ok) {
                err.println("ecs-test rehearse: a step failed (its output is above); the emulator's log was "
                        + emulator.log());
            }
            return ok ? 0 : 1;
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            if (!keep) {
                emulator.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(stopOnExit);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running already: it stops the emulator too
                }
            }
        }
    }

    /** admin-setup, up, deploy (stand-in digests), status and, with --smoke-url, smoke: until one fails. */
    private boolean rehearse(List<Outcome> outcomes, List<String> common, Emulator emulator) {
        PrintWriter out = spec.commandLine().getOut();
        // what an administrator does once per stack; then every verb runs as the deploying role would
        boolean ok = run(outcomes, common, "admin-setup", "--apply", "--out", emulator.log() + ".iam")
                && run(outcomes, common, "up")
                && run(
                        outcomes,
                        common,
                        "deploy",
                        "--digest",
                        "gate-server=" + standIn("gate-server"),
                        "--digest",
                        "data-server=" + standIn("data-server"))
                && run(outcomes, common, "status");
        if (ok && smokeUrl != null) {
            ok = run(outcomes, common, "smoke", "--url", smokeUrl.toString());
        } else if (ok) {
            out.println("== smoke: skipped (the emulator runs no containers, so its load balancer answers"
                    + " nothing; --smoke-url URL smokes a running gate-server, e.g. ./run-local's)");
        }
        return ok;
    }

    private void printKept(PrintWriter out, Emulator emulator) {
        out.printf(
                "kept: stack %s and the emulator (pid %d, log %s) are up. Try verbs by hand with%n"
                        + "  export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s ECS_TEST_ACCOUNT_ID=%s%n"
                        + "  deploy/ecs-test status --stack %s --endpoint-url %s%n"
                        + "and stop the emulator with: kill %d%n",
                stack,
                emulator.pid(),
                emulator.log(),
                Emulator.ACCESS_KEY,
                Emulator.ACCESS_KEY,
                Emulator.ACCOUNT_ID,
                stack,
                emulator.endpoint(),
                emulator.pid());
    }

    private boolean run(List<Outcome> outcomes, List<String> common, String verb, String... args) {
        PrintWriter out = spec.commandLine().getOut();
        List<String> command = new ArrayList<>(List.of(verb));
        command.addAll(List.of(args));
        command.addAll(common);
        out.println("== " + verb);
        out.flush();
        long start = System.nanoTime();
        int exitCode = EcsTestCli.run(
                command.toArray(String[]::new), out, spec.commandLine().getErr());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        outcomes.add(new Outcome(verb, exitCode, took));
        out.printf(
                "== %s: %s in %.1f s%n",
                verb, exitCode == 0 ? "ok" : "FAILED (exit " + exitCode + ")", took.toMillis() / 1000.0);
        return exitCode == 0;
    }

    private static void summary(PrintWriter out, List<Outcome> outcomes) {
        out.println("rehearsal:");
        for (Outcome outcome : outcomes) {
            out.printf(
                    "  %-8s %-6s %6.1f s%n",
                    outcome.verb(),
                    outcome.exitCode() == 0 ? "ok" : "FAILED",
                    outcome.took().toMillis() / 1000.0);
        }
    }

    /** A digest no image has: the emulator stores what it is given, and a real account is never involved. */
    public static String standIn(String service) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("ecs-test rehearsal " + service).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex); // every JDK has SHA-256
        }
    }
}
