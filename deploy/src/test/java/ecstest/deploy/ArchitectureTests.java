package ecstest.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The arrows of the CLI's code: verbs → the stack's plan, provisioner and teardown → resource kinds, each kind
 * knowing only kinds that come before it in the plan; never back.
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
