package ecstest.deploy.logs;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsClients;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * A log group's events from an instant on, printed once each however often it is polled ({@code logs --follow}):
 * CloudWatch Logs answers by millisecond, so each poll starts at the last event's and skips those already printed.
 */
public final class LogTail {

    private final AwsClients aws;
    private final String group;
    private final String filter;
    private final Cursor cursor;

    /** @param filter text the events must contain, or null */
    public LogTail(AwsClients aws, String group, String filter, Instant from) {
        this.aws = aws;
        this.group = group;
        this.filter = filter;
        this.cursor = new Cursor(from.toEpochMilli());
    }

    /** Where the next poll starts, and the events already printed at that millisecond (polls overlap by it). */
    private static final class Cursor {
        long from;
        final Set<String> printedAtFrom = new HashSet<>();

        Cursor(long from) {
            this.from = from;
        }

        /** True when the event is new; moves the cursor to it. */
        boolean advance(FilteredLogEvent event) {
            long at = event.timestamp();
            if (at < from || (at == from && !printedAtFrom.add(event.eventId()))) {
                return false;
            }
            if (at > from) {
                from = at;
                printedAtFrom.clear();
                printedAtFrom.add(event.eventId());
            }
            return true;
        }
    }

    /**
     * Prints the events not printed yet, oldest first: time (UTC), the task's log stream, the event as written.
     *
     * @throws DeployException when there is no such log group
     */
    public void printNew(PrintWriter out) {
        FilterLogEventsRequest.Builder request =
                FilterLogEventsRequest.builder().logGroupName(group).startTime(cursor.from);
        if (filter != null) {
            request.filterPattern(quoted(filter));
        }
        try {
            // the paginator follows nextToken; events come back oldest first
            for (FilteredLogEvent event :
                    aws.logs().filterLogEventsPaginator(request.build()).events()) {
                if (cursor.advance(event)) {
                    out.printf(
                            "%s %s %s%n",
                            Instant.ofEpochMilli(event.timestamp()),
                            event.logStreamName(),
                            event.message().stripTrailing());
                }
            }
        } catch (ResourceNotFoundException ex) {
            throw new DeployException(
                    "no log group " + group + " in this account and region: is the stack up? (ecs-test status)");
        }
        out.flush();
    }

    /** CloudWatch Logs' filter syntax for "contains this exact text". */
    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
