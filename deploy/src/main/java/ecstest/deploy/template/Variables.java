package ecstest.deploy.template;

import java.util.Set;

/** How placeholders fill: as numbers, or as whole parts of a request chosen by a setting. */
final class Variables {

    /** Placeholders whose value is a JSON number when it fills a whole string; all others are text. */
    static final Set<String> NUMERIC = Set.of(
            "GATE_PORT",
            "DATA_PORT",
            "PORT",
            "GATE_DESIRED_COUNT",
            "DATA_DESIRED_COUNT",
            "GATE_MIN_TASKS",
            "GATE_MAX_TASKS",
            "GATE_TARGET_CPU_PERCENT",
            "GATE_TARGET_REQUESTS_PER_TASK",
            "HEALTH_CHECK_START_PERIOD_SECONDS",
            "HEALTH_CHECK_GRACE_PERIOD_SECONDS",
            "LOG_RETENTION_DAYS",
            "DNS_TTL_SECONDS",
            "ROLLOUT_ALARM_5XX_PER_MINUTE",
            "ROLLOUT_ALARM_P99_SECONDS",
            "ROLLOUT_ALARM_UPSTREAM_ERRORS_PER_MINUTE",
            "GATE_BAKE_MINUTES",
            "GATE_CANARY_PERCENT",
            "GATE_CANARY_BAKE_MINUTES",
            "GATE_LINEAR_STEP_PERCENT",
            "GATE_LINEAR_STEP_BAKE_MINUTES");

    /**
     * Placeholders that stand for a whole part of a request, from a template chosen by a setting (StackRenderer):
     * gate-server's deployment configuration and load balancers differ by GATE_DEPLOYMENT_STRATEGY.
     */
    static final Set<String> FRAGMENTS = Set.of("GATE_DEPLOYMENT_CONFIGURATION", "GATE_LOAD_BALANCERS");

    private Variables() {}
}
