package ecstest.deploy.access;

import ecstest.deploy.DeployException;
import java.util.regex.Pattern;

/**
 * Which GitHub Actions runs may assume a stack's deploying role: one repository's, on one branch or in one
 * environment. GitHub writes that into the {@code sub} claim of the run's OIDC token ({@code
 * repo:OWNER/REPO:ref:refs/heads/BRANCH}, or {@code repo:OWNER/REPO:environment:NAME} for a job that names an
 * environment), and the role's trust policy matches it exactly.
 *
 * @param repository {@code OWNER/REPO}, spelt as GitHub spells it (the claim is compared case by case)
 * @param branch the branch whose runs are trusted, or null when an environment is
 * @param environment the environment whose jobs are trusted, or null
 */
public record GitHubTrust(String repository, String branch, String environment) {

    /** GitHub's OIDC issuer, and the audience AWS's action asks its tokens for. */
    public static final String ISSUER = "token.actions.githubusercontent.com";

    public static final String AUDIENCE = "sts.amazonaws.com";

    /** The trust policy's template, and the placeholder it takes the subject in. */
    public static final String TRUST_TEMPLATE = "iam/github-trust-policy.json";

    public static final String SUBJECT = "GITHUB_SUBJECT";

    private static final Pattern REPOSITORY =
            Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}/[A-Za-z0-9._-]{1,100}");

    /** Checks the options, each mistake in one line. */
    public static GitHubTrust of(String repository, String branch, String environment) {
        if (!REPOSITORY.matcher(repository).matches() || repository.endsWith("/.") || repository.endsWith("/..")) {
            throw new DeployException("--github " + repository
                    + ": not a GitHub repository; give OWNER/REPO, e.g. --github my-org/ecs-test");
        }
        if (branch != null && environment != null) {
            throw new DeployException("--branch and --environment: give one. A job that names an environment gets a"
                    + " token whose subject names the environment, not the branch; to keep an environment to one"
                    + " branch, set its deployment branches in the repository's settings");
        }
        if (environment != null) {
            if (environment.isBlank()
                    || environment.length() > 255
                    || !environment.chars().allMatch(c -> c >= 0x20 && c != ':' && c != '*' && c != '?' && c != 0x7f)) {
                throw new DeployException("--environment " + environment
                        + ": not an environment name (1 to 255 characters, no ':', '*' or '?')");
            }
            return new GitHubTrust(repository, null, environment);
        }
        String name = branch == null ? "main" : branch;
        if (!branchName(name)) {
            throw new DeployException("--branch " + name + ": not a branch name (git check-ref-format; no wildcards:"
                    + " the role trusts exactly one branch)");
        }
        return new GitHubTrust(repository, name, null);
    }

    /** Git's rules for a branch name (git check-ref-format --branch), and no wildcard. */
    private static boolean branchName(String name) {
        return !name.isEmpty()
                && !name.startsWith("-")
                && !name.startsWith("/")
                && !name.endsWith("/")
                && !name.endsWith(".")
                && !name.endsWith(".lock")
                && !name.contains("..")
                && !name.contains("//")
                && !name.contains("@{")
                && !name.equals("@")
                && name.chars().allMatch(c -> c > 0x20 && c != 0x7f && "~^:?*[\\".indexOf(c) < 0)
                && java.util.Arrays.stream(name.split("/")).noneMatch(part -> part.startsWith("."));
    }

    /** The {@code sub} claim of the runs the role trusts. */
    public String subject() {
        return environment != null
                ? "repo:" + repository + ":environment:" + environment
                : "repo:" + repository + ":ref:refs/heads/" + branch;
    }

    /** What the trusted runs are, for people. */
    public String describe() {
        return environment != null
                ? repository + "'s jobs in the environment " + environment
                : repository + "'s workflow runs on the branch " + branch;
    }

    public static String providerArn(String account) {
        return "arn:aws:iam::" + account + ":oidc-provider/" + ISSUER;
    }
}
