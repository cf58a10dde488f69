package ecstest.deploy.template;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An AWS API call as the AWS CLI names it: its service, the folder of templates/ ({@code ec2}, {@code elbv2}), and
 * its operation ({@code create-subnet}).
 */
public record Operation(String service, String name) {

    /** {@code create-subnet} → {@code CreateSubnet}. */
    public String pascalCase() {
        return Arrays.stream(name.split("-"))
                .map(word -> Character.toUpperCase(word.charAt(0)) + word.substring(1))
                .collect(Collectors.joining());
    }

    /** As the AWS CLI's command line says it: {@code ec2 create-subnet}. */
    @Override
    public String toString() {
        return service + " " + name;
    }
}
