/**
 * The stack's settings: loaded from stacks/<stack>.properties, ECS_TEST_ variables and --set, checked before any
 * request (names, ranges, CIDR blocks), and the services' own settings in Parameter Store.
 */
package ecstest.deploy.config;
