package ecstest.deploy.stack;

import ecstest.deploy.template.Operation;
import java.util.Map;
import java.util.Set;

/**
 * One API call of the stack: the template it renders, the values only this call sets, and what it produces.
 *
 * @param template path under {@code templates/}: {@code <aws cli service>/<file>.json}
 * @param operation the AWS CLI operation, e.g. {@code create-subnet}
 * @param name what tells this call apart from others of the same template, e.g. {@code public-a}
 * @param vars values for this call; they may refer to settings ({@code ${AZ_A}})
 * @param numbers the vars that render as JSON numbers (a port), the others being text
 * @param produces the output this call makes, or null
 * @param producedAt where that output is in the call's answer, as dotted keys ({@code Vpc.VpcId})
 */
public record Step(
        String template,
        String operation,
        String name,
        Map<String, String> vars,
        Set<String> numbers,
        Output produces,
        String producedAt) {

    static Step of(String template, String operation, String name, Map<String, String> vars) {
        return new Step(template, operation, name, Map.copyOf(vars), Set.of(), null, null);
    }

    Step producing(Output output, String path) {
        return new Step(template, operation, name, vars, numbers, output, path);
    }

    /** These vars render as JSON numbers. */
    Step numbers(String... vars) {
        return new Step(template, operation, name, this.vars, Set.of(vars), produces, producedAt);
    }

    public String service() {
        return template.substring(0, template.indexOf('/'));
    }

    public Operation call() {
        return new Operation(service(), operation);
    }

    public String fileName(int index) {
        return "%02d-%s-%s%s.json".formatted(index, service(), operation, name.isEmpty() ? "" : "-" + name);
    }
}
