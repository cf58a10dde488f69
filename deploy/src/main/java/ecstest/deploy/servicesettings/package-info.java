/**
 * The services' own settings at run time (not the stack's): the values gate-server reads from Parameter Store, listed,
 * set and removed with {@code config}.
 */
package ecstest.deploy.servicesettings;
