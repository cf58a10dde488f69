package ecstest.deploy.template;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An SDK request as the AWS CLI's input JSON ({@code --cli-input-json}): the API model's member names, only the
 * members that are set. The inverse of {@link RequestParser}, for calls the CLI builds rather than renders.
 */
public final class RequestJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RequestJson() {}

    public static JsonNode of(SdkPojo pojo) {
        ObjectNode object = NODES.objectNode();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value != null
                    && !(value instanceof SdkAutoConstructList<?>)
                    && !(value instanceof SdkAutoConstructMap<?, ?>)) {
                object.set(field.memberName(), node(value));
            }
        }
        return object;
    }

    private static JsonNode node(Object value) {
        return switch (value) {
            case SdkPojo pojo -> of(pojo);
            case List<?> list -> {
                var array = NODES.arrayNode();
                list.forEach(element -> array.add(node(element)));
                yield array;
            }
            case Map<?, ?> map -> {
                ObjectNode object = NODES.objectNode();
                map.forEach((key, element) -> object.set(String.valueOf(key), node(element)));
                yield object;
            }
            case Integer number -> NODES.numberNode(number);
            case Long number -> NODES.numberNode(number);
            case Double number -> NODES.numberNode(number);
            case Boolean bool -> NODES.booleanNode(bool);
            default -> NODES.stringNode(String.valueOf(value));
        };
    }
}
