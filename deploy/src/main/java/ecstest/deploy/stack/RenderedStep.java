package ecstest.deploy.stack;

import java.util.Set;
import software.amazon.awssdk.core.SdkRequest;
import tools.jackson.databind.JsonNode;

/**
 * One call of the plan, rendered: the AWS CLI input JSON and the SDK request it parses into.
 *
 * @param index its place in the plan (from 1; 0 for a call of no step, a removal)
 * @param waitingFor the outputs not known yet (made by earlier steps), whose placeholders it still has
 */
public record RenderedStep(
        int index, Step step, String fileName, JsonNode json, Set<String> waitingFor, SdkRequest request) {}
