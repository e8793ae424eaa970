package org.nodulescope.io;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.VoxelGeometry;

/**
 * What a MetaImage header ({@code .mhd} or {@code .mha}) says about its voxels and where they are.
 *
 * @param headerFile the header file this was read from
 * @param dimensions 2 or 3 ({@code NDims}); a 2D image becomes a one-slice grid
 * @param size voxels per axis ({@code DimSize})
 * @param geometry origin, spacing and direction ({@code Offset}, {@code ElementSpacing},
 *     {@code TransformMatrix} or their synonyms)
 * @param elementType {@code ElementType}
 * @param byteOrder from {@code BinaryDataByteOrderMSB} / {@code ElementByteOrderMSB}
 * @param compressed {@code CompressedData}: the data is one zlib stream
 * @param compressedSize {@code CompressedDataSize} when given
 * @param dataFile the file holding the voxels: the header itself for {@code LOCAL}
 * @param dataOffset where the voxels start in {@code dataFile}; -1 means "at the end of the file"
 *     ({@code HeaderSize = -1})
 */
public record MetaImageHeader(
        Path headerFile,
        int dimensions,
        GridSize size,
        VoxelGeometry geometry,
        MetaImageElementType elementType,
        ByteOrder byteOrder,
        boolean compressed,
        OptionalLong compressedSize,
        Path dataFile,
        long dataOffset) {

    /** Uncompressed size of the voxel data in bytes. */
    public long dataBytes() {
        return size.voxelCount() * elementType.bytes();
    }
}
