package ecstest.deploy.stack;

import ecstest.deploy.template.RequestJson;
import ecstest.deploy.template.RequestParser;
import ecstest.deploy.template.Step;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import tools.jackson.databind.JsonNode;

/**
 * An update {@code up} makes to a resource that exists but differs from the settings: why (the setting, old →
 * new), and the call in the AWS CLI's input shape, sent like a step of the plan.
 *
 * @param step the call's service and operation (named after the step it converges)
 */
public record Change(String why, Step step, JsonNode json, SdkRequest request) {

    private static final RequestParser PARSER = new RequestParser();

    /** An update of what {@code converged} made: {@code operation} on the same AWS service, with this input. */
    static Change of(String why, Step converged, String operation, JsonNode json) {
        Step call = Step.of(converged.service() + "/" + operation + ".json", operation, converged.name(), Map.of());
        return new Change(why, call, json, PARSER.parse(converged.template() + " (" + operation + ")", call, json));
    }

    /** The update as the AWS CLI's input JSON of {@code request}: the SDK's member names, set members only. */
    static Change of(String why, Step converged, String operation, SdkRequest request) {
        return of(why, converged, operation, RequestJson.of(request));
    }
}
