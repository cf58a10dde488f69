/**
 * The verbs ({@code up}, {@code deploy}, {@code down}…) as picocli commands, the options they share, and the entry
 * point: each reads its options, calls one thing in the layers below, and prints what happened. Nothing below
 * depends on a verb.
 */
package ecstest.deploy.cli;
