/**
 * Templates in the AWS CLI's input shapes: placeholders filled from values, and the rendered JSON read strictly into
 * the AWS SDK's request type of each call.
 */
package ecstest.deploy.template;
