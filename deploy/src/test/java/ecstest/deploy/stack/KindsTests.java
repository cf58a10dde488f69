package ecstest.deploy.stack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import ecstest.deploy.access.GitHubTrust;
import ecstest.deploy.fixtures.TestStack;
import ecstest.deploy.settings.Setting;
import ecstest.deploy.template.TemplateRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The resource kinds and what they declare: every kind in the plan, each knowing only the kinds before it; every
 * setting declared once and read, every placeholder of the templates declared (a setting, an output, a step's own
 * value, a part chosen by a setting).
 */
class KindsTests {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ecstest.deploy");

    private static final DescribedPredicate<JavaClass> RESOURCE_KIND = JavaClass.Predicates.assignableTo(Resource.class)
            .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(Resource.class)));

    @Test
    void everyResourceKindIsInThePlanAndOnlyThePlanMakesThem() {
        List<String> kinds = MAIN.stream()
                .filter(RESOURCE_KIND)
                .filter(c -> !c.isNestedClass())
                .map(JavaClass::getSimpleName)
                .sorted()
                .toList();
        assertThat(StackPlan.RESOURCES.stream()
                        .map(r -> r.getClass().getSimpleName())
                        .sorted()
                        .toList())
                .as("every resource kind has its place in StackPlan.RESOURCES")
                .isEqualTo(kinds);
        noClasses()
                .that()
                .doNotHaveSimpleName("StackPlan")
                .should()
                .callConstructorWhere(new DescribedPredicate<JavaConstructorCall>("a resource kind's constructor") {
                    @Override
                    public boolean test(JavaConstructorCall call) {
                        return RESOURCE_KIND.test(call.getTargetOwner());
                    }
                })
                .check(MAIN);
    }

    @Test
    void aResourceKindKnowsOnlyKindsBeforeItInThePlan() {
        List<String> order =
                StackPlan.RESOURCES.stream().map(r -> r.getClass().getName()).toList();
        List<String> backwards = new ArrayList<>();
        for (String kind : order) {
            MAIN.get(kind).getDirectDependenciesFromSelf().stream()
                    .map(dependency -> dependency.getTargetClass().getName())
                    .filter(order::contains)
                    .filter(target -> order.indexOf(target) >= order.indexOf(kind) && !target.equals(kind))
                    .distinct()
                    .forEach(target -> backwards.add(kind + " → " + target));
        }
        assertThat(backwards)
                .as("dependencies on kinds made later (or in a cycle)")
                .isEmpty();
    }

    /**
     * Every plan the settings can make: each strategy, with a NAT gateway per AZ and request scaling, and without; a
     * domain with a certificate up requests and with the user's own.
     */
    private static List<Plan> everyPlan() {
        List<Plan> plans = new ArrayList<>();
        for (String strategy : List.of("ROLLING", "CANARY", "LINEAR", "BLUE_GREEN")) {
            plans.add(TestStack.plan(Map.of(
                    "GATE_DEPLOYMENT_STRATEGY", strategy,
                    "NAT_PER_AZ", "true",
                    "GATE_TARGET_REQUESTS_PER_TASK", "6000")));
        }
        plans.add(TestStack.plan());
        plans.add(TestStack.plan(Map.of("DOMAIN_NAME", "api.example.com")));
        plans.add(TestStack.plan(Map.of("EGRESS", "public")));
        plans.add(TestStack.plan(Map.of("EGRESS", "endpoints")));
        plans.add(TestStack.plan(Map.of(
                "DOMAIN_NAME",
                "api.example.com",
                "CERTIFICATE_ARN",
                "arn:aws:acm:ap-northeast-2:123456789012:certificate/0f0e0d0c-0b0a-0908-0706-050403020100")));
        return plans;
    }

    @Test
    void everyPlaceholderOfTheTemplatesIsDeclared() throws IOException {
        // the stack's name, the run's ID, and the GitHub runs admin-setup --github trusts
        Set<String> declared = new TreeSet<>(List.of("STACK", "RUN_ID", GitHubTrust.SUBJECT));
        StackPlan.SETTINGS.all().forEach(setting -> declared.add(setting.name()));
        StackPlan.RESOURCES.forEach(kind -> kind.outputs().forEach(output -> declared.add(output.name())));
        for (Plan plan : everyPlan()) {
            plan.entries().forEach(entry -> declared.addAll(entry.step().vars().keySet()));
            StackPlan.RESOURCES.forEach(
                    kind -> kind.fragments(plan.settings()).forEach(fragment -> declared.add(fragment.placeholder())));
        }

        assertThat(placeholders(templates()))
                .as("placeholders no setting, output, step or fragment declares (read and never declared)")
                .isSubsetOf(declared);
    }

    @Test
    void everyDeclaredSettingIsRead() throws IOException {
        Set<String> read = placeholders(templates());
        for (Plan plan : everyPlan()) {
            plan.entries()
                    .forEach(entry -> entry.step().vars().values().forEach(value -> read.addAll(placeholders(value))));
        }
        StackPlan.SETTINGS.all().stream()
                .filter(setting -> setting.defaultValue() != null)
                .forEach(setting -> read.addAll(placeholders(setting.defaultValue())));
        readInCode().forEach(read::add);

        assertThat(StackPlan.SETTINGS.all().stream().map(Setting::name))
                .as("settings no template, step or code reads (declared and never read)")
                .allMatch(read::contains, "read");
    }

    /** The settings a method reads by their constant, other than where they are declared and listed. */
    private static List<String> readInCode() {
        List<String> read = new ArrayList<>();
        for (JavaClass type : MAIN) {
            for (JavaField field : type.getFields()) {
                if (!field.getRawType().isEquivalentTo(Setting.class)
                        || !field.getModifiers().contains(JavaModifier.STATIC)) {
                    continue; // a record's component (a subnet's CIDR setting) is read through its declaration
                }
                boolean used = field.getAccessesToSelf().stream()
                        .map(JavaFieldAccess::getOrigin)
                        .anyMatch(origin -> !origin.getName().equals("settings")
                                && !origin.getName().equals("<clinit>")
                                && !origin.getName().equals("<init>"));
                if (used) {
                    read.add(settingName(type, field));
                }
            }
        }
        return read;
    }

    private static String settingName(JavaClass type, JavaField field) {
        try {
            java.lang.reflect.Field reflected = type.reflect().getDeclaredField(field.getName());
            reflected.setAccessible(true);
            return ((Setting) reflected.get(null)).name();
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static List<Path> templates() throws IOException {
        try (Stream<Path> files = Files.walk(TestStack.HOME.resolve("templates"))) {
            return files.filter(file -> file.toString().endsWith(".json")).toList();
        }
    }

    private static Set<String> placeholders(List<Path> files) throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path file : files) {
            names.addAll(placeholders(Files.readString(file)));
        }
        return names;
    }

    private static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = TemplateRenderer.PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
