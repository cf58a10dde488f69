/**
 * What the deploying role may do: the IAM documents an administrator applies once (the permissions boundary, the
 * deploying policy, its role), printed as commands or applied with {@code admin-setup --apply}.
 */
package ecstest.deploy.access;
