/**
 * What a stack is now, read from AWS: its services, deployments, tasks, load balancer and alarms, for {@code status}.
 */
package ecstest.deploy.status;
