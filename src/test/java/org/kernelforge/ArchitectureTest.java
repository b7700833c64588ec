package org.kernelforge;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the code base: feature packages depend on each other one way, from the pages on top down to the
 * platform, and use each other only through published services and records, never through entities.
 * (Plain JUnit tests rather than ArchUnit's own test engine, which Surefire's -Dtest filter does not reach.)
 */
class ArchitectureTest {

    private static final String ROOT = "org.kernelforge.";
    private static final String ALL = "org.kernelforge..";

    /**
     * The top-level packages from the top down. A package may use those in lower tiers only; packages of one
     * tier do not use each other.
     */
    private static final List<List<String>> TIERS = List.of(
            List.of("home"),
            List.of("kaggle"),
            List.of("sessions", "competitions"),
            List.of("kernels"),
            List.of("environments"),
            List.of("datasets"),
            List.of("backup"),
            List.of("uploads"),
            List.of("identity"),
            List.of("web"),
            List.of("runs", "storage"),
            List.of("platform"));

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.kernelforge");
    }

    @Test
    void noCyclesBetweenFeatures() {
        slices().matching(ROOT + "(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noFeatureUsesAnotherFeaturesEntities() {
        classes().that().resideInAPackage(ALL).should(useNoEntityOfAnotherFeature()).check(classes);
    }

    @Test
    void dependenciesPointDown() {
        layers().check(classes);
    }

    @Test
    void everyPackageHasItsTier() {
        classes().that().resideInAPackage(ALL)
                .should().resideInAnyPackage(TIERS.stream().flatMap(List::stream).map(p -> ROOT + p + "..")
                        .toArray(String[]::new))
                .because("a new feature package takes its place in ArchitectureTest.TIERS (and in the README)")
                .check(classes);
    }

    private static ArchRule layers() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> tier : TIERS) {
            for (String name : tier) {
                layers = layers.layer(name).definedBy(ROOT + name + "..");
            }
        }
        for (int i = 1; i < TIERS.size(); i++) {
            String[] above = TIERS.subList(0, i).stream().flatMap(List::stream).toArray(String[]::new);
            for (String name : TIERS.get(i)) {
                layers = layers.whereLayer(name).mayOnlyBeAccessedByLayers(above);
            }
        }
        return layers.whereLayer(TIERS.get(0).get(0)).mayNotBeAccessedByAnyLayer();
    }

    private static ArchCondition<JavaClass> useNoEntityOfAnotherFeature() {
        return new ArchCondition<>("use no @Entity class of another feature") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass();
                    if (target.isAnnotatedWith(Entity.class) && !feature(target).equals(feature(origin))) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    /** The top-level package under org.kernelforge a class belongs to. */
    private static String feature(JavaClass type) {
        String rest = type.getPackageName().startsWith(ROOT) ? type.getPackageName().substring(ROOT.length()) : "";
        return Arrays.stream(rest.split("\\.")).findFirst().orElse("");
    }
}
