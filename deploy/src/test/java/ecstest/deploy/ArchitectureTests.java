package ecstest.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import ecstest.deploy.stack.Resource;
import ecstest.deploy.stack.StackPlan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkClient;

/**
 * The arrows of the CLI's code: the layers of its packages one way down (see ecstest.deploy's package-info); within
 * the stack, the plan, provisioner and teardown → resource kinds, each kind knowing only kinds before it in the
 * plan; verbs thin, and reached by nothing but the CLI.
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

    @Test
    void eachLayerDependsOnlyOnTheLayersBelowIt() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("cli")
                .definedBy("ecstest.deploy.cli..")
                .layer("ops")
                .definedBy("ecstest.deploy.ops..")
                .layer("rollout")
                .definedBy("ecstest.deploy.rollout..")
                .layer("stack")
                .definedBy("ecstest.deploy.stack..")
                .layer("aws")
                .definedBy("ecstest.deploy.aws..")
                .layer("config")
                .definedBy("ecstest.deploy.config..")
                .layer("template")
                .definedBy("ecstest.deploy.template..")
                .layer("failure")
                .definedBy("ecstest.deploy")
                .whereLayer("cli")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("ops")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("rollout")
                .mayOnlyBeAccessedByLayers("cli", "ops")
                .whereLayer("stack")
                .mayOnlyBeAccessedByLayers("cli", "ops", "rollout")
                .whereLayer("aws")
                .mayOnlyBeAccessedByLayers("cli", "ops", "rollout", "stack")
                .whereLayer("config")
                .mayOnlyBeAccessedByLayers("cli", "ops", "rollout", "stack", "aws")
                .whereLayer("template")
                .mayOnlyBeAccessedByLayers("cli", "ops", "rollout", "stack", "aws", "config")
                .check(MAIN);
        slices().matching("ecstest.deploy.(*)..").should().beFreeOfCycles().check(MAIN);
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

    @Test
    void resourceKindsDependOnNoVerbAndOnNothingThatWalksThePlan() {
        noClasses()
                .that(RESOURCE_KIND)
                .should()
                .dependOnClassesThat(VERB.or(JavaClass.Predicates.simpleNameStartingWith("Stack")
                        .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("StackContext")))))
                .check(MAIN);
    }

    /** A verb reads its options, calls one thing below and prints: the AWS calls are made in the layers below. */
    @Test
    void verbsCallNoAwsClient() {
        noClasses()
                .that(VERB)
                .should()
                .dependOnClassesThat()
                .areAssignableTo(SdkClient.class)
                .check(MAIN);
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
