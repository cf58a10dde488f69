package ecstest.deploy.stack;

import ecstest.deploy.aws.AwsClients;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code down}: the plan's resource kinds deleted in reverse order, each skipping what is gone already (so it works
 * on any partial stack, and twice), waiting for what AWS deletes asynchronously; then the leak audit.
 */
public final class StackTeardown {

    private final StackContext stack;

    public StackTeardown(AwsClients aws, String stack, PrintWriter out, StackContext.Timeouts timeouts) {
        this.stack = new StackContext(aws, stack, out, timeouts);
    }

    /** @return what the leak audit found left; empty when the stack is gone */
    public List<String> down(Map<String, String> values) {
        Map<String, String> ids = StackPlan.discover(stack, values);
        for (Resource resource : StackPlan.RESOURCES.reversed()) {
            stack.out.println("  " + resource.title());
            resource.delete(stack, ids);
        }
        return leftovers(values);
    }

    /** Every resource of the stack that exists now. */
    public List<String> leftovers(Map<String, String> values) {
        return StackPlan.leftovers(stack, values);
    }
}
