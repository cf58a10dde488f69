/**
 * Rehearsing the whole lifecycle without AWS: the AWS API emulator (moto with this repo's extensions) started on a
 * free loopback port, and {@code rehearse} walking {@code up}, {@code deploy}, {@code status} and {@code down} against
 * it.
 */
package ecstest.deploy.rehearsal;
