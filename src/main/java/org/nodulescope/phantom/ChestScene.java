package org.nodulescope.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Everything that will be drawn in one scan, in painting order, with the ground truth planted.
 *
 * <p>Painting order: body wall and lungs (stamping lung labels), pulmonary vessels and bronchi
 * (keeping labels), mediastinal organs and central airways, skeleton (both cutting the lungs),
 * then lesions last so they are drawn whole. The lung labels therefore come out exactly as
 * {@link LungQuery} predicted while vessels and lesions were being placed.
 */
record ChestScene(ChestAnatomy anatomy, List<SceneItem> items, LungQuery lung,
        List<VesselBranch> vessels, List<PlantedNodule> nodules, List<PlantedFinding> findings) {

    static ChestScene build(PhantomConfig config, ScanProtocol protocol, long seed, int scanIndex) {
        SplittableRandom rng = Seeds.random(seed, scanIndex, Seeds.Stream.ANATOMY);
        ChestAnatomy an = ChestAnatomy.sample(protocol, rng);
        List<SceneItem> base = BodyWall.items(an, rng);
        MediastinalOrgans.Result organs = MediastinalOrgans.build(an, rng);
        List<SceneItem> skeleton = Skeleton.items(an, rng);
        List<SceneItem> stamping = new ArrayList<>(base);
        stamping.addAll(organs.items());
        stamping.addAll(skeleton);
        LungQuery lung = new LungQuery(stamping);

        PulmonaryTrees.Result trees = PulmonaryTrees.build(an, lung,
                Seeds.random(seed, scanIndex, Seeds.Stream.VESSELS), config.difficulty(),
                organs.mainBronchusLumen());

        LesionPlanter planter = new LesionPlanter(lung, protocol, trees.vessels(), an.scale);
        SplittableRandom noduleRng = Seeds.random(seed, scanIndex, Seeds.Stream.NODULES);
        int count = Draw.uniformInt(noduleRng, config.minNodules(), config.maxNodules());
        if (ChestPhantom.isNoduleFree(config, seed, scanIndex)) {
            count = 0;
        }
        List<PlantedNodule> nodules = planter.plantNodules(count, config.difficulty(), noduleRng);
        SplittableRandom findingRng = Seeds.random(seed, scanIndex, Seeds.Stream.FINDINGS);
        List<PlantedFinding> findings = planter.plantFindings(
                Draw.uniformInt(findingRng, config.minExcluded(), config.maxExcluded()), findingRng);

        List<SceneItem> items = new ArrayList<>(base);
        items.addAll(trees.items());
        items.addAll(organs.items());
        items.addAll(skeleton);
        items.addAll(planter.items());
        return new ChestScene(an, List.copyOf(items), lung, trees.vessels(), nodules, findings);
    }
}
