package ecstest.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import ecstest.deploy.stack.Resource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The arrows of the CLI's code: the layers of its packages one way down (see ecstest.deploy's package-info), the rooms
 * under the verbs apart from each other; resource kinds know no verb and nothing that walks the plan (their order:
 * stack's KindsTests); verbs thin, and reached by nothing but the CLI.
 */
class ArchitectureTests {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ecstest.deploy");

    private static final DescribedPredicate<JavaClass> RESOURCE_KIND = JavaClass.Predicates.assignableTo(Resource.class)
            .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(Resource.class)));

    /** A verb: a picocli command class, or a class nested in one. */
    private static final DescribedPredicate<JavaClass> VERB = new DescribedPredicate<>("a verb") {
        @Override
        public boolean test(JavaClass type) {
            String outer = type.getName().replaceAll("\\$.*", "");
            return outer.endsWith("Command");
        }
    };

    /** The rooms beside each other under the verbs: each a concern of its own, none reaching into another. */
    private static final List<String> ROOMS =
            List.of("access", "logs", "rehearsal", "scaling", "servicesettings", "smoke", "status");

    @Test
    void eachLayerDependsOnlyOnTheLayersBelowIt() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("cli")
                .definedBy("ecstest.deploy.cli..")
                .layer("rooms")
                .definedBy(ROOMS.stream()
                        .map(room -> "ecstest.deploy." + room + "..")
                        .toArray(String[]::new))
                .layer("rollout")
                .definedBy("ecstest.deploy.rollout..")
                .layer("stack")
                .definedBy("ecstest.deploy.stack..")
                .layer("pricing")
                .definedBy("ecstest.deploy.pricing..")
                .layer("aws")
                .definedBy("ecstest.deploy.aws..")
                .layer("settings")
                .definedBy("ecstest.deploy.settings..")
                .layer("template")
                .definedBy("ecstest.deploy.template..")
                .layer("failure")
                .definedBy("ecstest.deploy")
                .whereLayer("cli")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("rooms")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("rollout")
                .mayOnlyBeAccessedByLayers("cli", "rooms")
                .whereLayer("stack")
                .mayOnlyBeAccessedByLayers("cli", "rooms", "rollout")
                .whereLayer("pricing")
                .mayOnlyBeAccessedByLayers("cli", "rooms", "rollout", "stack")
                .whereLayer("aws")
                .mayOnlyBeAccessedByLayers("cli", "rooms", "rollout", "stack")
                .whereLayer("settings")
                .mayOnlyBeAccessedByLayers("cli", "rooms", "rollout", "stack", "pricing", "aws")
                .whereLayer("template")
                .mayOnlyBeAccessedByLayers("cli", "rooms", "rollout", "stack", "pricing", "aws", "settings")
                .check(MAIN);
        slices().matching("ecstest.deploy.(*)..").should().beFreeOfCycles().check(MAIN);
        for (String room : ROOMS) {
            noClasses()
                    .that()
                    .resideInAPackage("ecstest.deploy." + room + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(ROOMS.stream()
                            .filter(other -> !other.equals(room))
                            .map(other -> "ecstest.deploy." + other + "..")
                            .toArray(String[]::new))
                    .check(MAIN);
        }
    }

    @Test
    void everyPackageSaysWhatItIsFor() {
        assertThat(MAIN.getPackage("ecstest.deploy").getSubpackagesInTree().stream()
                        .filter(p -> !p.getClasses().isEmpty())
                        .filter(p -> p.getPackageInfo() == null)
                        .map(p -> p.getName())
                        .toList())
                .as("packages without a package-info.java")
                .isEmpty();
    }

    @Test
    void resourceKindsDependOnNoVerbAndOnNothingThatWalksThePlan() {
        noClasses()
                .that(RESOURCE_KIND)
                .should()
                .dependOnClassesThat(VERB.or(JavaClass.Predicates.simpleName("StackPlan"))
                        .or(JavaClass.Predicates.simpleName("Plan"))
                        .or(JavaClass.Predicates.simpleName("StackProvisioner"))
                        .or(JavaClass.Predicates.simpleName("StackTeardown")))
                .check(MAIN);
    }

    /**
     * An AWS SDK client, told by its package and name: the import does not read the types the CLI's classes touch
     * from the classpath (archunit.properties, for time), so an SDK client is a stub without its supertypes and
     * {@code assignableTo(SdkClient.class)} would match none.
     */
    private static final DescribedPredicate<JavaClass> AWS_CLIENT = JavaClass.Predicates.resideInAPackage(
                    "software.amazon.awssdk.services..")
            .and(JavaClass.Predicates.simpleNameEndingWith("Client"))
            .as("an AWS SDK client");

    /** A verb reads its options, calls one thing below and prints: the AWS calls are made in the layers below. */
    @Test
    void verbsCallNoAwsClient() {
        noClasses().that(VERB).should().dependOnClassesThat(AWS_CLIENT).check(MAIN);
    }

    @Test
    void verbsReachResourcesOnlyThroughThePlanAndNothingButTheCliReachesVerbs() {
        noClasses().that(VERB).should().dependOnClassesThat(RESOURCE_KIND).check(MAIN);
        classes()
                .that(VERB)
                .should()
                .onlyHaveDependentClassesThat(VERB.or(JavaClass.Predicates.simpleName("EcsTestCli")))
                .check(MAIN);
    }
}
