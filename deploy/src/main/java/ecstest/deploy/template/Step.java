package ecstest.deploy.template;

import java.util.Map;

/**
 * One API call of the stack: the template it renders, the values only this call sets, and the resource
 * ID it creates (with where the AWS CLI's JSON answer holds it).
 *
 * @param template path under {@code templates/}: {@code <aws cli service>/<file>.json}
 * @param operation the AWS CLI operation, e.g. {@code create-subnet}
 * @param name what tells this call apart from others of the same template, e.g. {@code public-a}
 * @param vars values for this call; they may refer to configuration values ({@code ${AZ_A}})
 * @param produces the resource ID variable this call creates, or null
 * @param producedAt where that ID is in the call's answer, as dotted keys ({@code Vpc.VpcId})
 */
public record Step(
        String template, String operation, String name, Map<String, String> vars, String produces, String producedAt) {

    public String service() {
        return template.substring(0, template.indexOf('/'));
    }

    public String fileName(int index) {
        return "%02d-%s-%s%s.json".formatted(index, service(), operation, name.isEmpty() ? "" : "-" + name);
    }

    public Step producing(String variable, String path) {
        return new Step(template, operation, name, vars, variable, path);
    }

    public static Step of(String template, String operation, String name, Map<String, String> vars) {
        return new Step(template, operation, name, vars, null, null);
    }
}
