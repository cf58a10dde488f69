package ecstest.deploy.aws;

import ecstest.deploy.DeployException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls until a resource reaches a state, printing each state it passes through with the time waited,
 * and failing with the last state seen once a deadline passes. (The SDK's waiters poll the same APIs but
 * neither report progress nor say what they saw last, which is what a user waiting minutes needs.)
 */
public final class Wait {

    private final PrintWriter out;
    private final Duration interval;

    public Wait(PrintWriter out, Duration interval) {
        this.out = out;
        this.interval = interval;
    }

    /**
     * @param state reads the current state, e.g. "pending"
     * @param done the states that end the wait
     * @param failed the states that mean it will never get there
     */
    public String until(
            String what, Duration timeout, Supplier<String> state, Predicate<String> done, Predicate<String> failed) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        String last = null;
        while (true) {
            String now = state.get();
            long waited = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            if (!Objects.equals(now, last)) {
                out.printf("    %s: %s (%ds)%n", what, now, waited);
                last = now;
            }
            if (done.test(now)) {
                return now;
            }
            if (failed.test(now)) {
                throw new DeployException(
                        what + " is " + now + "; it will not get there: fix the cause, then run the command again");
            }
            if (System.nanoTime() > deadline) {
                throw new DeployException(what + " is still " + now + " after " + readable(timeout)
                        + "; run the command again to keep waiting, or `down --yes` to remove the stack");
            }
            LockSupport.parkNanos(interval.toNanos());
        }
    }

    public static String readable(Duration duration) {
        return duration.toSeconds() >= 120 ? duration.toMinutes() + " min" : duration.toMillis() / 1000.0 + " s";
    }
}
