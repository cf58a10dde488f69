package ecstest.deploy.rehearsal;

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
import java.util.Map;
import java.util.function.Function;

/**
 * The whole lifecycle against an emulator this run starts: admin-setup --apply, up, deploy (of stand-in digests),
 * status, smoke (against a URL given: the emulator runs no containers) and down --yes with its leak audit, each verb
 * run as a user runs it and timed; the emulator is stopped at the end, on failure and on Ctrl-C, unless kept.
 */
public final class Rehearsal {

    /** How fast the emulator's deployment clock runs here: a five-minute bake in five seconds. */
    private static final String SPEEDUP = "60";

    private record Outcome(String verb, int exitCode, Duration took) {}

    private final Function<String[], Integer> verbs;
    private final PrintWriter out;
    private final PrintWriter err;
    private final List<Outcome> outcomes = new ArrayList<>();

    /** @param verbs runs a verb's arguments as the command line would, returning its exit code */
    public Rehearsal(Function<String[], Integer> verbs, PrintWriter out, PrintWriter err) {
        this.verbs = verbs;
        this.out = out;
        this.err = err;
    }

    /**
     * @param home the folder of templates/ and stacks/, or null for the checkout's
     * @param deployHome the folder the repository's extended emulator is looked for from
     * @return the exit code: 0 when every verb succeeded
     */
    public int run(String stack, Path home, Path deployHome, boolean keep, URI smokeUrl) {
        Emulator emulator = Emulator.start(deployHome, Map.of(Emulator.SPEEDUP, SPEEDUP));
        out.printf("started the AWS API emulator on %s, log %s%n", emulator.endpoint(), emulator.log());
        out.flush();
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
            boolean ok = lifecycle(common, emulator, smokeUrl);
            if (keep) {
                summary();
                printKept(stack, emulator);
                return ok ? 0 : 1;
            }
            // down runs whatever happened before: the audit says what a failed step left behind
            ok &= run(common, "down", "--yes");
            summary();
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

    /** admin-setup, up, deploy (stand-in digests), status and, with a smoke URL, smoke: until one fails. */
    private boolean lifecycle(List<String> common, Emulator emulator, URI smokeUrl) {
        // what an administrator does once per stack; then every verb runs as the deploying role would
        boolean ok = run(common, "admin-setup", "--apply", "--out", emulator.log() + ".iam")
                && run(common, "up")
                && run(
                        common,
                        "deploy",
                        "--digest",
                        "gate-server=" + standIn("gate-server"),
                        "--digest",
                        "data-server=" + standIn("data-server"))
                && run(common, "status");
        if (ok && smokeUrl != null) {
            ok = run(common, "smoke", "--url", smokeUrl.toString());
        } else if (ok) {
            out.println("== smoke: skipped (the emulator runs no containers, so its load balancer answers"
                    + " nothing; --smoke-url URL smokes a running gate-server, e.g. ./run-local's)");
        }
        return ok;
    }

    private void printKept(String stack, Emulator emulator) {
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

    private boolean run(List<String> common, String verb, String... args) {
        List<String> command = new ArrayList<>(List.of(verb));
        command.addAll(List.of(args));
        command.addAll(common);
        out.println("== " + verb);
        out.flush();
        long start = System.nanoTime();
        int exitCode = verbs.apply(command.toArray(String[]::new));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        outcomes.add(new Outcome(verb, exitCode, took));
        out.printf(
                "== %s: %s in %.1f s%n",
                verb, exitCode == 0 ? "ok" : "FAILED (exit " + exitCode + ")", took.toMillis() / 1000.0);
        return exitCode == 0;
    }

    private void summary() {
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
