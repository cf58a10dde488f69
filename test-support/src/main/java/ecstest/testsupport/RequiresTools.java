package ecstest.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A test class that needs programs on the PATH ({@code moto_server}, {@code aws}). Where one is missing the whole
 * class is skipped before any of its set-up runs, and the build output says which program and how to install it;
 * in CI ({@code CI=true}) a missing program fails the class instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresTools.Condition.class)
public @interface RequiresTools {

    /** The programs, by the name looked up on the PATH ({@code moto_server} honours {@code MOTO_SERVER}). */
    String[] value();

    final class Condition implements ExecutionCondition {

        private static final Map<String, String> INSTALL = Map.of(
                "moto_server", "pip install 'moto[server]'",
                "aws", "pip install awscli, or the AWS CLI v2 installer");

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isPresent()) {
                return ConditionEvaluationResult.enabled("decided for the class");
            }
            List<String> missing = AnnotationSupport.findAnnotation(context.getElement(), RequiresTools.class)
                    .map(tools -> List.of(tools.value()))
                    .orElse(List.of())
                    .stream()
                    .filter(tool -> !Skip.onPath(binary(tool)))
                    .map(tool -> tool + " not on PATH: " + INSTALL.getOrDefault(tool, "install it"))
                    .toList();
            if (missing.isEmpty()) {
                return ConditionEvaluationResult.enabled("every program it needs is on the PATH");
            }
            return Skip.orFail(context, String.join("; ", missing));
        }

        private static String binary(String tool) {
            return tool.equals("moto_server") ? System.getenv().getOrDefault("MOTO_SERVER", tool) : tool;
        }
    }
}
