package ecstest.system;

import ecstest.data.DataServerApplication;
import ecstest.gate.GateServerApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Both real applications on random ports in this JVM, with real HTTP between them (what the README's local
 * run starts, minus the processes); a test starts them with the arguments it needs, they stop after it.
 */
abstract class InProcessPair {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    protected ConfigurableApplicationContext data;
    protected ConfigurableApplicationContext gate;

    @AfterEach
    void stopBoth() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {gate, data}) {
            if (context != null) {
                context.close();
            }
        }
    }

    /**
     * The service's own application.yml: both services' share one class path here, each at its root, so each is
     * pointed at its own (in its jar, or its module's classes folder).
     */
    static URI ownConfig(Class<?> application) {
        URI location;
        try {
            location = application
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI();
        } catch (java.net.URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
        return location.getPath().endsWith(".jar")
                ? URI.create("jar:" + location + "!/application.yml")
                : location.resolve("application.yml");
    }

    static ConfigurableApplicationContext startDataServer(int port, String... args) {
        // Arguments, not builder properties: those are defaults and the yml's port would win. Parameter Store
        // off: that auto-configuration comes with gate-server's class path, not with data-server's.
        return new SpringApplicationBuilder(DataServerApplication.class)
                .run(concat(
                        args,
                        "--spring.config.location=" + ownConfig(DataServerApplication.class),
                        "--server.port=" + port,
                        "--spring.cloud.aws.parameterstore.enabled=false"));
    }

    static ConfigurableApplicationContext startGate(int dataPort, String... args) {
        return new SpringApplicationBuilder(GateServerApplication.class)
                .run(concat(
                        args,
                        "--spring.config.location=" + ownConfig(GateServerApplication.class),
                        "--server.port=0",
                        "--data-server.url=http://127.0.0.1:" + dataPort));
    }

    private static String[] concat(String[] extra, String... args) {
        return Stream.concat(Arrays.stream(args), Arrays.stream(extra)).toArray(String[]::new);
    }

    static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** GET / from the service, with the given headers (name, value, ...). */
    HttpResponse<byte[]> get(ConfigurableApplicationContext target, String... headers) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port(target) + "/");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
