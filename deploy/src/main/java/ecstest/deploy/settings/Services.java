package ecstest.deploy.settings;

import ecstest.deploy.DeployException;
import java.util.List;

/** The stack's two services as the verbs that name them (restart, scale) take them, checked before any call. */
public final class Services {

    /** The stack's services in the order it starts them: data-server first, gate-server calls it. */
    public static final String GATE = "gate-server";

    public static final String DATA = "data-server";
    public static final List<String> NAMES = List.of(DATA, GATE);

    /** A bound on a typo (30 for 3), far above what this stack needs; ECS's own limit is higher. */
    public static final int MAX_TASKS = 100;

    /** The port gate-server listens on, which its target group, its security group and its container name. */
    public static final Setting GATE_PORT = new Setting(
            "GATE_PORT",
            Type.whole(1, 65_535, "a TCP port"),
            "8080",
            "the port gate-server listens on (its container, its target group, its security group)",
            Setting.Change.REBUILD);

    /** The port data-server listens on, which gate-server calls and data-server's security group opens. */
    public static final Setting DATA_PORT = new Setting(
            "DATA_PORT",
            Type.whole(1, 65_535, "a TCP port"),
            "4000",
            "the port data-server listens on (its container; gate-server's upstream URL; data-server's security"
                    + " group opens it to gate-server, and keeps an old port open until `down`)",
            Setting.Change.IN_PLACE);

    public static final List<Setting> SETTINGS = List.of(GATE_PORT, DATA_PORT);

    private Services() {}

    /**
     * The services named, or both with {@code --all}, in the order the stack starts them (data-server first).
     *
     * @throws DeployException for an unknown name, for names and --all together, or for neither
     */
    public static List<String> chosen(List<String> names, boolean all, String verb) {
        if (all && !names.isEmpty()) {
            throw new DeployException(verb + ": name services or pass --all, not both");
        }
        if (!all && names.isEmpty()) {
            throw new DeployException(verb + ": name a service (" + String.join(", ", NAMES) + ") or pass --all");
        }
        names.forEach(Services::check);
        return NAMES.stream().filter(service -> all || names.contains(service)).toList();
    }

    public static void check(String name) {
        if (!NAMES.contains(name)) {
            String guess = name.startsWith("g") ? "gate-server" : name.startsWith("d") ? "data-server" : null;
            throw new DeployException("the stack has no service " + name + ": "
                    + (guess != null ? "did you mean " + guess + "?" : "its services are gate-server and data-server"));
        }
    }

    /**
     * The ECR repository of the service's images in a stack: {@code <stack>/<service>}. Repository names are unique
     * in an account, so each stack has its own, which only its deploying role may push to.
     */
    public static String repository(String stack, String service) {
        return stack + "/" + service;
    }

    /** GATE or DATA: the prefix of the service's settings in the stack's properties. */
    public static String prefix(String service) {
        check(service);
        return service.substring(0, service.indexOf('-')).toUpperCase(java.util.Locale.ROOT);
    }
}
