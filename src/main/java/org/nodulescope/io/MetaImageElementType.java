package org.nodulescope.io;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.nodulescope.volume.VoxelData;

/** The MetaImage {@code ElementType} values NoduleScope reads and writes, with their sizes. */
public enum MetaImageElementType {
    MET_CHAR(1),
    MET_UCHAR(1),
    MET_SHORT(2),
    MET_USHORT(2),
    MET_INT(4),
    MET_UINT(4),
    MET_FLOAT(4),
    MET_DOUBLE(8);

    private final int bytes;

    MetaImageElementType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element in the file (and in memory: values are kept in the same width). */
    public int bytes() {
        return bytes;
    }

    public static Optional<MetaImageElementType> parse(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT);
        for (MetaImageElementType type : values()) {
            if (type.name().equals(t)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static String supportedList() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** The element type that stores {@code data} without loss. */
    public static MetaImageElementType of(VoxelData data) {
        return switch (data) {
            case VoxelData.Int8 d -> d.unsigned() ? MET_UCHAR : MET_CHAR;
            case VoxelData.Int16 d -> d.unsigned() ? MET_USHORT : MET_SHORT;
            case VoxelData.Int32 d -> d.unsigned() ? MET_UINT : MET_INT;
            case VoxelData.Float32 d -> MET_FLOAT;
            case VoxelData.Float64 d -> MET_DOUBLE;
        };
    }
}
