package org.nodulescope.app.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.nodulescope.app.viewer.CaseTarget;
import org.nodulescope.io.DataFileException;
import org.nodulescope.io.LunaDataset;
import org.nodulescope.io.MetaImageHeader;
import org.nodulescope.io.MetaImageReader;
import org.nodulescope.preprocess.SampleManifest;
import org.nodulescope.train.ValidationFinding;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.VoxelPoint;

/**
 * Where a validation finding lies in its scan, for the viewer: the samples' manifest names the
 * LUNA16-layout folder they were cut from, the finding its series uid, slice and box (samples
 * keep the scan's pixel grid, so the box is in the scan's pixels).
 */
final class FindingCase {

    private FindingCase() {}

    /**
     * @param samples the preprocess output the run trained on
     * @param finding a row of a validation's findings
     * @return the scan, the finding's slice and its box's centre
     * @throws IOException naming the file or folder when the manifest, the data set or the scan
     *     cannot be read or found
     */
    static CaseTarget of(Path samples, ValidationFinding finding) throws IOException {
        Path manifest = samples.resolve(SampleManifest.FILE_NAME);
        String root = SampleManifest.read(manifest).options().dataRoot();
        if (root == null || root.isBlank()) {
            throw new DataFileException(manifest, "does not name the data set its samples were"
                    + " cut from; open the scan in the viewer yourself");
        }
        Path dataRoot = Path.of(root);
        if (!Files.isDirectory(dataRoot)) {
            throw new DataFileException(dataRoot, "is gone (the samples of " + samples
                    + " were cut from it); open the scan " + finding.seriesUid()
                    + " in the viewer yourself");
        }
        Path scan = LunaDataset.open(dataRoot).scans().stream()
                .filter(s -> LunaDataset.seriesUid(s).equals(finding.seriesUid()))
                .findFirst()
                .orElseThrow(() -> new DataFileException(dataRoot, "holds no scan "
                        + finding.seriesUid() + " any more"));
        MetaImageHeader header = MetaImageReader.readHeader(scan);
        Box2D box = finding.box();
        // pixel edges to voxel centres, which sit at whole indices
        VoxelPoint centre = new VoxelPoint((box.x1() + box.x2()) / 2 - 0.5,
                (box.y1() + box.y2()) / 2 - 0.5, finding.centreSlice());
        return new CaseTarget(scan, Optional.empty(), finding.centreSlice(),
                header.geometry().toWorld(centre), -1, finding.missed());
    }
}
