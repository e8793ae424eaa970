package org.nodulescope;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one-way data flow of DESIGN.md: app, cli -> train, detect -> model, preprocess, eval,
 * phantom -> io -> volume; and the packages that must stay free of JavaFX and DJL.
 */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.nodulescope");
    }

    @Test
    void layersOnlyImportDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("app").definedBy("org.nodulescope.app..")
                .layer("cli").definedBy("org.nodulescope.cli..")
                .layer("train").definedBy("org.nodulescope.train..")
                .layer("detect").definedBy("org.nodulescope.detect..")
                .layer("model").definedBy("org.nodulescope.model..")
                .layer("preprocess").definedBy("org.nodulescope.preprocess..")
                .layer("eval").definedBy("org.nodulescope.eval..")
                .layer("phantom").definedBy("org.nodulescope.phantom..")
                .layer("io").definedBy("org.nodulescope.io..")
                .layer("volume").definedBy("org.nodulescope.volume..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("train").mayOnlyBeAccessedByLayers("app", "cli")
                .whereLayer("detect").mayOnlyBeAccessedByLayers("app", "cli")
                .whereLayer("model").mayOnlyBeAccessedByLayers("train", "detect", "app", "cli")
                .whereLayer("preprocess").mayOnlyBeAccessedByLayers("train", "detect", "app", "cli")
                .whereLayer("eval").mayOnlyBeAccessedByLayers("train", "detect", "app", "cli")
                .whereLayer("phantom").mayOnlyBeAccessedByLayers("train", "detect", "app", "cli")
                .whereLayer("io").mayOnlyBeAccessedByLayers("model", "preprocess", "eval",
                        "phantom", "train", "detect", "app", "cli")
                .check(classes);
    }

    @Test
    void commandsDoNotImportBenchmarks() {
        // benchmarks may use the commands' helpers (options, presets, progress), never the
        // reverse: a command keeps working, and stays as it is, whatever a benchmark needs
        noClasses().that().resideInAPackage("org.nodulescope.cli")
                .should().dependOnClassesThat().resideInAPackage("org.nodulescope.cli.bench..")
                .check(classes);
    }

    @Test
    void modelSeesOnlyVolumeAmongOurPackages() {
        noClasses().that().resideInAPackage("org.nodulescope.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nodulescope.io..",
                        "org.nodulescope.preprocess..", "org.nodulescope.eval..",
                        "org.nodulescope.phantom..")
                .check(classes);
    }

    @Test
    void evalSeesOnlyVolumeAndIo() {
        noClasses().that().resideInAPackage("org.nodulescope.eval..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nodulescope.model..",
                        "org.nodulescope.preprocess..", "org.nodulescope.phantom..")
                .check(classes);
    }

    @Test
    void dataPackagesImportNeitherJavaFxNorDjl() {
        noClasses().that().resideInAnyPackage("org.nodulescope.volume..", "org.nodulescope.io..",
                        "org.nodulescope.preprocess..", "org.nodulescope.phantom..",
                        "org.nodulescope.eval..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "ai.djl..")
                .check(classes);
    }

    @Test
    void detectDoesNotImportJavaFx() {
        // the viewer calls DetectionService from its own tasks; detection knows nothing of them
        noClasses().that().resideInAPackage("org.nodulescope.detect..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .check(classes);
    }

    @Test
    void modelDoesNotImportJavaFx() {
        noClasses().that().resideInAPackage("org.nodulescope.model..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .check(classes);
    }

    @Test
    void insideTheModelArrowsPointFromTheRootToTheStagesToTheLeaves() {
        // root (MaskRcnn, MaskRcnnConfig, ModelFolder) assembles the stages; the stages see
        // each other's public types and the two leaves; the leaves see no other model package
        noClasses().that().resideInAnyPackage("org.nodulescope.model.backbone..",
                        "org.nodulescope.model.box..", "org.nodulescope.model.loss..",
                        "org.nodulescope.model.roi..", "org.nodulescope.model.rpn..",
                        "org.nodulescope.model.nd..", "org.nodulescope.model.config..")
                .should().dependOnClassesThat().resideInAPackage("org.nodulescope.model")
                .check(classes);
        noClasses().that().resideInAnyPackage("org.nodulescope.model.nd..",
                        "org.nodulescope.model.config..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.nodulescope.model.backbone..", "org.nodulescope.model.box..",
                        "org.nodulescope.model.loss..", "org.nodulescope.model.roi..",
                        "org.nodulescope.model.rpn..")
                .check(classes);
        noClasses().that().resideInAPackage("org.nodulescope.model.nd..")
                .should().dependOnClassesThat().resideInAPackage("org.nodulescope.model.config..")
                .check(classes);
        noClasses().that().resideInAPackage("org.nodulescope.model.config..")
                .should().dependOnClassesThat().resideInAPackage("org.nodulescope.model.nd..")
                .check(classes);
    }
}
