package io.streamgate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rooms and the doors between them: no package depends on one that depends back on it (each package
 * its own slice, as Spring Boot's own build checks), and the features depend one way,
 * {@code system → live → queries → pipeline → kafka ← messages} (docs/architecture.md).
 */
class ArchitectureTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.streamgate");

    @Test
    void noPackageIsPartOfACycle() {
        slices().matching("io.streamgate.(**)").should().beFreeOfCycles().check(SERVICE);
    }

    @Test
    void theFeaturesDependOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("system").definedBy("io.streamgate.system..")
                .layer("live").definedBy("io.streamgate.live..")
                .layer("archive").definedBy("io.streamgate.archive..")
                .layer("queries").definedBy("io.streamgate.queries..")
                .layer("pipeline").definedBy("io.streamgate.pipeline..")
                .layer("messages").definedBy("io.streamgate.messages..")
                .layer("kafka").definedBy("io.streamgate.kafka..")
                .whereLayer("system").mayNotBeAccessedByAnyLayer()
                .whereLayer("live").mayOnlyBeAccessedByLayers("system")
                .whereLayer("archive").mayOnlyBeAccessedByLayers("system")
                .whereLayer("queries").mayOnlyBeAccessedByLayers("system", "live")
                .whereLayer("pipeline").mayOnlyBeAccessedByLayers("system", "live", "queries", "archive")
                .whereLayer("messages").mayOnlyBeAccessedByLayers("system")
                .whereLayer("kafka").mayOnlyBeAccessedByLayers("system", "live", "queries", "pipeline", "messages")
                .check(SERVICE);
    }
}
