import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws NoduleScope's application icon once, as vector shapes, and writes it in the forms each
 * desktop wants: a PNG set (Linux, the window icon), a .ico (Windows) and a .icns (macOS).
 *
 * <pre>
 *   java installer/icons/MakeIcons.java assets/icons
 * </pre>
 *
 * The picture: an axial chest-CT slice (body outline, two dark lungs, the spine) with one bright
 * nodule in the right lung inside a green detection box, on a dark rounded tile. Every size is
 * drawn from the shapes rather than scaled from a bitmap, so small sizes stay sharp. The output
 * is deterministic: running the script again gives the same bytes.
 */
public final class MakeIcons {

    /** Linux hicolor sizes, plus 512 for docks and jpackage. */
    static final List<Integer> PNG_SIZES = List.of(16, 24, 32, 48, 64, 128, 256, 512);
    /** Windows shell sizes; every entry is stored as PNG (accepted since Windows Vista). */
    static final List<Integer> ICO_SIZES = List.of(16, 24, 32, 48, 64, 128, 256);

    private MakeIcons() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "assets/icons");
        Files.createDirectories(out);
        Map<Integer, byte[]> png = new LinkedHashMap<>();
        for (int size : List.of(16, 24, 32, 48, 64, 128, 256, 512, 1024)) {
            png.put(size, encodePng(draw(size)));
        }
        for (int size : PNG_SIZES) {
            Files.write(out.resolve("nodulescope-" + size + ".png"), png.get(size));
        }
        Files.write(out.resolve("nodulescope.ico"), ico(png));
        Files.write(out.resolve("nodulescope.icns"), icns(png));
        System.out.println("wrote " + PNG_SIZES.size() + " PNGs, nodulescope.ico and nodulescope.icns to " + out);
    }

    /** The icon at one size, drawn on a 100 x 100 design grid scaled to it. */
    static BufferedImage draw(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(size / 100.0, size / 100.0);

            // Tile: a dark slate square with rounded corners and a faint top light.
            RoundRectangle2D tile = new RoundRectangle2D.Double(2, 2, 96, 96, 22, 22);
            g.setPaint(new GradientPaint(0, 2, new Color(0x2b3a4a), 0, 98, new Color(0x121a23)));
            g.fill(tile);

            // Body cross-section: a wide ellipse in soft-tissue grey.
            Ellipse2D body = new Ellipse2D.Double(10, 20, 80, 62);
            g.setPaint(new GradientPaint(0, 20, new Color(0xc9cfd6), 0, 82, new Color(0x98a2ad)));
            g.fill(body);

            // Lungs: two dark kidney-like lobes either side of the mediastinum.
            Area lungs = new Area(lung(false));
            lungs.add(new Area(lung(true)));
            g.setColor(new Color(0x1d2731));
            g.fill(lungs);

            // Spine below the mediastinum.
            g.setColor(new Color(0xeef1f4));
            g.fill(new Ellipse2D.Double(45, 67, 10, 9));

            // The nodule (in the patient's right lung, the image's left) and its detection box.
            g.setColor(new Color(0xf4f6f8));
            g.fill(new Ellipse2D.Double(27, 40, 11, 11));
            g.setColor(new Color(0x35d07f));
            float stroke = size <= 24 ? 5f : size <= 48 ? 4f : 3f;
            g.setStroke(new BasicStroke(stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new RoundRectangle2D.Double(21, 34, 23, 23, 4, 4));
        } finally {
            g.dispose();
        }
        return img;
    }

    /** One lung in design units; the right-hand one is the mirror image of the left. */
    private static Path2D lung(boolean mirrored) {
        Path2D p = new Path2D.Double();
        p.moveTo(46, 30);
        p.curveTo(36, 26, 20, 30, 17, 45);
        p.curveTo(14, 60, 24, 72, 36, 70);
        p.curveTo(44, 69, 46, 62, 44, 55);
        p.curveTo(42, 48, 48, 40, 46, 30);
        p.closePath();
        if (mirrored) {
            p.transform(new java.awt.geom.AffineTransform(-1, 0, 0, 1, 100, 0));
        }
        return p;
    }

    static byte[] encodePng(BufferedImage img) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", bytes)) {
            throw new IOException("no PNG writer in this Java");
        }
        return bytes.toByteArray();
    }

    /** ICONDIR, one ICONDIRENTRY per size (little-endian), then the PNG images. */
    static byte[] ico(Map<Integer, byte[]> png) {
        int count = ICO_SIZES.size();
        int offset = 6 + 16 * count;
        int total = offset + ICO_SIZES.stream().mapToInt(s -> png.get(s).length).sum();
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0).putShort((short) 1).putShort((short) count);
        for (int size : ICO_SIZES) {
            byte[] data = png.get(size);
            b.put((byte) (size >= 256 ? 0 : size)).put((byte) (size >= 256 ? 0 : size)); // 0 = 256
            b.put((byte) 0).put((byte) 0);                  // no palette, reserved
            b.putShort((short) 1).putShort((short) 32);     // colour planes, bits per pixel
            b.putInt(data.length).putInt(offset);
            offset += data.length;
        }
        for (int size : ICO_SIZES) {
            b.put(png.get(size));
        }
        return b.array();
    }

    /** 'icns' header, then (type, length, PNG) entries; lengths are big-endian and include the 8-byte header. */
    static byte[] icns(Map<Integer, byte[]> png) throws IOException {
        Map<String, Integer> types = new LinkedHashMap<>();
        types.put("icp4", 16);
        types.put("icp5", 32);
        types.put("icp6", 64);
        types.put("ic07", 128);
        types.put("ic08", 256);
        types.put("ic09", 512);
        types.put("ic10", 1024); // 512 @2x
        types.put("ic11", 32);   // 16 @2x
        types.put("ic12", 64);   // 32 @2x
        types.put("ic13", 256);  // 128 @2x
        types.put("ic14", 512);  // 256 @2x
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(body);
        for (Map.Entry<String, Integer> e : types.entrySet()) {
            byte[] data = png.get(e.getValue());
            d.writeBytes(e.getKey());
            d.writeInt(8 + data.length);
            d.write(data);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        DataOutputStream a = new DataOutputStream(all);
        a.writeBytes("icns");
        a.writeInt(8 + body.size());
        a.write(body.toByteArray());
        return all.toByteArray();
    }
}
