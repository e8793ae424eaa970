package org.nodulescope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code preprocessing.json}: written, read back, defaulted, checked like the other files. */
class ModelFolderRecipeTest {

    private static NDManager manager;
    private static MaskRcnn tiny;

    @TempDir
    Path dir;

    @BeforeAll
    static void build() {
        manager = NDManager.newBaseManager();
        tiny = MaskRcnn.of(MaskRcnnConfig.tiny());
        tiny.initialize(manager, DataType.FLOAT32);
        tiny.fillDeterministic();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void aSavedRecipeComesBackAndCoversTheLoad() throws IOException {
        InputRecipe recipe = new InputRecipe(5, false, -1200, 600, false);
        Path folder = dir.resolve("m");
        ModelFolder.Metadata meta = tiny.save(folder, "test", recipe);
        assertTrue(Files.exists(folder.resolve(ModelFolder.PREPROCESSING)));
        assertEquals(ModelFolder.sha256(Files.readString(folder.resolve(
                ModelFolder.PREPROCESSING))), meta.preprocessingSha256());
        assertEquals(recipe, ModelFolder.readRecipe(folder));
        MaskRcnn.load(folder, manager);
    }

    @Test
    void theDefaultSaveWritesThePaperRecipe() throws IOException {
        Path folder = dir.resolve("m");
        tiny.save(folder, "test");
        assertEquals(new InputRecipe(5, true, -1000, 400, true), ModelFolder.readRecipe(folder));
    }

    @Test
    void aFolderWithoutRecipeReadsAsThePaperRecipeForItsChannels() throws IOException {
        Path folder = dir.resolve("old");
        ModelFolder.save(folder, tiny, tiny.config().toJson(), "before recipes");
        assertFalse(Files.exists(folder.resolve(ModelFolder.PREPROCESSING)));
        assertTrue(Files.readString(folder.resolve(ModelFolder.METADATA))
                .indexOf("preprocessingSha256") < 0, "old folders' metadata is unchanged");
        assertEquals(InputRecipe.paper(5), ModelFolder.readRecipe(folder));
        MaskRcnn.load(folder, manager);
    }

    @Test
    void anEditedRecipeIsRefusedBeforeTheParametersAreRead() throws IOException {
        Path folder = dir.resolve("m");
        tiny.save(folder, "test");
        Path file = folder.resolve(ModelFolder.PREPROCESSING);
        Files.writeString(file, Files.readString(file).replace("true", "false"));
        ModelFolder.InvalidModelException e = assertThrows(
                ModelFolder.InvalidModelException.class, () -> MaskRcnn.load(folder, manager));
        assertTrue(e.getMessage().contains(ModelFolder.PREPROCESSING)
                && e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void aRecipeAddedOrRemovedAfterSavingIsRefused() throws IOException {
        Path added = dir.resolve("added");
        ModelFolder.save(added, tiny, tiny.config().toJson(), "no recipe");
        Files.writeString(added.resolve(ModelFolder.PREPROCESSING), "{}");
        ModelFolder.InvalidModelException e = assertThrows(
                ModelFolder.InvalidModelException.class, () -> ModelFolder.readRecipe(added));
        assertTrue(e.getMessage().contains("not covered"), e.getMessage());

        Path removed = dir.resolve("removed");
        tiny.save(removed, "test");
        Files.delete(removed.resolve(ModelFolder.PREPROCESSING));
        e = assertThrows(ModelFolder.InvalidModelException.class,
                () -> ModelFolder.readRecipe(removed));
        assertTrue(e.getMessage().contains(ModelFolder.PREPROCESSING + " is missing"),
                e.getMessage());
    }

    @Test
    void aRecipeForAnotherSliceCountIsRefusedNamingBothNumbers() throws IOException {
        IllegalArgumentException save = assertThrows(IllegalArgumentException.class,
                () -> tiny.save(dir.resolve("m"), "test", InputRecipe.paper(3)));
        assertTrue(save.getMessage().contains("3 slices")
                && save.getMessage().contains("5 input channels"), save.getMessage());
        // a folder made inconsistent by other means: the recipe says 3, the model takes 5
        Path folder = dir.resolve("inconsistent");
        ModelFolder.save(folder, tiny, tiny.config().toJson(), "test", InputRecipe.paper(3));
        ModelFolder.InvalidModelException e = assertThrows(
                ModelFolder.InvalidModelException.class, () -> ModelFolder.readRecipe(folder));
        assertTrue(e.getMessage().contains("3 slices")
                && e.getMessage().contains("5 input channels"), e.getMessage());
        assertThrows(ModelFolder.InvalidModelException.class,
                () -> MaskRcnn.load(folder, manager));
    }

    @Test
    void aSaveNeverWritesOverAModel() throws IOException {
        Path folder = dir.resolve("m");
        InputRecipe recipe = new InputRecipe(5, false, -1200, 600, false);
        tiny.save(folder, "test", recipe);
        String metadata = Files.readString(folder.resolve(ModelFolder.METADATA));
        java.nio.file.FileAlreadyExistsException e = assertThrows(
                java.nio.file.FileAlreadyExistsException.class,
                () -> ModelFolder.save(folder, tiny, tiny.config().toJson(), "again, no recipe"));
        assertTrue(e.getMessage().contains(folder.toString())
                && e.getMessage().contains("new or empty folder"), e.getMessage());
        // the first model is untouched and still loads with its recipe
        assertEquals(metadata, Files.readString(folder.resolve(ModelFolder.METADATA)));
        assertEquals(recipe, ModelFolder.readRecipe(folder));
        MaskRcnn.load(folder, manager);
        Path file = dir.resolve("file");
        Files.writeString(file, "not a folder");
        assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> tiny.save(file, "test"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        tiny.save(empty, "test");
        MaskRcnn.load(empty, manager);
    }

    @Test
    void aSaveCutShortLeavesAFolderThatIsRefused() throws IOException {
        Path folder = dir.resolve("cut");
        tiny.save(folder, "test");
        // metadata is written last: without it the folder is not a model
        Files.delete(folder.resolve(ModelFolder.METADATA));
        ModelFolder.InvalidModelException e = assertThrows(
                ModelFolder.InvalidModelException.class, () -> MaskRcnn.load(folder, manager));
        assertTrue(e.getMessage().contains(ModelFolder.METADATA + " is missing"), e.getMessage());
    }

    @Test
    void recipesThatCannotBeRightAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new InputRecipe(4, true, -1000, 400,
                true));
        assertThrows(IllegalArgumentException.class, () -> new InputRecipe(5, true, 400, -1000,
                true));
        assertThrows(IllegalArgumentException.class, () -> new InputRecipe(5, true,
                Double.NaN, 400, true));
    }
}
