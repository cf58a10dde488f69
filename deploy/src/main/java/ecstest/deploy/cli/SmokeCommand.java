package ecstest.deploy.cli;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.smoke.HttpsCheck;
import ecstest.deploy.smoke.LoadCheck;
import ecstest.deploy.status.StackStatus;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "smoke",
        mixinStandardHelpOptions = true,
        description = {
            "GETs the stack's URL and expects 응, 답!; with --requests, a bounded load test.",
            "",
            "Reports throughput, latency percentiles and errors; exits non-zero on any error. A stack with a",
            "domain is checked as a browser would: its certificate (chain and name) and HTTP's 301 to HTTPS."
        })
final class SmokeCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Option(names = "--url", description = "Test this URL instead of the stack's load balancer.")
    URI url;

    @Option(
            names = "--requests",
            defaultValue = "1",
            description = "How many requests, 1 to 100000 (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(
            names = "--concurrency",
            defaultValue = "1",
            description = "How many in flight at once, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (requests < 1 || requests > 100_000 || concurrency < 1 || concurrency > 1_000) {
            throw new DeployException("--requests must be 1 to 100000 and --concurrency 1 to 1000");
        }
        URI target = url != null ? url : stackUrl();
        PrintWriter out = spec.commandLine().getOut();
        if ("https".equals(target.getScheme()) && !https(target, out)) {
            return 1;
        }
        LoadCheck.Result result = new LoadCheck().run(target, requests, concurrency);
        out.printf(
                "GET %s: %d requests, %d concurrent, %d ok, %d errors in %.2f s (%.0f requests/s)%n",
                target,
                result.requests(),
                concurrency,
                result.ok(),
                result.requests() - result.ok(),
                result.elapsed().toNanos() / 1e9,
                result.requestsPerSecond());
        out.printf(
                "latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
                result.percentileMillis(50),
                result.percentileMillis(90),
                result.percentileMillis(99),
                result.percentileMillis(100));
        result.errors().forEach((error, count) -> spec.commandLine().getErr().printf("  %d × %s%n", count, error));
        return result.ok() == result.requests() ? 0 : 1;
    }

    /**
     * An HTTPS URL's certificate, checked as a browser checks it (its chain, its name), and, for the stack's own URL,
     * its HTTP twin's 301 to it. Each problem is one line on stderr.
     */
    private boolean https(URI target, PrintWriter out) {
        HttpsCheck check = new HttpsCheck();
        List<String> problems = new ArrayList<>();
        check.certificate(target, problems)
                .ifPresent(certificate -> out.printf(
                        "certificate of %s: for %s, issued by %s, valid until %s%n",
                        target.getHost(),
                        String.join(", ", certificate.names()),
                        certificate.issuer(),
                        certificate.notAfter()));
        if (url == null) {
            URI http = URI.create("http://" + target.getHost() + "/");
            String redirect = check.redirect(http, target);
            if (redirect == null) {
                out.printf("GET %s: 301 to %s%n", http, target);
            } else {
                problems.add(redirect);
            }
        }
        problems.forEach(problem -> spec.commandLine().getErr().println("smoke: " + problem));
        return problems.isEmpty();
    }

    private URI stackUrl() {
        StackSettings settings = options.settings();
        try (AwsClients aws = options.clients(settings)) {
            String found = new StackStatus(aws, settings).read().url();
            if (found == null) {
                throw new DeployException(
                        "stack " + options.stack + " has no load balancer: run `ecs-test up` first, or pass --url");
            }
            return URI.create(found);
        }
    }
}
