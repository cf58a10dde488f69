package ecstest.deploy.aws;

import ecstest.deploy.template.Operation;
import ecstest.deploy.template.RequestParser;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;

/**
 * Calls a step's operation on its SDK client ({@code create-vpc} → {@code Ec2Client.createVpc}), and reads
 * values out of answers by the API model's member names ({@code Vpc.VpcId}), the same names the AWS CLI's
 * JSON shows. One generic path instead of one method per call keeps the templates the only place that
 * says what each call sends.
 */
public final class SdkCalls {

    private SdkCalls() {}

    public static SdkResponse call(SdkClient client, Operation step, SdkRequest request) {
        String pascal = step.pascalCase();
        String method = Character.toLowerCase(pascal.charAt(0)) + pascal.substring(1);
        try {
            // on the service interface (IamClient): the implementations are not public
            Class<?> api = Arrays.stream(client.getClass().getInterfaces())
                    .filter(SdkClient.class::isAssignableFrom)
                    .findFirst()
                    .orElseThrow();
            Method operation = api.getMethod(method, RequestParser.requestClass(step));
            return (SdkResponse) operation.invoke(client, request);
        } catch (InvocationTargetException ex) {
            if (ex.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(ex.getCause());
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(client.serviceName() + " has no operation " + method, ex);
        }
    }

    /** The value at a dotted member path; list elements by index ({@code LoadBalancers.0.LoadBalancerArn}). */
    public static Object at(SdkPojo pojo, String path) {
        Object node = pojo;
        for (String key : path.split("\\.")) {
            if (node instanceof List<?> list) {
                node = list.get(Integer.parseInt(key));
            } else if (node instanceof SdkPojo value) {
                SdkField<?> field = value.sdkFields().stream()
                        .filter(f -> f.memberName().equals(key))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no member " + key + " in " + path));
                node = field.getValueOrDefault(value);
            } else {
                throw new IllegalStateException("cannot read " + key + " of " + node + " (path " + path + ")");
            }
        }
        return node;
    }
}
