/**
 * Checks of a running stack from outside ({@code smoke}): GETs through the load balancer, bounded in count and
 * concurrency, with their answers, latency percentiles and errors.
 */
package ecstest.deploy.smoke;
