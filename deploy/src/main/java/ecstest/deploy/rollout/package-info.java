/**
 * Rollouts of new task-definition revisions: registering them pinned to image digests, updating the services, and
 * following the service deployment ECS starts (its strategy's stages, alarms, rollback) to its end.
 */
package ecstest.deploy.rollout;
