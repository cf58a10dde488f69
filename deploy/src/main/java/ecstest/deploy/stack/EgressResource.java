package ecstest.deploy.stack;

import ecstest.deploy.settings.Setting;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.settings.Type;
import java.util.List;
import software.amazon.awssdk.core.SdkRequest;

/**
 * How the tasks reach AWS's APIs (image pulls, logs, Parameter Store, metrics), said once: the kinds after it make
 * what the choice needs (a NAT gateway and its route, VPC endpoints, the services' subnets and public addresses).
 * It makes nothing itself.
 */
final class EgressResource extends Resource {

    static final String NAT = "nat";
    static final String PUBLIC = "public";
    static final String ENDPOINTS = "endpoints";

    static final Setting EGRESS = new Setting(
            "EGRESS",
            Type.oneOf(NAT, PUBLIC, ENDPOINTS),
            NAT,
            "how the tasks reach AWS's APIs (image pulls, logs, Parameter Store, metrics): nat, from the private subnets"
                    + " through a NAT gateway (the tutorial's); public, from the public subnets with a public IPv4"
                    + " address each and no NAT gateway (the security groups still admit only the load balancer and"
                    + " gate-server); endpoints, from the private subnets through VPC endpoints, with no route to the"
                    + " internet at all",
            Setting.Change.IN_PLACE);

    static String egress(StackSettings settings) {
        return settings.require(EGRESS);
    }

    static boolean is(StackSettings settings, String egress) {
        return egress(settings).equals(egress);
    }

    @Override
    String title() {
        return "egress";
    }

    @Override
    List<Setting> settings() {
        return List.of(EGRESS);
    }

    @Override
    List<Step> steps(StackSettings settings) {
        return List.of();
    }

    @Override
    Diff diff(StackContext stack, Step step, SdkRequest request, StackState state) {
        return Diff.SAME;
    }

    @Override
    void delete(StackContext stack, StackState state) {}

    @Override
    List<String> leftovers(StackContext stack, StackSettings settings) {
        return List.of();
    }
}
