package io.veernet.data.dataset;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.veernet.data.io.AtomicFiles;
import io.veernet.data.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The truth file of one sample ({@code <id>.truth.json}, format "veernet-truth" version 1):
 * track, depth axis and, per curve, per-column rows (null where absent), values and ink flags.
 * Rows are written to 0.001 px and values to 1e-4; the file, not the generator's doubles, is the truth.
 */
public final class TruthFile {

    public static final String FORMAT = "veernet-truth";
    public static final int VERSION = 1;

    private TruthFile() {
    }

    public static void write(Truth truth, Path file) throws IOException {
        AtomicFiles.write(file, false, out -> {
            try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeStringField("format", FORMAT);
                g.writeNumberField("version", VERSION);
                g.writeNumberField("width", truth.width());
                g.writeNumberField("height", truth.height());
                g.writeObjectFieldStart("track");
                g.writeNumberField("top", round(truth.track().top(), 1e3));
                g.writeNumberField("bottom", round(truth.track().bottom(), 1e3));
                g.writeEndObject();
                g.writeObjectFieldStart("depth");
                g.writeNumberField("start", truth.depth().start());
                g.writeNumberField("step", truth.depth().step());
                g.writeStringField("unit", truth.depth().unit());
                g.writeEndObject();
                g.writeArrayFieldStart("curves");
                for (CurveTruth c : truth.curves()) {
                    writeCurve(g, c);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        });
    }

    private static void writeCurve(JsonGenerator g, CurveTruth c) throws IOException {
        g.writeStartObject();
        g.writeNumberField("class", c.classId());
        g.writeStringField("mnemonic", c.mnemonic());
        g.writeStringField("unit", c.unit());
        g.writeObjectFieldStart("scale");
        g.writeNumberField("left", c.scale().left());
        g.writeNumberField("right", c.scale().right());
        g.writeBooleanField("log", c.scale().log());
        g.writeEndObject();
        g.writeStringField("style", c.style());
        writeArray(g, "row", c.row(), 1e3);
        writeArray(g, "value", c.value(), 1e4);
        StringBuilder ink = new StringBuilder(c.width());
        for (boolean b : c.ink()) {
            ink.append(b ? '1' : '0');
        }
        g.writeStringField("ink", ink.toString());
        g.writeEndObject();
    }

    private static void writeArray(JsonGenerator g, String name, double[] values, double precision) throws IOException {
        g.writeArrayFieldStart(name);
        for (double v : values) {
            if (Double.isNaN(v)) {
                g.writeNull();
            } else {
                g.writeNumber(round(v, precision));
            }
        }
        g.writeEndArray();
    }

    private static double round(double v, double precision) {
        return Math.round(v * precision) / precision;
    }

    /** Reads a truth file; any problem is one error naming the file and the key. */
    public static Truth read(Path file) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(Files.readAllBytes(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DatasetException(file, "truth file is missing");
        } catch (IOException e) {
            throw new DatasetException(file, "is not valid JSON (" + firstLine(e) + ")", e);
        }
        try {
            if (!FORMAT.equals(text(root, "format")) || integer(root, "version") != VERSION) {
                throw new IllegalArgumentException("format must be " + FORMAT + " version " + VERSION);
            }
            int width = integer(root, "width");
            int height = integer(root, "height");
            JsonNode t = node(root, "track");
            Track track = new Track(number(t, "top"), number(t, "bottom"));
            JsonNode d = node(root, "depth");
            DepthAxis depth = new DepthAxis(number(d, "start"), number(d, "step"), text(d, "unit"));
            List<CurveTruth> curves = new ArrayList<>();
            for (JsonNode c : node(root, "curves")) {
                curves.add(readCurve(c, width));
            }
            return new Truth(width, height, track, depth, curves);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(file, e.getMessage(), e);
        }
    }

    private static CurveTruth readCurve(JsonNode c, int width) {
        String mnemonic = text(c, "mnemonic");
        JsonNode s = node(c, "scale");
        ValueScale scale = new ValueScale(number(s, "left"), number(s, "right"), s.path("log").asBoolean(false));
        double[] row = doubles(c, "row", width, mnemonic);
        double[] value = doubles(c, "value", width, mnemonic);
        String inkText = text(c, "ink");
        if (inkText.length() != width) {
            throw new IllegalArgumentException("curve " + mnemonic + ": ink has " + inkText.length()
                    + " columns, expected " + width);
        }
        boolean[] ink = new boolean[width];
        for (int i = 0; i < width; i++) {
            ink[i] = inkText.charAt(i) == '1';
        }
        return new CurveTruth(integer(c, "class"), mnemonic, text(c, "unit"), scale,
                c.path("style").asText("unknown"), row, value, ink);
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private static double[] doubles(JsonNode parent, String key, int width, String curve) {
        JsonNode a = node(parent, key);
        if (!a.isArray() || a.size() != width) {
            throw new IllegalArgumentException("curve " + curve + ": " + key + " has " + a.size()
                    + " columns, expected " + width);
        }
        double[] out = new double[width];
        for (int i = 0; i < width; i++) {
            JsonNode v = a.get(i);
            out[i] = v.isNull() ? Double.NaN : v.asDouble();
        }
        return out;
    }

    private static JsonNode node(JsonNode parent, String key) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("key '" + key + "' is missing");
        }
        return n;
    }

    private static String text(JsonNode parent, String key) {
        return node(parent, key).asText();
    }

    private static int integer(JsonNode parent, String key) {
        JsonNode n = node(parent, key);
        if (!n.canConvertToInt()) {
            throw new IllegalArgumentException("key '" + key + "' must be an integer, got " + n);
        }
        return n.asInt();
    }

    private static double number(JsonNode parent, String key) {
        JsonNode n = node(parent, key);
        if (!n.isNumber()) {
            throw new IllegalArgumentException("key '" + key + "' must be a number, got " + n);
        }
        return n.asDouble();
    }
}
