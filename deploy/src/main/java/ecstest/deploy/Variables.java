package ecstest.deploy;

import java.util.Set;

/** What each placeholder is: configuration (must be set) or a resource ID (known once created). */
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

    /** Resource IDs: each is produced by a step of the plan, and read from the account afterwards. */
    static final Set<String> RESOURCE_IDS = Set.of(
            "VPC_ID",
            "PUBLIC_SUBNET_A_ID",
            "PUBLIC_SUBNET_B_ID",
            "PRIVATE_SUBNET_A_ID",
            "PRIVATE_SUBNET_B_ID",
            "IGW_ID",
            "NAT_ALLOCATION_ID",
            "NAT_GATEWAY_ID",
            "NAT_B_ALLOCATION_ID",
            "NAT_B_GATEWAY_ID",
            "PRIVATE_B_ROUTE_TABLE_ID",
            "PUBLIC_ROUTE_TABLE_ID",
            "PRIVATE_ROUTE_TABLE_ID",
            "ALB_SECURITY_GROUP_ID",
            "GATE_SECURITY_GROUP_ID",
            "DATA_SECURITY_GROUP_ID",
            "LOAD_BALANCER_ARN",
            "TARGET_GROUP_ARN",
            "ALTERNATE_TARGET_GROUP_ARN",
            "LISTENER_ARN",
            "PRODUCTION_LISTENER_RULE_ARN",
            "NAMESPACE_ID",
            "GATE_REGISTRY_ARN",
            "DATA_REGISTRY_ARN",
            // not created by a call of its own: cut from LOAD_BALANCER_ARN and TARGET_GROUP_ARN (StackRenderer)
            "ALB_RESOURCE_LABEL",
            "LOAD_BALANCER_DIMENSION",
            "TARGET_GROUP_DIMENSION");

    private Variables() {}
}
