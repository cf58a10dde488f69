package ecstest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.testsupport.MotoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The real AWS CLI (botocore validates every parameter against the service model), aimed at moto. */
final class AwsCli {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MotoServer moto;

    AwsCli(MotoServer moto) {
        this.moto = moto;
    }

    JsonNode applyFile(String service, String operation, Path file) {
        return run(service, operation, "--cli-input-json", "file://" + file);
    }

    JsonNode run(String service, String operation, String... args) {
        List<String> command = new ArrayList<>(List.of(
                "aws", service, operation, "--endpoint-url", moto.endpoint().toString(), "--output", "json"));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(moto.cliEnvironment());
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue())
                    .as("%s\nfailed: %s", String.join(" ", command), new String(err, StandardCharsets.UTF_8))
                    .isZero();
            String text = new String(out, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot run " + command, ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Dotted path with numeric list indexes: {@code LoadBalancers.0.LoadBalancerArn}. */
    static String at(JsonNode json, String path) {
        JsonNode node = json;
        for (String key : path.split("\\.")) {
            node = key.matches("\\d+") ? node.path(Integer.parseInt(key)) : node.path(key);
        }
        assertThat(node.isString()).as("%s in %s", path, json).isTrue();
        return node.asString();
    }
}
