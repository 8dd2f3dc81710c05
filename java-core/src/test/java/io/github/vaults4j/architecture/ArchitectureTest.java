package io.github.vaults4j.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.github.vaults4j.Vault;
import io.github.vaults4j.Vaults;

/**
 * The layering of the core, as the README's Architecture section states it. Bottom up: the model (the API
 * package's value types, options and exceptions), then codec and storage side by side, the row layer, the
 * API's entry points ({@code Vault}, {@code Vaults}), and the tools. Only storage uses JDBC.
 */
@AnalyzeClasses(packages = "io.github.vaults4j", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String CODEC = "io.github.vaults4j.codec..";
    private static final String STORAGE = "io.github.vaults4j.storage..";
    private static final String ROWS = "io.github.vaults4j.rows..";
    private static final String TOOLS = "io.github.vaults4j.tools..";

    /** {@code Vault} and {@code Vaults}, with their nested classes: the API's entry points. */
    private static final com.tngtech.archunit.base.DescribedPredicate<JavaClass> ENTRY_POINTS =
            belongToAnyOf(Vault.class, Vaults.class);

    @ArchTest
    static final ArchRule onlyStorageUsesJdbc = noClasses()
            .that().resideOutsideOfPackage(STORAGE)
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.sqlite..")
            .because("storage is the seam a second backend replaces");

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Model").definedBy(resideInAPackage("io.github.vaults4j").and(not(ENTRY_POINTS)))
            .layer("Codec").definedBy(CODEC)
            .layer("Storage").definedBy(STORAGE)
            .layer("Rows").definedBy(ROWS)
            .layer("Api").definedBy(ENTRY_POINTS)
            .layer("Tools").definedBy(TOOLS)
            .whereLayer("Tools").mayNotBeAccessedByAnyLayer()
            .whereLayer("Api").mayOnlyBeAccessedByLayers("Tools")
            .whereLayer("Rows").mayOnlyBeAccessedByLayers("Api", "Tools")
            .whereLayer("Storage").mayOnlyBeAccessedByLayers("Rows", "Api", "Tools")
            .whereLayer("Codec").mayOnlyBeAccessedByLayers("Model", "Rows", "Api", "Tools");

    @ArchTest
    static final ArchRule storageKnowsNoEncoding = noClasses().that().resideInAPackage(STORAGE)
            .should().dependOnClassesThat().resideInAPackage(CODEC)
            .because("storage takes cells as bytes and encodings as tags; the codec knows what they mean");

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("io.github.vaults4j.(*)..")
            .should().beFreeOfCycles();
}
