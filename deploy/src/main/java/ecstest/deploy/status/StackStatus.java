package ecstest.deploy.status;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.pricing.Bill;
import ecstest.deploy.rollout.DeploymentFollower;
import ecstest.deploy.rollout.DeploymentProgress;
import ecstest.deploy.settings.StackSettings;
import ecstest.deploy.stack.StackContext;
import ecstest.deploy.stack.StackPlan;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/** What the stack is doing now: its services, their deployments and tasks, the load balancer's targets. */
public final class StackStatus {

    public record Report(String stack, String url, List<ServiceReport> services, List<Target> targets, Cost cost) {}

    /**
     * What the stack costs per month at its region's list prices (the stack's settings priced, not a bill), and its
     * total with each EGRESS.
     */
    public record Cost(
            String prices,
            double monthly,
            List<Bill.Line> lines,
            List<Bill.Rate> rates,
            Map<String, Double> monthlyByEgress) {}

    public record ServiceReport(
            String name,
            String status,
            int desired,
            int running,
            int pending,
            String taskDefinition,
            List<DeploymentReport> deployments,
            String rollout) {}

    public record DeploymentReport(
            String id, String status, String rolloutState, int desired, int running, String taskDefinition) {}

    public record Target(String id, int port, String health, String reason) {}

    private final AwsClients aws;
    private final StackSettings settings;
    private final String stack;

    public StackStatus(AwsClients aws, StackSettings settings) {
        this.aws = aws;
        this.settings = settings;
        this.stack = settings.stack();
    }

    public Report read() {
        Bill bill = StackPlan.bill(settings);
        Cost cost = new Cost(
                bill.prices().source(),
                bill.monthly(),
                bill.lines(),
                bill.rates(),
                StackPlan.monthlyByEgress(settings));
        return new Report(stack, url(), services(), targets(), cost);
    }

    /**
     * The stack's URL: its domain over HTTPS when it has one, else its load balancer's name (the load balancer named
     * after the stack and carrying its tag: none of another's).
     */
    private String url() {
        try {
            return aws.elb().describeLoadBalancers(r -> r.names(stack)).loadBalancers().stream()
                    .filter(lb -> ours(lb.loadBalancerArn()))
                    .findFirst()
                    .map(lb -> StackPlan.url(settings, lb.dnsName()))
                    .orElse(null);
        } catch (LoadBalancerNotFoundException none) {
            return null;
        }
    }

    private boolean ours(String elbArn) {
        return aws.elb().describeTags(r -> r.resourceArns(elbArn)).tagDescriptions().stream()
                .flatMap(description -> description.tags().stream())
                .anyMatch(tag ->
                        tag.key().equals(StackContext.STACK_TAG) && tag.value().equals(stack));
    }

    private List<ServiceReport> services() {
        try {
            return aws
                    .ecs()
                    .describeServices(r -> r.cluster(stack)
                            .services("gate-server", "data-server")
                            .include(ServiceField.TAGS))
                    .services()
                    .stream()
                    .filter(s -> s.tags().stream()
                            .anyMatch(t -> t.key().equals(StackContext.STACK_TAG)
                                    && t.value().equals(stack)))
                    .map(s -> new ServiceReport(
                            s.serviceName(),
                            s.status(),
                            s.desiredCount(),
                            s.runningCount(),
                            s.pendingCount(),
                            s.taskDefinition(),
                            s.deployments().stream()
                                    .map(d -> new DeploymentReport(
                                            d.id(),
                                            d.status(),
                                            d.rolloutStateAsString(),
                                            d.desiredCount(),
                                            d.runningCount(),
                                            d.taskDefinition()))
                                    .toList(),
                            rollout(s.serviceName())))
                    .toList();
        } catch (ClusterNotFoundException none) {
            return List.of();
        }
    }

    /**
     * The service's newest service deployment in a line: its strategy, status, stage, traffic split and alarms;
     * null where there is none.
     */
    private String rollout(String service) {
        return aws
                .ecs()
                .listServiceDeployments(r -> r.cluster(stack).service(service).maxResults(1))
                .serviceDeployments()
                .stream()
                .findFirst()
                .map(brief -> aws.ecs()
                        .describeServiceDeployments(r -> r.serviceDeploymentArns(brief.serviceDeploymentArn()))
                        .serviceDeployments()
                        .getFirst())
                .map(d -> {
                    String strategy = d.deploymentConfiguration() == null
                                    || d.deploymentConfiguration().strategyAsString() == null
                            ? "ROLLING"
                            : d.deploymentConfiguration().strategyAsString();
                    DeploymentProgress progress = DeploymentProgress.of(d);
                    String alarms = d.alarms() == null
                            ? ""
                            : "; alarms " + d.alarms().statusAsString() + " "
                                    + d.alarms().alarmNames()
                                    + (d.alarms().triggeredAlarmNames().isEmpty()
                                            ? ""
                                            : ", fired: " + d.alarms().triggeredAlarmNames());
                    String cause = progress.outcome() == DeploymentProgress.Outcome.SUCCEEDED
                                    || progress.outcome() == DeploymentProgress.Outcome.IN_PROGRESS
                            ? ""
                            : " (" + progress.cause() + ")";
                    return DeploymentFollower.shortArn(d.serviceDeploymentArn()) + " " + strategy + " "
                            + progress.line() + alarms + cause;
                })
                .orElse(null);
    }

    private List<Target> targets() {
        try {
            String group = aws.elb()
                    .describeTargetGroups(r -> r.names(stack + "-gate-server"))
                    .targetGroups()
                    .getFirst()
                    .targetGroupArn();
            if (!ours(group)) {
                return List.of();
            }
            return aws.elb().describeTargetHealth(r -> r.targetGroupArn(group)).targetHealthDescriptions().stream()
                    .map(t -> new Target(
                            t.target().id(),
                            t.target().port(),
                            t.targetHealth().stateAsString(),
                            t.targetHealth().description()))
                    .toList();
        } catch (TargetGroupNotFoundException none) {
            return List.of();
        }
    }
}
