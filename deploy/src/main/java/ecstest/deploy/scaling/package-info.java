/**
 * Task counts outside a deployment: {@code scale} (a count within the autoscaling bounds, or new bounds), its price at
 * Fargate's rates, and what the services run now.
 */
package ecstest.deploy.scaling;
