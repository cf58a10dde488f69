package ecstest.deploy.stack;

import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.settings.StackSettings;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code down}: the plan's resource kinds deleted in reverse order, each skipping what is gone already (so it works
 * on any partial stack, and twice), waiting for what AWS deletes asynchronously; then the leak audit.
 */
public final class StackTeardown {

    private final StackContext stack;
    private final StackSettings settings;

    public StackTeardown(AwsClients aws, StackSettings settings, PrintWriter out, StackContext.Timeouts timeouts) {
        this.stack = new StackContext(aws, settings.stack(), out, timeouts);
        this.settings = settings;
    }

    /** @return what the leak audit found left; empty when the stack is gone */
    public List<String> down() {
        StackState state = StackPlan.discover(stack, settings);
        for (Resource resource : StackPlan.RESOURCES.reversed()) {
            stack.out.println("  " + resource.title());
            resource.delete(stack, state);
        }
        return leftovers();
    }

    /** Every resource of the stack that exists now. */
    public List<String> leftovers() {
        return StackPlan.leftovers(stack, settings);
    }
}
