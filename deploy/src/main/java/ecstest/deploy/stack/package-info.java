/**
 * The stack: one class per AWS resource kind ({@link ecstest.deploy.stack.Resource}: its settings, calls, discovery
 * by tag, comparison and updates, waits, deletion, audit), {@link ecstest.deploy.stack.StackPlan}, their order, and
 * the {@link ecstest.deploy.stack.Plan} built from it once per run (every call rendered and checked before any
 * request); {@code up} walks it forward ({@link ecstest.deploy.stack.StackProvisioner}) and {@code down} backward
 * ({@link ecstest.deploy.stack.StackTeardown}), the outputs of each step kept in a typed
 * {@link ecstest.deploy.stack.StackState}.
 */
package ecstest.deploy.stack;
