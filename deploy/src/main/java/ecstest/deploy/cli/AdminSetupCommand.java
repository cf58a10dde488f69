package ecstest.deploy.cli;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.ops.DeployerAccess;
import ecstest.deploy.stack.StackRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Command(
        name = "admin-setup",
        mixinStandardHelpOptions = true,
        description = {
            "What an administrator does once per stack: the deploying role and the task roles' boundary.",
            "",
            "Writes the stack's IAM documents (the permissions boundary every role the stack creates must",
            "carry, the deploying role's three policies and its trust policy) and prints the aws commands",
            "that create them. --apply makes those calls itself, with the caller's (administrator's)",
            "credentials; run again after an upgrade, it updates a policy whose document changed."
        })
final class AdminSetupCommand implements Callable<Integer> {

    /** IAM policy name suffix → its template; the boundary first: the deployer's policies name it. */
    static final Map<String, String> POLICIES = policies();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Mixin
    StackOptions options;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where to write the documents (default: rendered/<stack>/iam).")
    Path out;

    @Option(
            names = "--apply",
            description = "Create (or update) the policies and the role now, with these credentials.")
    boolean apply;

    @Spec
    CommandSpec spec;

    private static Map<String, String> policies() {
        Map<String, String> policies = new LinkedHashMap<>();
        policies.put("task-role-boundary", "iam/task-role-boundary.json");
        policies.put("deployer-network", "iam/deployer-network-policy.json");
        policies.put("deployer-services", "iam/deployer-services-policy.json");
        policies.put("deployer-iam", "iam/deployer-iam-policy.json");
        return policies;
    }

    @Override
    public Integer call() {
        Map<String, String> values = options.values();
        StackRenderer renderer = options.renderer();
        String stack = options.stack;
        String account = values.get("ACCOUNT_ID");
        Path dir = out != null ? out : Path.of("rendered", stack, "iam");
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        POLICIES.forEach((name, template) -> documents.put(name, renderer.document(template, values)));
        JsonNode trust = renderer.document("iam/deployer-trust-policy.json", values);
        write(dir, documents, trust);
        PrintWriter console = spec.commandLine().getOut();
        String role = stack + "-deployer";
        if (!apply) {
            console.printf("wrote the stack's IAM documents to %s; an administrator runs, once:%n", dir);
            documents
                    .keySet()
                    .forEach(name -> console.printf(
                            "  aws iam create-policy --policy-name %s-%s --policy-document file://%s%n",
                            stack, name, dir.resolve(name + ".json")));
            console.printf(
                    "  aws iam create-role --role-name %s --assume-role-policy-document file://%s"
                            + " --tags Key=ecs-test:stack,Value=%s%n",
                    role, dir.resolve("deployer-trust.json"), stack);
            documents.keySet().stream()
                    .filter(name -> name.startsWith("deployer-"))
                    .forEach(name -> console.printf(
                            "  aws iam attach-role-policy --role-name %s --policy-arn %s%n",
                            role, DeployerAccess.policyArn(account, stack, name)));
            console.printf(
                    "then whoever deploys uses the role, e.g.:%n"
                            + "  aws configure set profile.%s.role_arn arn:aws:iam::%s:role/%s%n"
                            + "  aws configure set profile.%s.source_profile default%n"
                            + "  deploy/ecs-test up --stack %s --profile %s%n",
                    role, account, role, role, stack, role);
            return 0;
        }
        try (AwsClients aws = options.clients(values)) {
            DeployerAccess access = new DeployerAccess(aws, stack);
            documents.forEach((name, document) -> console.println("  "
                    + access.ensurePolicy(
                            DeployerAccess.policyArn(account, stack, name), stack + "-" + name, document)));
            console.println("  " + access.ensureRole(role, trust));
            documents.keySet().stream()
                    .filter(name -> name.startsWith("deployer-"))
                    .forEach(name -> access.attach(role, DeployerAccess.policyArn(account, stack, name)));
            console.printf(
                    "the deploying role %s has the stack's three policies; its task roles' boundary is ready%n", role);
        }
        return 0;
    }

    private static void write(Path dir, Map<String, JsonNode> documents, JsonNode trust) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, JsonNode> document : documents.entrySet()) {
                Files.writeString(dir.resolve(document.getKey() + ".json"), StackRenderer.toJson(document.getValue()));
            }
            Files.writeString(dir.resolve("deployer-trust.json"), StackRenderer.toJson(trust));
        } catch (IOException ex) {
            throw new DeployException("cannot write to " + dir + ": " + ex.getMessage(), ex);
        }
    }
}
