/**
 * The services' CloudWatch logs for {@code logs}: a log group's events from an instant on, each printed once however
 * often it is polled ({@code --follow}).
 */
package ecstest.deploy.logs;
