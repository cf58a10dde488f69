/**
 * The AWS SDK clients of a stack's account and region (endpoint override for an emulator), calls made by an AWS CLI
 * operation name, comparison of a request with what AWS describes, and waits with progress.
 */
package ecstest.deploy.aws;
