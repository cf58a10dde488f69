package ecstest.deploy.cli;

import ecstest.deploy.DeployException;
import ecstest.deploy.aws.AwsClients;
import ecstest.deploy.servicesettings.ParameterStore;
import ecstest.deploy.servicesettings.ServiceSettings;
import ecstest.deploy.settings.StackSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = {
            "gate-server's settings in Parameter Store (/<stack>/gate-server/<setting>), read by each task at start.",
            "",
            "A changed setting takes effect as tasks start: at the next deployment or scale-out, or now with",
            "  ecs-test restart <service>      (or config set ... --restart)",
            "A setting that is not in Parameter Store keeps the value built into the image."
        },
        subcommands = {
            ConfigCommand.Set.class,
            ConfigCommand.Get.class,
            ConfigCommand.ListSettings.class,
            ConfigCommand.Unset.class
        })
final class ConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Settings a service takes from Parameter Store:");
        for (ServiceSettings.Setting setting : ServiceSettings.ALL) {
            out.printf(
                    "  %-12s %-36s %s (%s)%n",
                    setting.service(), setting.name(), setting.description(), setting.kind().expected);
        }
        out.println("Use: ecs-test config set|get|list|unset (--help on each)");
        return 0;
    }

    /** The SERVICE and SETTING parameters of set, get and unset. */
    static final class Named {

        @Parameters(index = "0", paramLabel = "SERVICE", description = "gate-server (data-server takes no settings)")
        String service;

        @Parameters(index = "1", paramLabel = "SETTING", description = "e.g. data-server.read-timeout")
        String name;
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = "Sets one setting of a service (a String parameter, overwritten if present).")
    static final class Set implements Callable<Integer> {

        @Mixin
        StackOptions options;

        @Mixin
        Named setting;

        @Parameters(index = "2", paramLabel = "VALUE", description = "e.g. 3s")
        String value;

        @Option(
                names = "--restart",
                description = "Then replace the service's tasks (as `ecs-test restart`), so the setting applies now.")
        boolean restart;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ServiceSettings.Setting known = ServiceSettings.setting(setting.service, setting.name);
            ServiceSettings.checkValue(known, value);
            String parameter = ServiceSettings.parameterName(options.stack, setting.service, setting.name);
            PrintWriter out = spec.commandLine().getOut();
            if (options.dryRun) {
                out.printf("would set %s = %s%n", parameter, value);
                if (restart) {
                    out.printf("would then run: ecs-test restart %s%n", setting.service);
                }
                return 0;
            }
            StackSettings settings = options.settings();
            try (AwsClients aws = options.clients(settings)) {
                long version = new ParameterStore(aws).put(parameter, value, known.description());
                if (!restart) {
                    out.printf(
                            "set %s = %s (version %d); %s reads it when its tasks next start:"
                                    + " run `ecs-test restart %s` to apply it now%n",
                            parameter, value, version, setting.service, setting.service);
                    return 0;
                }
                out.printf("set %s = %s (version %d); restarting %s%n", parameter, value, version, setting.service);
                return options.rollout(aws, settings, out, Duration.ofMinutes(15))
                                .restart(setting.service, false)
                        ? 0
                        : 1;
            }
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Prints one setting's value; exits 1 when it is not set (the image's value applies).")
    static final class Get implements Callable<Integer> {

        @Mixin
        StackOptions options;

        @Mixin
        Named setting;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ServiceSettings.setting(setting.service, setting.name);
            String parameter = ServiceSettings.parameterName(options.stack, setting.service, setting.name);
            StackSettings settings = options.settings();
            try (AwsClients aws = options.clients(settings)) {
                String value = new ParameterStore(aws)
                        .get(parameter)
                        .orElseThrow(() -> new DeployException(
                                parameter + " is not set: " + setting.service + " uses the value in its image"));
                spec.commandLine().getOut().println(value);
                return 0;
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists the settings set in Parameter Store (for gate-server, the service that reads them).")
    static final class ListSettings implements Callable<Integer> {

        @Mixin
        StackOptions options;

        @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE")
        String service;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<String> services = ServiceSettings.SERVICES;
            if (service != null) {
                ServiceSettings.checkService(service);
                services = List.of(service);
            }
            PrintWriter out = spec.commandLine().getOut();
            StackSettings settings = options.settings();
            try (AwsClients aws = options.clients(settings)) {
                for (String each : services) {
                    String path = ServiceSettings.path(options.stack, each);
                    Map<String, String> parameters = new ParameterStore(aws).under(path);
                    if (parameters.isEmpty()) {
                        out.printf("%s: nothing set under %s (the image's values apply)%n", each, path);
                    }
                    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                        String name = parameter.getKey();
                        out.printf(
                                "%s %s = %s%s%n",
                                each,
                                name,
                                parameter.getValue(),
                                ServiceSettings.find(each, name).isPresent()
                                        ? ""
                                        : "   (not a setting " + each + " has: it is read but changes nothing)");
                    }
                }
            }
            return 0;
        }
    }

    @Command(
            name = "unset",
            mixinStandardHelpOptions = true,
            description = "Deletes one setting: the service goes back to the value in its image at its next start.")
    static final class Unset implements Callable<Integer> {

        @Mixin
        StackOptions options;

        @Mixin
        Named setting;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ServiceSettings.checkService(setting.service);
            String parameter = ServiceSettings.parameterName(options.stack, setting.service, setting.name);
            PrintWriter out = spec.commandLine().getOut();
            if (options.dryRun) {
                out.printf("would delete %s%n", parameter);
                return 0;
            }
            StackSettings settings = options.settings();
            try (AwsClients aws = options.clients(settings)) {
                out.printf(new ParameterStore(aws).delete(parameter) ? "deleted %s%n" : "%s was not set%n", parameter);
            }
            return 0;
        }
    }
}
