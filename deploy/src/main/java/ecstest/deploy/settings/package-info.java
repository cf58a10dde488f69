/**
 * The stack's settings, each declared once by the resource kind it shapes ({@link ecstest.deploy.settings.Setting}: name,
 * type, default, meaning, what changing it does), loaded from defaults, the stack file, the environment and
 * {@code --set}, checked by type, and listed as a reference ({@code ecs-test settings}).
 */
package ecstest.deploy.settings;
