/**
 * The stack: one class per AWS resource kind ({@link ecstest.deploy.stack.Resource}: its calls, discovery by tag,
 * comparison and updates, waits, deletion, audit) and {@link ecstest.deploy.stack.StackPlan}, their order, which
 * {@code up} walks forward and {@code down} backward; the renderer and validator of the plan's calls.
 */
package ecstest.deploy.stack;
