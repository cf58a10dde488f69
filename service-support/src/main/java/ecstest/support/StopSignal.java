package ecstest.support;

import sun.misc.Signal;

/**
 * SIGTERM, how ECS and {@code docker stop} end a container, ends the JVM with exit status 0 once its shutdown
 * hooks (Spring's graceful shutdown: in-flight requests finish) have run. The JVM's own handler runs the same
 * hooks but exits 143 (128 + SIGTERM), so every deployment's stopped tasks would report a failure-looking code
 * and a crash would look like a normal stop; a non-zero status now means something went wrong.
 */
public final class StopSignal {

    private StopSignal() {}

    /** Call first thing in main, before the application starts. */
    public static void exitCleanlyOnSigterm() {
        Signal.handle(new Signal("TERM"), signal -> System.exit(0));
    }
}
