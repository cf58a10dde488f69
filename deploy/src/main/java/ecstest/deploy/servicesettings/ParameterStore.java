package ecstest.deploy.servicesettings;

import ecstest.deploy.aws.AwsClients;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The services' own settings in Systems Manager Parameter Store, as {@code config} reads and writes them. */
public final class ParameterStore {

    private final AwsClients aws;

    public ParameterStore(AwsClients aws) {
        this.aws = aws;
    }

    /** Sets it (a String parameter, overwritten if present); returns its new version. */
    public long put(String parameter, String value, String description) {
        return aws.ssm()
                .putParameter(r -> r.name(parameter)
                        .value(value)
                        .type(ParameterType.STRING)
                        .overwrite(true)
                        .description(description))
                .version();
    }

    public Optional<String> get(String parameter) {
        try {
            return Optional.of(
                    aws.ssm().getParameter(r -> r.name(parameter)).parameter().value());
        } catch (ParameterNotFoundException ex) {
            return Optional.empty();
        }
    }

    /** Every parameter under the path, by its name after the path. */
    public SortedMap<String, String> under(String path) {
        SortedMap<String, String> found = new TreeMap<>();
        aws.ssm()
                .getParametersByPathPaginator(r -> r.path(path).recursive(true))
                .forEach(page ->
                        page.parameters().forEach(p -> found.put(p.name().substring(path.length()), p.value())));
        return found;
    }

    /** @return false when it was not set */
    public boolean delete(String parameter) {
        try {
            aws.ssm().deleteParameter(r -> r.name(parameter));
            return true;
        } catch (ParameterNotFoundException ex) {
            return false;
        }
    }
}
