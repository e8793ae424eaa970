package org.nodulescope.phantom;

import java.math.BigInteger;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelData;

/**
 * Seeded, deterministic synthetic chest CT with planted lung nodules, for the demo, tests,
 * benchmarks and training a detector where LUNA16 is not available.
 *
 * <p>{@link #generate} is a pure function of (config, seed, scan index): the same inputs give
 * bit-identical voxels, labels and ground truth on any machine and with any thread count. A
 * dataset is scan indices 0..N-1 of one seed.
 *
 * <h2>What it models</h2>
 * <ul>
 *   <li>Acquisition like LUNA16: 512 px at 0.5-0.9 mm, slices 0.625-2.5 mm over 280-340 mm, origin
 *       near -FOV/2 ({@link ScanProtocol}); smaller matrices keep the field of view.</li>
 *   <li>Air around the body and a curved patient table behind it.</li>
 *   <li>Body wall: skin, subcutaneous fat, muscle; twelve pairs of oblique ribs (bright cortex,
 *       darker marrow) that an axial slice cuts as several ovals, costal cartilage, sternum;
 *       vertebrae with discs every ~25 mm, bony arch, spinous and transverse processes, canal.</li>
 *   <li>Mediastinum: fat, the heart in pericardial fat resting on the diaphragm, aorta (ascending,
 *       arch, descending), pulmonary trunk and arteries, pulmonary veins, superior vena cava,
 *       arch branches, oesophagus (sometimes with air), trachea and main bronchi.</li>
 *   <li>Diaphragm as two domes (right higher) with liver and spleen below and sometimes gastric
 *       gas; lungs whose outline changes along z: small rounded apex, widest base, deep posterior
 *       costophrenic recesses, a cardiac notch cut by the heart, medial surfaces shaped by the
 *       mediastinum and spine.</li>
 *   <li>Parenchyma around -850 HU with a smooth two-octave texture and a dependent (posterior)
 *       density gradient.</li>
 *   <li>Per lung an arterial and a venous tree grown from the hilum by territory splitting, with
 *       Murray's-law radii from ~6 mm down to ~0.4 mm, and bronchi (air lumen, soft-tissue wall)
 *       beside the arteries for six generations. A vessel crossing the slices is a bright round
 *       blob on a single slice, which is what makes nodule detection hard.</li>
 *   <li>Nodules 3-30 mm, mostly small (log-normal, median by {@link Difficulty}): solid,
 *       part-solid (ground-glass halo, solid core) and faint textured ground-glass; free-standing,
 *       juxtapleural or juxtavascular; mildly lobulated with exactly the annotated centre and
 *       volume-equivalent diameter. Excluded findings: sub-3 mm nodules, calcified granulomas and
 *       unmeasured scar-like marks. Candidates as in LUNA16's candidates.csv.</li>
 *   <li>Partial volume by analytic edge coverage over each voxel's extent (thick slices blur in z),
 *       a Gaussian in-plane point-spread function, additive noise correlated by that blur with a
 *       drawn target standard deviation, rounding to int16.</li>
 *   <li>LUNA16 lung labels: 3 right lung, 4 left lung, 5 trachea and main bronchi lumen. Vessels,
 *       intrapulmonary bronchi and nodules inside the lung are lung; the part of a juxtapleural
 *       nodule beyond the pleura is not, as in LUNA16's own masks.</li>
 * </ul>
 *
 * <h2>What it does not model</h2>
 * <ul>
 *   <li>Lobes and fissures, segmental anatomy, the azygos system, lymph nodes, thymus, breasts,
 *       arms, shoulder girdle and clavicles, kidneys and bowel.</li>
 *   <li>Real lesion morphology: spiculation, cavitation, calcification patterns inside nodules,
 *       pleural tags, growth; nodules are smooth lobulated blobs. Lung disease (emphysema,
 *       fibrosis, consolidation, effusion, atelectasis) and post-surgical changes.</li>
 *   <li>Intravenous contrast (blood and muscle are the same density), cardiac and respiratory
 *       motion, breathing level variation beyond the drawn size.</li>
 *   <li>Scanner physics: beam hardening and streaks, metal artefacts, photon starvation, ring
 *       artefacts, the reconstruction circle (no -2048/-3024 padding outside it), truncation,
 *       scanner- and kernel-specific noise texture (the noise here is blurred white noise, the
 *       same everywhere, not Poisson-like and not stronger behind bone), slice sensitivity
 *       profiles other than a box, gantry tilt.</li>
 *   <li>Patient variety beyond the drawn sizes: scoliosis, children, obesity extremes.</li>
 * </ul>
 */
public final class ChestPhantom {

    private static final double GOLDEN_FRACTION = 0.6180339887498949;

    private ChestPhantom() {}

    /** Scan {@code scanIndex} of the synthetic dataset {@code seed}. */
    public static PhantomScan generate(PhantomConfig config, long seed, int scanIndex) {
        if (scanIndex < 0) {
            throw new IllegalArgumentException("scanIndex must be >= 0, got " + scanIndex);
        }
        ScanProtocol protocol = ScanProtocol.sample(config, seed, scanIndex);
        String uid = seriesUid(seed, scanIndex);
        ChestScene scene = ChestScene.build(config, protocol, seed, scanIndex);
        int voxels = Math.toIntExact(protocol.size().voxelCount());
        short[] ct = new short[voxels];
        byte[] labels = new byte[voxels];
        SliceRenderer.render(scene.items(), protocol,
                Seeds.of(seed, scanIndex, Seeds.Stream.NOISE), config.threads(), ct, labels);
        var candidates = CandidateSampler.sample(uid, scene.nodules(), scene.findings(),
                scene.vessels(), scene.lung(), config.nonNoduleCandidates(), scene.anatomy().scale,
                Seeds.random(seed, scanIndex, Seeds.Stream.CANDIDATES));
        Volume ctVolume = Volume.ofShorts(protocol.size(), protocol.geometry(), ct);
        Volume labelVolume = new Volume(protocol.size(), protocol.geometry(),
                new VoxelData.Int8(labels, true));
        return new PhantomScan(uid, ctVolume, labelVolume, scene.nodules(), scene.findings(),
                candidates, protocol);
    }

    /**
     * Whether scan {@code scanIndex} has no nodules. Decided by a golden-ratio sequence offset by
     * the seed, so any run of consecutive scans has the configured share of nodule-free scans to
     * within about one scan (a coin flip per scan could give none in ten).
     */
    public static boolean isNoduleFree(PhantomConfig config, long seed, int scanIndex) {
        double start = Seeds.unit(Seeds.of(seed, 0, Seeds.Stream.NODULE_FREE));
        double u = start + GOLDEN_FRACTION * scanIndex;
        return u - Math.floor(u) < config.noduleFreeFraction();
    }

    /**
     * The series instance UID of a scan: {@code 2.25.} followed by the decimal form of a random
     * (version 4) UUID derived from seed and index, a form DICOM accepts without a registered
     * root (at most 44 characters).
     */
    public static String seriesUid(long seed, int scanIndex) {
        long hi = Seeds.of(seed, scanIndex, Seeds.Stream.UID_HIGH);
        long lo = Seeds.of(seed, scanIndex, Seeds.Stream.UID_LOW);
        hi = (hi & ~0xF000L) | 0x4000L;
        lo = (lo & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        byte[] bytes = new byte[17];
        for (int i = 0; i < 8; i++) {
            bytes[1 + i] = (byte) (hi >>> (56 - 8 * i));
            bytes[9 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return "2.25." + new BigInteger(bytes);
    }
}
