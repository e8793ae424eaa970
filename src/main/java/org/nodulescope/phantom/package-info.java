/**
 * Synthetic chest CT in LUNA16's terms, for machines without LUNA16: the demo, tests, benchmarks
 * and detector training. {@link org.nodulescope.phantom.ChestPhantom} is the entry point; it
 * returns volumes and ground truth in memory and writes nothing to disk.
 *
 * <p>How a scan is made, one class per step:
 * <ol>
 *   <li>{@code ScanProtocol}: grid, spacing, origin, noise and sharpness, drawn per scan.</li>
 *   <li>{@code ChestAnatomy}: the patient's dimensions and landmarks; {@code BodyWall},
 *       {@code MediastinalOrgans} and {@code Skeleton} turn them into solids.</li>
 *   <li>{@code LungQuery}: point questions against the lung labels those solids will stamp, so
 *       that {@code PulmonaryTrees} (with {@code VesselTreeGrower}), {@code LesionPlanter} and
 *       {@code CandidateSampler} place things in the final lung.</li>
 *   <li>{@code ChestScene}: all solids in painting order; {@code SliceRenderer} rasterises each
 *       slice ({@code SliceRaster}, {@code SliceBuckets}) and {@code CtNoise} blurs, adds noise
 *       and rounds it.</li>
 * </ol>
 *
 * <p>Only {@code volume}, {@code io} and the JDK are used.
 */
package org.nodulescope.phantom;
