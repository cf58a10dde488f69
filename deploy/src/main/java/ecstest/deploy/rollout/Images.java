package ecstest.deploy.rollout;

import ecstest.deploy.settings.Services;
import java.util.function.Function;

/**
 * The image each service deploys, as a repository and a digest
 * ({@code <account>.dkr.ecr.<region>.amazonaws.com/<stack>/gate-server@sha256:…}).
 */
public record Images(String gateServer, String dataServer) {

    /** Each service's image, from a function of the service's name. */
    public static Images of(Function<String, String> image) {
        return new Images(image.apply(Services.GATE), image.apply(Services.DATA));
    }

    /** The service's image. */
    public String of(String service) {
        return switch (service) {
            case Services.GATE -> gateServer;
            case Services.DATA -> dataServer;
            default -> throw new IllegalArgumentException("no service " + service);
        };
    }
}
