package org.nodulescope.preprocess.iqa;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nodulescope.io.DataFileException;

/**
 * Reads the YAML that OpenCV's {@code cv::FileStorage} writes ({@code %YAML:1.0}): block mappings
 * and sequences by indentation, flow sequences {@code [a, b]} and mappings {@code {k:v}} that may
 * span lines, {@code !!opencv-matrix} style tags (dropped). Values come back as
 * {@code Map<String, Object>} (in file order), {@code List<Object>} and {@code String}.
 *
 * <p>Just enough YAML for OpenCV's model files; anchors, multi-document streams, block scalars
 * and the like are not handled, and a file using them is reported as malformed.
 */
final class OpenCvYamlReader {

    private record Line(int number, int indent, String text) {
    }

    private final Path file;
    private final List<Line> lines = new ArrayList<>();
    private int pos;

    private OpenCvYamlReader(Path file, String text) {
        this.file = file;
        String[] raw = text.split("\r?\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String s = raw[i];
            String trimmed = s.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("%")
                    || trimmed.equals("---") || trimmed.equals("...")) {
                continue;
            }
            int indent = 0;
            while (indent < s.length() && s.charAt(indent) == ' ') {
                indent++;
            }
            lines.add(new Line(i + 1, indent, s.substring(indent).stripTrailing()));
        }
    }

    /** The top-level mapping of an OpenCV YAML file. */
    static Map<String, Object> read(Path file, String text) throws DataFileException {
        OpenCvYamlReader reader = new OpenCvYamlReader(file, text);
        if (reader.lines.isEmpty()) {
            throw new DataFileException(file, "the file is empty; expected OpenCV YAML");
        }
        Object root = reader.block(reader.lines.get(0).indent());
        if (reader.pos < reader.lines.size()) {
            throw reader.malformed(reader.lines.get(reader.pos), "unexpected indentation");
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new DataFileException(file, "expected a mapping at the top of the OpenCV YAML file");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) root;
        return map;
    }

    private Object block(int indent) throws DataFileException {
        Line line = lines.get(pos);
        return isItem(line.text()) ? sequence(indent) : mapping(indent);
    }

    private static boolean isItem(String text) {
        return text.equals("-") || text.startsWith("- ");
    }

    private Map<String, Object> mapping(int indent) throws DataFileException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (pos < lines.size()) {
            Line line = lines.get(pos);
            if (line.indent() < indent || isItem(line.text()) && line.indent() == indent) {
                break;
            }
            if (line.indent() > indent) {
                throw malformed(line, "unexpected indentation");
            }
            int colon = keyEnd(line.text());
            if (colon < 0) {
                throw malformed(line, "expected 'key: value'");
            }
            String key = unquote(line.text().substring(0, colon).strip());
            String rest = line.text().substring(colon + 1).strip();
            pos++;
            map.put(key, value(rest, indent, line));
        }
        return map;
    }

    private List<Object> sequence(int indent) throws DataFileException {
        List<Object> list = new ArrayList<>();
        while (pos < lines.size()) {
            Line line = lines.get(pos);
            if (line.indent() != indent || !isItem(line.text())) {
                if (line.indent() > indent) {
                    throw malformed(line, "unexpected indentation");
                }
                break;
            }
            String rest = line.text().substring(1).strip();
            if (!rest.isEmpty() && !rest.startsWith("[") && !rest.startsWith("{") && keyEnd(rest) > 0) {
                // "- key: value" opens a mapping whose keys line up with "key".
                int column = indent + line.text().indexOf(rest, 1);
                lines.set(pos, new Line(line.number(), column, rest));
                list.add(mapping(column));
            } else {
                pos++;
                list.add(value(rest, indent, line));
            }
        }
        return list;
    }

    /** The value after "key:" or "-": inline scalar, flow collection, or an indented block. */
    private Object value(String rest, int indent, Line line) throws DataFileException {
        String v = rest;
        if (v.startsWith("!")) {
            int space = v.indexOf(' ');
            v = space < 0 ? "" : v.substring(space + 1).strip();
        }
        if (v.isEmpty()) {
            if (pos < lines.size()) {
                Line next = lines.get(pos);
                if (next.indent() > indent || next.indent() == indent && isItem(next.text())) {
                    return block(next.indent());
                }
            }
            return "";
        }
        if (v.startsWith("[") || v.startsWith("{")) {
            StringBuilder flow = new StringBuilder(v);
            while (!balanced(flow)) {
                if (pos >= lines.size()) {
                    throw malformed(line, "a '" + v.charAt(0) + "' is never closed");
                }
                flow.append(' ').append(lines.get(pos++).text());
            }
            int[] at = {0};
            Object parsed = flowValue(flow, at, line);
            skipSpaces(flow, at);
            if (at[0] != flow.length()) {
                throw malformed(line, "unexpected text after a closing bracket");
            }
            return parsed;
        }
        return unquote(v);
    }

    private Object flowValue(CharSequence s, int[] at, Line line) throws DataFileException {
        skipSpaces(s, at);
        if (at[0] >= s.length()) {
            throw malformed(line, "a value is missing");
        }
        char c = s.charAt(at[0]);
        if (c == '[') {
            at[0]++;
            List<Object> list = new ArrayList<>();
            skipSpaces(s, at);
            if (at[0] < s.length() && s.charAt(at[0]) == ']') {
                at[0]++;
                return list;
            }
            while (true) {
                list.add(flowValue(s, at, line));
                skipSpaces(s, at);
                char sep = at[0] < s.length() ? s.charAt(at[0]++) : 0;
                if (sep == ']') {
                    return list;
                }
                if (sep != ',') {
                    throw malformed(line, "expected ',' or ']' in a list");
                }
            }
        }
        if (c == '{') {
            at[0]++;
            Map<String, Object> map = new LinkedHashMap<>();
            skipSpaces(s, at);
            if (at[0] < s.length() && s.charAt(at[0]) == '}') {
                at[0]++;
                return map;
            }
            while (true) {
                skipSpaces(s, at);
                int start = at[0];
                while (at[0] < s.length() && s.charAt(at[0]) != ':') {
                    at[0]++;
                }
                if (at[0] >= s.length()) {
                    throw malformed(line, "expected 'key:value' in a '{...}' mapping");
                }
                String key = unquote(s.subSequence(start, at[0]).toString().strip());
                at[0]++;
                map.put(key, flowValue(s, at, line));
                skipSpaces(s, at);
                char sep = at[0] < s.length() ? s.charAt(at[0]++) : 0;
                if (sep == '}') {
                    return map;
                }
                if (sep != ',') {
                    throw malformed(line, "expected ',' or '}' in a mapping");
                }
            }
        }
        int start = at[0];
        while (at[0] < s.length() && ",]}".indexOf(s.charAt(at[0])) < 0) {
            at[0]++;
        }
        return unquote(s.subSequence(start, at[0]).toString().strip());
    }

    private static void skipSpaces(CharSequence s, int[] at) {
        while (at[0] < s.length() && Character.isWhitespace(s.charAt(at[0]))) {
            at[0]++;
        }
    }

    private static boolean balanced(CharSequence s) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '[' || c == '{')) {
                depth++;
            } else if (!quoted && (c == ']' || c == '}')) {
                depth--;
            }
        }
        return depth <= 0;
    }

    /** Index of the colon ending a block-mapping key ("key:" or "key: ..."), or -1. */
    private static int keyEnd(String text) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted && (i + 1 == text.length() || text.charAt(i + 1) == ' ')) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"")
                || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private DataFileException malformed(Line line, String problem) {
        return new DataFileException(file, line.number(),
                problem + " (this is not OpenCV YAML as cv::FileStorage writes it)");
    }
}
