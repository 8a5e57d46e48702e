package africa.bengobox.auth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.springframework.stereotype.Repository;

/** Package-by-feature rules: features form no cycles, and a feature's repositories are its own business. */
@AnalyzeClasses(packages = "africa.bengobox.auth", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "africa.bengobox.auth.";

    @ArchTest
    static final ArchRule featuresFormNoCycles = slices().matching("africa.bengobox.auth.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule repositoriesStayInsideTheirFeature = classes().that().areAnnotatedWith(Repository.class)
            .should(onlyBeUsedInsideTheirFeature());

    private static ArchCondition<JavaClass> onlyBeUsedInsideTheirFeature() {
        return new ArchCondition<>("only be used inside their feature") {
            @Override
            public void check(JavaClass repository, ConditionEvents events) {
                String feature = feature(repository);
                repository.getDirectDependenciesToSelf().forEach(dep -> {
                    String user = feature(dep.getOriginClass());
                    events.add(new SimpleConditionEvent(dep, feature.equals(user), dep.getDescription()));
                });
            }
        };
    }

    private static String feature(JavaClass c) {
        String rest = c.getPackageName().substring(ROOT.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
