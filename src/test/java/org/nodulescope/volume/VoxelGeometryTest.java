package org.nodulescope.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VoxelGeometryTest {

    static Stream<Arguments> geometries() {
        double c = Math.cos(Math.toRadians(30));
        double s = Math.sin(Math.toRadians(30));
        // Rotation of 30 degrees about x then 20 about z: a realistic oblique acquisition.
        double c2 = Math.cos(Math.toRadians(20));
        double s2 = Math.sin(Math.toRadians(20));
        double[] ax = {c2, s2, 0};
        double[] ay = {-s2 * c, c2 * c, s};
        double[] az = {s2 * s, -c2 * s, c};
        return Stream.of(
                Arguments.of("identity", Direction.identity()),
                Arguments.of("flipped x and y", Direction.ofAxes(
                        new double[] {-1, 0, 0}, new double[] {0, -1, 0}, new double[] {0, 0, 1})),
                Arguments.of("flipped z", Direction.ofAxes(
                        new double[] {1, 0, 0}, new double[] {0, 1, 0}, new double[] {0, 0, -1})),
                Arguments.of("oblique", Direction.ofAxes(ax, ay, az)),
                Arguments.of("gantry tilt shear", Direction.ofAxes(
                        new double[] {1, 0, 0}, new double[] {0, 1, 0},
                        new double[] {0, Math.sin(0.2), Math.cos(0.2)})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void worldToVoxelToWorldIsIdentity(String name, Direction direction) {
        VoxelGeometry g = new VoxelGeometry(new WorldPoint(-172.5, -199.3, -310.0),
                new Spacing(0.703125, 0.703125, 2.5), direction);
        double[][] worlds = {{0, 0, 0}, {-172.5, -199.3, -310}, {12.25, -80.5, -120.75},
            {250, 250, 30}};
        for (double[] w : worlds) {
            WorldPoint p = new WorldPoint(w[0], w[1], w[2]);
            WorldPoint back = g.toWorld(g.toVoxel(p));
            assertEquals(0, p.distanceTo(back), 1e-9, name + " " + p);
        }
        VoxelPoint v = new VoxelPoint(311.4, 17.0, 99.5);
        VoxelPoint vBack = g.toVoxel(g.toWorld(v));
        assertEquals(v.x(), vBack.x(), 1e-9);
        assertEquals(v.y(), vBack.y(), 1e-9);
        assertEquals(v.z(), vBack.z(), 1e-9);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void voxelStepsMoveAlongTheDirectionColumns(String name, Direction direction) {
        VoxelGeometry g = new VoxelGeometry(new WorldPoint(10, 20, 30), new Spacing(0.5, 0.8, 2.0),
                direction);
        WorldPoint o = g.toWorld(new VoxelPoint(0, 0, 0));
        WorldPoint stepZ = g.toWorld(new VoxelPoint(0, 0, 1));
        double[] az = direction.axis(2);
        assertEquals(10, o.x(), 1e-12);
        assertEquals(30, o.z(), 1e-12);
        assertEquals(2.0 * az[0], stepZ.x() - o.x(), 1e-12);
        assertEquals(2.0 * az[1], stepZ.y() - o.y(), 1e-12);
        assertEquals(2.0 * az[2], stepZ.z() - o.z(), 1e-12);
        WorldPoint stepX = g.toWorld(new VoxelPoint(4, 0, 0));
        assertEquals(0.5 * 4, stepX.distanceTo(o), 1e-12);
    }

    @Test
    void lunaStyleConversionMatchesTheFormula() {
        // voxel = inverse(direction) * (world - origin) / spacing, with a flipped x/y direction.
        Direction flipped = Direction.fromAxisMajor(new double[] {-1, 0, 0, 0, -1, 0, 0, 0, 1});
        VoxelGeometry g = new VoxelGeometry(new WorldPoint(200, 180, -300),
                new Spacing(0.7, 0.7, 1.25), flipped);
        VoxelPoint v = g.toVoxel(new WorldPoint(130, 40, -175));
        assertEquals((200 - 130) / 0.7, v.x(), 1e-9);
        assertEquals((180 - 40) / 0.7, v.y(), 1e-9);
        assertEquals((-175 + 300) / 1.25, v.z(), 1e-9);
    }

    @Test
    void metaImageOrderRoundTrips() {
        double[] nine = {0, 1, 0, -1, 0, 0, 0, 0, 1};
        Direction d = Direction.fromAxisMajor(nine);
        // The first three numbers are the x axis (0, 1, 0), the next three the y axis (-1, 0, 0).
        assertEquals(1, d.get(1, 0), 0);
        assertEquals(0, d.get(0, 0), 0);
        assertEquals(-1, d.get(0, 1), 0);
        assertEquals(0, d.get(1, 1), 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(nine, d.toAxisMajor(), 0);
    }

    @Test
    void rejectsSingularDirectionAndBadSpacing() {
        assertThrows(IllegalArgumentException.class, () -> Direction.ofAxes(
                new double[] {1, 0, 0}, new double[] {1, 0, 0}, new double[] {0, 0, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> Direction.fromAxisMajor(new double[] {1, 0, 0, 0, Double.NaN, 0, 0, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> new Spacing(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Spacing(1, -0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new Spacing(1, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> new Spacing(1, 1, Double.POSITIVE_INFINITY));
        assertThrows(NullPointerException.class,
                () -> new VoxelGeometry(new WorldPoint(0, 0, 0), new Spacing(1, 1, 1), null));
    }
}
