package ecstest.deploy.stack;

import ecstest.deploy.template.Operation;
import ecstest.deploy.template.RequestJson;
import ecstest.deploy.template.RequestParser;
import software.amazon.awssdk.core.SdkRequest;
import tools.jackson.databind.JsonNode;

/**
 * An update {@code up} makes to a resource that exists but differs from the settings: why (the setting, old → new),
 * and the call in the AWS CLI's input shape, sent like a step of the plan.
 *
 * @param call the update's service and operation
 */
public record Change(String why, Operation call, JsonNode json, SdkRequest request) {

    private static final RequestParser PARSER = new RequestParser();

    /** An update of what {@code converged} made: {@code operation} on the same AWS service, with this input. */
    static Change of(String why, Step converged, String operation, JsonNode json) {
        Operation call = new Operation(converged.service(), operation);
        return new Change(why, call, json, PARSER.parse(converged.template() + " (" + operation + ")", call, json));
    }

    /** The update as the AWS CLI's input JSON of {@code request}: the SDK's member names, set members only. */
    static Change of(String why, Step converged, String operation, SdkRequest request) {
        return of(why, converged, operation, RequestJson.of(request));
    }
}
