package org.nodulescope.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomDataset;

/** The excluded findings of annotations_excluded.csv reach the samples they lie on. */
class ExcludedFindingsTest {

    @Test
    void anExcludedFindingIsRecordedOnItsSlicesAndAnOldManifestReadsAsNone(@TempDir Path dir)
            throws IOException {
        Path data = dir.resolve("luna");
        PhantomConfig config = PhantomConfig.builder().optSizePx(96).optSliceCount(40)
                .optNodulesPerScan(1, 1).optNoduleFreeFraction(0).optExcludedPerScan(0, 0)
                .build();
        PhantomDataset.write(data, config, 5, 1, i -> { });
        // an unmeasured excluded finding (-1) at the annotated nodule's centre: the nodule's
        // centre sample must carry it, 10 mm wide as LUNA16 counts it
        List<String> annotations = Files.readAllLines(data.resolve("annotations.csv"));
        String[] nodule = annotations.get(1).split(",");
        Files.writeString(data.resolve("annotations_excluded.csv"), annotations.get(0) + "\n"
                + String.join(",", nodule[0], nodule[1], nodule[2], nodule[3], "-1") + "\n");
        Path out = dir.resolve("samples");
        new DatasetPreprocessor(new DatasetPreprocessor.Settings(5, true, 1, 0, 1, 1, 1))
                .run(data, out, new DatasetListener() { });
        SampleManifest manifest = SampleManifest.read(out.resolve(SampleManifest.FILE_NAME));
        SampleManifest.SampleEntry centre = manifest.samples().stream()
                .filter(e -> !e.targets().isEmpty()).findFirst().orElseThrow();
        assertEquals(1, centre.excluded().size(), centre.id());
        SampleManifest.Target found = centre.excluded().get(0);
        assertEquals(DatasetPreprocessor.UNMEASURED_EXCLUDED_MM, found.diameterMm());
        assertEquals(0, found.maskLabel());
        double[] nodule0 = centre.targets().get(0).box();
        double[] box = found.box();
        assertTrue(box[0] < nodule0[2] && nodule0[0] < box[2] && box[1] < nodule0[3]
                && nodule0[1] < box[3], "the finding's box covers the nodule's");
        assertTrue(box[2] - box[0] > nodule0[2] - nodule0[0] || nodule0[2] - nodule0[0] > 12,
                "10 mm is wider than a small nodule's box");
        assertTrue(manifest.samples().stream().filter(e -> e.targets().isEmpty())
                .allMatch(e -> e.excluded().isEmpty()
                        || Math.abs(e.centreSlice() - centre.centreSlice()) <= 10),
                "only slices near the finding carry it");

        // a manifest written before excluded findings were recorded
        Path file = out.resolve(SampleManifest.FILE_NAME);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode tree = mapper.readTree(file.toFile());
        for (JsonNode sample : tree.get("samples")) {
            ((ObjectNode) sample).remove("excluded");
        }
        String json = mapper.writeValueAsString(tree);
        assertFalse(json.contains("\"excluded\""), "the test removed every list");
        Files.writeString(file, json);
        SampleManifest old = SampleManifest.read(file);
        assertTrue(old.samples().stream().allMatch(e -> e.excluded().isEmpty()));
        assertEquals(manifest.samples().size(), old.samples().size());
    }
}
