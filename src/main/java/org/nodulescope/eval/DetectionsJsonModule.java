package org.nodulescope.eval;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.SliceMask;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.VoxelPoint;
import org.nodulescope.volume.WorldPoint;

/**
 * The JSON shapes of {@code volume}'s values in detections files, written here rather than on
 * the values themselves so that {@code volume} stays free of serialisation concerns and the file
 * format cannot change when a value gains a method: points, sizes and boxes as number arrays
 * ({@code [x, y, z]}, {@code [x1, y1, x2, y2]}), the geometry as origin, spacing and the nine
 * direction numbers in MetaImage {@code TransformMatrix} order, and masks as their crop with
 * {@link MaskRunLength} runs.
 */
final class DetectionsJsonModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    DetectionsJsonModule() {
        super("nodulescope-detections");
        addSerializer(WorldPoint.class, numbers(p -> new double[] {p.x(), p.y(), p.z()}));
        addDeserializer(WorldPoint.class, fromNumbers(3, "[x, y, z] in mm",
                v -> new WorldPoint(v[0], v[1], v[2])));
        addSerializer(VoxelPoint.class, numbers(p -> new double[] {p.x(), p.y(), p.z()}));
        addDeserializer(VoxelPoint.class, fromNumbers(3, "[x, y, z] in voxels",
                v -> new VoxelPoint(v[0], v[1], v[2])));
        addSerializer(Box2D.class, numbers(b -> new double[] {b.x1(), b.y1(), b.x2(), b.y2()}));
        addDeserializer(Box2D.class, fromNumbers(4, "[x1, y1, x2, y2]",
                v -> new Box2D(v[0], v[1], v[2], v[3])));
        addSerializer(GridSize.class, new JsonSerializer<>() {
            @Override
            public void serialize(GridSize g, JsonGenerator out, SerializerProvider p)
                    throws IOException {
                out.writeArray(new int[] {g.x(), g.y(), g.z()}, 0, 3);
            }
        });
        addDeserializer(GridSize.class, fromNumbers(3, "[x, y, z] voxel counts", v -> {
            for (double d : v) {
                if (d != Math.rint(d)) {
                    throw new IllegalArgumentException("grid sizes must be whole numbers");
                }
            }
            return new GridSize((int) v[0], (int) v[1], (int) v[2]);
        }));
        addSerializer(VoxelGeometry.class, new GeometrySerializer());
        addDeserializer(VoxelGeometry.class, new GeometryDeserializer());
        addSerializer(SliceMask.class, new MaskSerializer());
        addDeserializer(SliceMask.class, new MaskDeserializer());
    }

    /** The JSON form of a mask crop. */
    record MaskJson(int imageWidth, int imageHeight, int x0, int y0, int width, int height,
            int[] counts) {}

    /** The JSON form of a geometry. */
    record GeometryJson(double[] origin, double[] spacing, double[] direction) {}

    @FunctionalInterface
    private interface ToNumbers<T> {
        double[] of(T value);
    }

    @FunctionalInterface
    private interface FromNumbers<T> {
        T of(double[] numbers);
    }

    private static <T> JsonSerializer<T> numbers(ToNumbers<T> f) {
        return new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator out, SerializerProvider p)
                    throws IOException {
                double[] v = f.of(value);
                out.writeArray(v, 0, v.length);
            }
        };
    }

    private static <T> JsonDeserializer<T> fromNumbers(int n, String shape, FromNumbers<T> f) {
        return new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser in, DeserializationContext ctxt) throws IOException {
                double[] v = readNumbers(in, ctxt, shape);
                if (v.length != n) {
                    return ctxt.reportInputMismatch(this, "expected %s, got %d numbers", shape,
                            v.length);
                }
                try {
                    return f.of(v);
                } catch (IllegalArgumentException e) {
                    return ctxt.reportInputMismatch(this, "%s", e.getMessage());
                }
            }
        };
    }

    private static double[] readNumbers(JsonParser in, DeserializationContext ctxt, String shape)
            throws IOException {
        if (!in.isExpectedStartArrayToken()) {
            return ctxt.reportInputMismatch(double[].class, "expected %s, an array of numbers",
                    shape);
        }
        List<Double> values = new ArrayList<>();
        JsonToken t;
        while ((t = in.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                return ctxt.reportInputMismatch(double[].class, "expected %s, found %s", shape,
                        t);
            }
            values.add(in.getDoubleValue());
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static final class GeometrySerializer extends JsonSerializer<VoxelGeometry> {
        @Override
        public void serialize(VoxelGeometry g, JsonGenerator out, SerializerProvider p)
                throws IOException {
            p.defaultSerializeValue(new GeometryJson(
                    new double[] {g.origin().x(), g.origin().y(), g.origin().z()},
                    new double[] {g.spacing().x(), g.spacing().y(), g.spacing().z()},
                    g.direction().toAxisMajor()), out);
        }
    }

    private static final class GeometryDeserializer extends JsonDeserializer<VoxelGeometry> {
        @Override
        public VoxelGeometry deserialize(JsonParser in, DeserializationContext ctxt)
                throws IOException {
            GeometryJson g = ctxt.readValue(in, GeometryJson.class);
            if (g.origin() == null || g.origin().length != 3 || g.spacing() == null
                    || g.spacing().length != 3 || g.direction() == null
                    || g.direction().length != 9) {
                return ctxt.reportInputMismatch(this, "geometry needs origin [x, y, z], spacing"
                        + " [x, y, z] and direction (9 numbers)");
            }
            try {
                double[] o = g.origin();
                double[] s = g.spacing();
                return new VoxelGeometry(new WorldPoint(o[0], o[1], o[2]),
                        new Spacing(s[0], s[1], s[2]), Direction.fromAxisMajor(g.direction()));
            } catch (IllegalArgumentException e) {
                return ctxt.reportInputMismatch(this, "%s", e.getMessage());
            }
        }
    }

    private static final class MaskSerializer extends JsonSerializer<SliceMask> {
        @Override
        public void serialize(SliceMask m, JsonGenerator out, SerializerProvider p)
                throws IOException {
            p.defaultSerializeValue(new MaskJson(m.imageWidth(), m.imageHeight(), m.x0(), m.y0(),
                    m.width(), m.height(), MaskRunLength.encode(m.bits())), out);
        }
    }

    private static final class MaskDeserializer extends JsonDeserializer<SliceMask> {
        @Override
        public SliceMask deserialize(JsonParser in, DeserializationContext ctxt)
                throws IOException {
            MaskJson m = ctxt.readValue(in, MaskJson.class);
            if (m.counts() == null) {
                return ctxt.reportInputMismatch(this, "mask has no run-length counts");
            }
            try {
                long pixels = (long) m.width() * m.height();
                if (m.width() < 0 || m.height() < 0
                        || pixels > (long) m.imageWidth() * m.imageHeight()
                        || pixels > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("mask crop size " + m.width() + " x "
                            + m.height() + " does not fit its " + m.imageWidth() + " x "
                            + m.imageHeight() + " image");
                }
                byte[] bits = MaskRunLength.decode(m.counts(), m.width() * m.height());
                return new SliceMask(m.imageWidth(), m.imageHeight(), m.x0(), m.y0(), m.width(),
                        m.height(), bits);
            } catch (IllegalArgumentException e) {
                return ctxt.reportInputMismatch(this, "%s", e.getMessage());
            }
        }
    }
}
