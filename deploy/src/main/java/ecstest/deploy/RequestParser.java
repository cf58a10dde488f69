package ecstest.deploy;

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
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads a rendered template into the AWS SDK's own request type, through the bean setters of the SDK's
 * serializable builders, so a template and the code that applies it cannot disagree on a field: an
 * unknown field or a wrong JSON type stops here, naming the file and the JSON path.
 */
final class RequestParser {

    /** AWS CLI service name (the templates/ folder) → SDK v2 model package. */
    private static final Map<String, String> MODEL_PACKAGES = Map.of(
            "ec2", "ec2",
            "elbv2", "elasticloadbalancingv2",
            "ecs", "ecs",
            "servicediscovery", "servicediscovery",
            "application-autoscaling", "applicationautoscaling",
            "iam", "iam",
            "ecr", "ecr",
            "logs", "cloudwatchlogs");

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

    SdkRequest parse(String file, Step step, JsonNode json) {
        Class<?> builderClass = builderClass(step);
        try {
            Object builder = mapper.treeToValue(json, builderClass);
            return (SdkRequest) ((SdkBuilder<?, ?>) builder).build();
        } catch (UnrecognizedPropertyException ex) {
            throw new DeployException("%s: unknown field '%s' at %s for %s %s (known here: %s)"
                    .formatted(file, ex.getPropertyName(), path(ex), step.service(), step.operation(), known(ex)));
        } catch (JacksonException ex) {
            throw new DeployException("%s: wrong value at %s for %s %s: %s"
                    .formatted(file, path(ex), step.service(), step.operation(), ex.getOriginalMessage()));
        }
    }

    static Class<?> requestClass(Step step) {
        String modelPackage = MODEL_PACKAGES.get(step.service());
        if (modelPackage == null) {
            throw new DeployException(
                    step.template() + ": templates/" + step.service() + " is not an AWS CLI service this tool applies ("
                            + String.join(", ", MODEL_PACKAGES.keySet()) + ")");
        }
        String simpleName = java.util.Arrays.stream(step.operation().split("-"))
                        .map(word -> Character.toUpperCase(word.charAt(0)) + word.substring(1))
                        .collect(Collectors.joining())
                + "Request";
        String className = "software.amazon.awssdk.services." + modelPackage + ".model." + simpleName;
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException ex) {
            throw new DeployException(
                    step.template() + ": '" + step.operation() + "' is not an operation of " + step.service());
        }
    }

    private static Class<?> builderClass(Step step) {
        try {
            return (Class<?>)
                    requestClass(step).getMethod("serializableBuilderClass").invoke(null);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("SDK request without a serializable builder: " + step.operation(), ex);
        }
    }

    private static String path(JacksonException ex) {
        StringBuilder path = new StringBuilder("$");
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append('.').append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
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
