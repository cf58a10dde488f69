package ecstest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ecstest.deploy.fixtures.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What the GitHub Actions workflows must keep (actionlint, run by .ci/run, checks they are valid): the deploy workflow
 * asks only for an OIDC token and the checkout, runs one deploy of a stack at a time and never cancels one midway,
 * assumes the role named by a repository variable and holds no key; every action from outside the repository is
 * pinned to a commit; the steps that do the work are deploy/pipeline's; the test workflow runs the README's test
 * command on every push and pull request.
 */
class WorkflowsTests {

    private static final Path WORKFLOWS = TestStack.HOME.getParent().resolve(".github/workflows");
    private static final Pattern PINNED = Pattern.compile("[\\w.-]+/[\\w.-]+(/[\\w./-]+)?@[0-9a-f]{40}");

    @Test
    void deployAsksForTheOidcTokenAndTheCheckoutOnly() {
        Map<String, Object> deploy = workflow("deploy.yml");

        assertThat(deploy.get("permissions")).isEqualTo(Map.of("id-token", "write", "contents", "read"));
        jobs(deploy).forEach((name, job) -> assertThat(map(job)).as(name).doesNotContainKey("permissions"));
        assertThat(workflow("test.yml").get("permissions")).isEqualTo(Map.of("contents", "read"));
    }

    @Test
    void oneDeployOfAStackAtATimeAndNoneCancelledMidway() {
        Map<String, Object> deploy = workflow("deploy.yml");

        assertThat(map(deploy.get("concurrency")))
                .containsEntry("cancel-in-progress", false)
                .hasEntrySatisfying("group", group -> assertThat((String) group).contains("ECS_TEST_STACK"));
        jobs(deploy).forEach((name, job) -> assertThat(map(job)).as(name).doesNotContainKey("concurrency"));
    }

    @Test
    void deployRunsOnPushesToMainAndByHand() {
        Map<String, Object> on = map(workflow("deploy.yml").get("on"));

        assertThat(on).containsOnlyKeys("push", "workflow_dispatch");
        assertThat(map(on.get("push")).get("branches")).isEqualTo(List.of("main"));
    }

    @Test
    void everyJobAssumesTheRoleByOidcAndNoCredentialIsStored() throws IOException {
        Map<String, Object> deploy = workflow("deploy.yml");

        jobs(deploy).forEach((name, job) -> {
            List<Map<String, Object>> credentials = steps(job).stream()
                    .filter(step ->
                            String.valueOf(step.get("uses")).startsWith("aws-actions/configure-aws-credentials@"))
                    .toList();
            assertThat(credentials).as(name).hasSize(1);
            assertThat(map(credentials.getFirst().get("with")))
                    .as(name)
                    .containsEntry("role-to-assume", "${{ vars.AWS_ROLE_ARN }}")
                    .containsEntry("aws-region", "${{ vars.AWS_REGION }}")
                    .doesNotContainKeys(
                            "aws-access-key-id",
                            "aws-secret-access-key",
                            "aws-session-token",
                            "web-identity-token-file");
        });
        for (Path file : files()) {
            assertThat(Files.readString(file))
                    .as(file.getFileName().toString())
                    .doesNotContain("secrets.")
                    .doesNotContain("AWS_ACCESS_KEY_ID")
                    .doesNotContain("AWS_SECRET_ACCESS_KEY");
        }
    }

    @Test
    void everyActionFromOutsideIsPinnedToACommit() {
        List<String> uses = new ArrayList<>();
        files().forEach(file -> jobs(workflow(file.getFileName().toString()))
                .values()
                .forEach(job -> steps(job).stream()
                        .map(step -> step.get("uses"))
                        .filter(use -> use != null)
                        .forEach(use -> uses.add((String) use))));

        assertThat(uses).isNotEmpty().allSatisfy(use -> assertThat(use).matches(PINNED));
    }

    @Test
    void theWorkIsThePipelineScriptsAndEachPlatformIsBuiltOnItsOwnRunner() {
        Map<String, Object> jobs = jobs(workflow("deploy.yml"));

        Map<String, Object> image = map(jobs.get("image"));
        assertThat(image.get("runs-on")).isEqualTo("${{ matrix.runner }}");
        assertThat(map(map(image.get("strategy")).get("matrix")).get("include"))
                .isEqualTo(List.of(
                        Map.of("platform", "linux/amd64", "runner", "ubuntu-24.04"),
                        Map.of("platform", "linux/arm64", "runner", "ubuntu-24.04-arm")));
        assertThat(runs(image)).containsExactly("deploy/pipeline image ${{ matrix.platform }}");

        Map<String, Object> release = map(jobs.get("release"));
        assertThat(release.get("needs")).isEqualTo("image");
        assertThat(runs(release)).containsExactly("deploy/pipeline release");
    }

    @Test
    void theTestWorkflowRunsTheReadmesTestCommandOnEveryPushAndPullRequest() throws IOException {
        Map<String, Object> test = workflow("test.yml");
        String readme = Files.readString(TestStack.HOME.getParent().resolve("README.md"));

        assertThat(map(test.get("on"))).containsOnlyKeys("push", "pull_request");
        assertThat(readme).contains("./mvnw verify ");
        assertThat(jobs(test).values().stream().flatMap(job -> runs(job).stream()))
                .anySatisfy(run -> assertThat(run).startsWith("./mvnw ").contains(" verify"));
    }

    private static List<Path> files() {
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            return files.filter(file -> file.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Map<String, Object> workflow(String name) {
        try {
            // YAML 1.1 reads a bare `on` as true: the key is read back as the word GitHub means
            Map<Object, Object> raw =
                    new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(WORKFLOWS.resolve(name)));
            Map<String, Object> workflow = new java.util.LinkedHashMap<>();
            raw.forEach((key, value) -> workflow.put(Boolean.TRUE.equals(key) ? "on" : String.valueOf(key), value));
            return workflow;
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Map<String, Object> jobs(Map<String, Object> workflow) {
        return map(workflow.get("jobs"));
    }

    private static List<Map<String, Object>> steps(Object job) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) map(job).get("steps");
        return steps;
    }

    private static List<String> runs(Object job) {
        return steps(job).stream()
                .map(step -> step.get("run"))
                .filter(run -> run != null)
                .map(run -> ((String) run).strip())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
