/**
 * What verbs do besides building the stack: the status report, the smoke/load test, Fargate prices, and the
 * emulator a rehearsal runs against.
 */
package ecstest.deploy.ops;
