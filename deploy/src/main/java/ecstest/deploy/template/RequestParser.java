package ecstest.deploy.template;

import ecstest.deploy.DeployException;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.utils.builder.SdkBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads a rendered template into the AWS SDK's own request type, through the bean setters of the SDK's
 * serializable builders, so a template and the code that applies it cannot disagree on a field: an
 * unknown field or a wrong JSON type stops here, naming the file and the JSON path.
 */
public final class RequestParser {

    /** AWS CLI service name (the templates/ folder) → SDK v2 model package. */
    private static final Map<String, String> MODEL_PACKAGES = Map.ofEntries(
            Map.entry("cloudwatch", "cloudwatch"),
            Map.entry("ec2", "ec2"),
            Map.entry("elbv2", "elasticloadbalancingv2"),
            Map.entry("ecs", "ecs"),
            Map.entry("servicediscovery", "servicediscovery"),
            Map.entry("application-autoscaling", "applicationautoscaling"),
            Map.entry("iam", "iam"),
            Map.entry("ecr", "ecr"),
            Map.entry("logs", "cloudwatchlogs"),
            Map.entry("route53", "route53"),
            Map.entry("acm", "acm"));

    // Strict like botocore's validation: "80" is not an integer, 256 is not a string. AWS CLI input JSON
    // uses the model's member names (PascalCase for EC2, camelCase for ECS); the SDK's setters match them
    // case-insensitively.
    private final JsonMapper mapper = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .withCoercionConfigDefaults(config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(
                    LogicalType.Textual,
                    config -> config.setCoercion(CoercionInputShape.String, CoercionAction.TryConvert))
            .withCoercionConfig(
                    LogicalType.Integer,
                    config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert))
            .withCoercionConfig(
                    LogicalType.Float,
                    config -> config.setCoercion(CoercionInputShape.Float, CoercionAction.TryConvert)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert))
            .withCoercionConfig(
                    LogicalType.Boolean,
                    config -> config.setCoercion(CoercionInputShape.Boolean, CoercionAction.TryConvert))
            .build();

    public SdkRequest parse(String file, Operation step, JsonNode json) {
        Class<?> builderClass = builderClass(step);
        try {
            Object builder = mapper.treeToValue(json, builderClass);
            return (SdkRequest) ((SdkBuilder<?, ?>) builder).build();
        } catch (UnrecognizedPropertyException ex) {
            throw new DeployException("%s: unknown field '%s' at %s for %s %s (known here: %s)"
                    .formatted(file, ex.getPropertyName(), path(ex, json), step.service(), step.name(), known(ex)));
        } catch (MismatchedInputException ex) {
            String expected = ex.getTargetType() == null ? "another type" : describe(ex.getTargetType());
            throw new DeployException("%s: wrong type at %s for %s %s: found %s, expected %s"
                    .formatted(file, path(ex, json), step.service(), step.name(), at(ex, json), expected));
        } catch (JacksonException ex) {
            throw new DeployException("%s: cannot read %s for %s %s: %s"
                    .formatted(file, path(ex, json), step.service(), step.name(), ex.getOriginalMessage()));
        }
    }

    public static Class<?> requestClass(Operation step) {
        String modelPackage = MODEL_PACKAGES.get(step.service());
        if (modelPackage == null) {
            throw new DeployException("templates/" + step.service() + " is not an AWS CLI service this tool applies ("
                    + String.join(", ", MODEL_PACKAGES.keySet()) + ")");
        }
        String simpleName = step.pascalCase() + "Request";
        String className = "software.amazon.awssdk.services." + modelPackage + ".model." + simpleName;
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException ex) {
            throw new DeployException("'" + step.name() + "' is not an operation of " + step.service());
        }
    }

    private static Class<?> builderClass(Operation step) {
        try {
            return (Class<?>)
                    requestClass(step).getMethod("serializableBuilderClass").invoke(null);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("SDK request without a serializable builder: " + step.name(), ex);
        }
    }

    /** The JSON path, spelt as the template spells its fields (the SDK's property names differ in case). */
    private static String path(JacksonException ex, JsonNode json) {
        StringBuilder path = new StringBuilder("$");
        JsonNode node = json;
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                String name = templateSpelling(node, reference.getPropertyName());
                path.append('.').append(name);
                node = node == null ? null : node.get(name);
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
                node = node == null ? null : node.get(reference.getIndex());
            }
        }
        return path.toString();
    }

    private static String templateSpelling(JsonNode node, String property) {
        if (node == null || !node.isObject()) {
            return property;
        }
        return node.propertyNames().stream()
                .filter(name -> name.equalsIgnoreCase(property))
                .findFirst()
                .orElse(property);
    }

    private static String at(JacksonException ex, JsonNode json) {
        JsonNode node = json;
        for (JacksonException.Reference reference : ex.getPath()) {
            if (node == null) {
                break;
            }
            node = reference.getPropertyName() != null
                    ? node.get(templateSpelling(node, reference.getPropertyName()))
                    : node.get(reference.getIndex());
        }
        if (node == null) {
            return "a value";
        }
        String kind = node.isString()
                ? "text"
                : node.isNumber()
                        ? "a number"
                        : node.isBoolean() ? "a boolean" : node.isArray() ? "a list" : "an object";
        return kind + " " + node;
    }

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == String.class) {
            return "text";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static String known(UnrecognizedPropertyException ex) {
        return ex.getKnownPropertyIds() == null
                ? "?"
                : ex.getKnownPropertyIds().stream()
                        .map(String::valueOf)
                        .filter(name -> !name.endsWith("AsString"))
                        .sorted()
                        .collect(Collectors.joining(", "));
    }
}
