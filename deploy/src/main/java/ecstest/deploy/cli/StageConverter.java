package ecstest.deploy.cli;

import ecstest.deploy.rollout.DeploymentProgress;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentLifecycleStage;

/** {@code --wait-until STAGE}: one of the lifecycle stages ECS reports, in any case, with or without "ecs:". */
public final class StageConverter implements ITypeConverter<ServiceDeploymentLifecycleStage> {

    static final String STAGES = DeploymentProgress.STAGES.stream()
            .map(ServiceDeploymentLifecycleStage::toString)
            .collect(Collectors.joining(", "));

    @Override
    public ServiceDeploymentLifecycleStage convert(String value) {
        String name =
                value.strip().toUpperCase(Locale.ROOT).replaceFirst("^ECS:", "").replace('-', '_');
        ServiceDeploymentLifecycleStage stage = ServiceDeploymentLifecycleStage.fromValue(name);
        if (!DeploymentProgress.STAGES.contains(stage)) {
            throw new TypeConversionException("'" + value + "' is not a deployment lifecycle stage; one of " + STAGES);
        }
        return stage;
    }
}
