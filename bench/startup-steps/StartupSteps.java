import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline.TimelineEvent;

/**
 * Starts a service's application class with Spring's {@link BufferingApplicationStartup}, then prints how long
 * {@code SpringApplication.run} took and the steps that took longest by their own time (a step's duration less
 * its children's), by step name and one by one; then exits. bench/startup-steps.sh runs it inside the image.
 *
 * <pre>java ... -cp &lt;the image's class path&gt;:&lt;this class&gt; StartupSteps &lt;main class&gt; [service arguments...]</pre>
 */
public final class StartupSteps {

    private record Step(long selfNanos, long nanos, String name) {}

    public static void main(String[] args) throws Exception {
        Class<?> main = Class.forName(args[0]);
        SpringApplication application = new SpringApplication(main);
        application.setMainApplicationClass(main); // Spring AOT finds its initializer by the main class
        BufferingApplicationStartup startup = new BufferingApplicationStartup(20_000);
        application.setApplicationStartup(startup);
        long started = System.nanoTime();
        var context = application.run(Arrays.copyOfRange(args, 1, args.length));
        long ran = System.nanoTime() - started;

        List<TimelineEvent> events = startup.getBufferedTimeline().getEvents();
        Map<Long, Long> childNanos = new HashMap<>();
        for (TimelineEvent event : events) {
            Long parent = event.getStartupStep().getParentId();
            if (parent != null) {
                childNanos.merge(parent, event.getDuration().toNanos(), Long::sum);
            }
        }
        List<Step> steps = new ArrayList<>();
        Map<String, Long> selfByName = new TreeMap<>();
        for (TimelineEvent event : events) {
            var step = event.getStartupStep();
            long self = event.getDuration().toNanos() - childNanos.getOrDefault(step.getId(), 0L);
            StringBuilder name = new StringBuilder(step.getName());
            step.getTags().forEach(tag -> name.append(' ').append(tag.getKey()).append('=').append(tag.getValue()));
            steps.add(new Step(self, event.getDuration().toNanos(), name.toString()));
            selfByName.merge(step.getName(), self, Long::sum);
        }
        System.out.printf("run %d ms, %d steps%n", ran / 1_000_000, events.size());
        selfByName.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(entry -> System.out.printf("by name %7.1f ms  %s%n", entry.getValue() / 1e6, entry.getKey()));
        steps.stream()
                .sorted((a, b) -> Long.compare(b.selfNanos(), a.selfNanos()))
                .limit(Integer.getInteger("steps", 30))
                .forEach(step -> System.out.printf(
                        "self %7.1f ms  total %7.1f ms  %s%n", step.selfNanos() / 1e6, step.nanos() / 1e6, step.name()));
        context.close();
        System.exit(0);
    }
}
