/**
 * The deploy CLI of ecs-test: renders the stack's AWS CLI input templates and provisions, rolls out, inspects and
 * tears down the stack. This package holds only {@link ecstest.deploy.DeployException}, the one failure every layer
 * may raise. The layers, each depending only on those listed after it: {@code cli} (the verbs), {@code ops} (status,
 * smoke test, prices, the rehearsal's emulator), {@code rollout} (deployments followed to their end), {@code stack}
 * (the resource kinds and their graph), {@code aws} (clients and calls), {@code config} (the stack's settings),
 * {@code template} (placeholders and the AWS CLI's request shapes). ArchitectureTests keeps the arrows that way.
 */
package ecstest.deploy;
