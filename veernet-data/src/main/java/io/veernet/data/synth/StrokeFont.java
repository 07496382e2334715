package io.veernet.data.synth;

import java.util.HashMap;
import java.util.Map;

/**
 * A built-in single-stroke font (digits, capitals and a few signs), so printed labels look the
 * same on every machine whatever fonts it has installed.
 *
 * <p>Glyphs live on a 4 x 6 grid, y growing downwards; each glyph is polylines separated by
 * {@code |}, each polyline a list of {@code x,y} points.
 */
final class StrokeFont {

    /** Cell width including spacing, in glyph units; the glyph height is 6 units. */
    static final double ADVANCE = 5.5;
    static final double HEIGHT = 6;

    private static final Map<Character, double[][]> GLYPHS = new HashMap<>();

    static {
        define('0', "0,0 4,0 4,6 0,6 0,0|4,0 0,6");
        define('1', "1,1 2,0 2,6|1,6 3,6");
        define('2', "0,1 1,0 3,0 4,1 4,2 0,6 4,6");
        define('3', "0,0 4,0 2,2 3,2 4,3 4,5 3,6 1,6 0,5");
        define('4', "3,6 3,0 0,4 4,4");
        define('5', "4,0 0,0 0,3 3,3 4,4 4,5 3,6 0,6");
        define('6', "4,0 1,0 0,1 0,5 1,6 3,6 4,5 4,4 3,3 0,3");
        define('7', "0,0 4,0 1,6");
        define('8', "1,0 3,0 4,1 4,2 3,3 1,3 0,4 0,5 1,6 3,6 4,5 4,4 3,3|1,3 0,2 0,1 1,0");
        define('9', "0,6 3,6 4,5 4,1 3,0 1,0 0,1 0,2 1,3 4,3");
        define('A', "0,6 0,2 2,0 4,2 4,6|0,4 4,4");
        define('B', "0,0 3,0 4,1 4,2 3,3 0,3|3,3 4,4 4,5 3,6 0,6 0,0");
        define('C', "4,0 0,0 0,6 4,6");
        define('D', "0,0 3,0 4,1 4,5 3,6 0,6 0,0");
        define('E', "4,0 0,0 0,6 4,6|0,3 3,3");
        define('F', "4,0 0,0 0,6|0,3 3,3");
        define('G', "4,0 0,0 0,6 4,6 4,3 2,3");
        define('H', "0,0 0,6|4,0 4,6|0,3 4,3");
        define('I', "1,0 3,0|2,0 2,6|1,6 3,6");
        define('J', "4,0 4,5 3,6 1,6 0,5");
        define('K', "0,0 0,6|4,0 0,3 4,6");
        define('L', "0,0 0,6 4,6");
        define('M', "0,6 0,0 2,3 4,0 4,6");
        define('N', "0,6 0,0 4,6 4,0");
        define('O', "1,0 3,0 4,1 4,5 3,6 1,6 0,5 0,1 1,0");
        define('P', "0,6 0,0 4,0 4,3 0,3");
        define('Q', "1,0 3,0 4,1 4,5 3,6 1,6 0,5 0,1 1,0|2,4 4,6");
        define('R', "0,6 0,0 4,0 4,3 0,3 4,6");
        define('S', "4,0 0,0 0,3 4,3 4,6 0,6");
        define('T', "0,0 4,0|2,0 2,6");
        define('U', "0,0 0,6 4,6 4,0");
        define('V', "0,0 2,6 4,0");
        define('W', "0,0 1,6 2,3 3,6 4,0");
        define('X', "0,0 4,6|4,0 0,6");
        define('Y', "0,0 2,3 4,0|2,3 2,6");
        define('Z', "0,0 4,0 0,6 4,6");
        define('.', "2,5.6 2,6");
        define('-', "1,3 3,3");
        define('/', "4,0 0,6");
        define(':', "2,1.6 2,2|2,4.6 2,5");
        define('(', "3,0 1,2 1,4 3,6");
        define(')', "1,0 3,2 3,4 1,6");
    }

    private StrokeFont() {
    }

    private static void define(char c, String strokes) {
        String[] parts = strokes.split("\\|");
        double[][] lines = new double[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            String[] pts = parts[i].trim().split(" ");
            lines[i] = new double[pts.length * 2];
            for (int j = 0; j < pts.length; j++) {
                String[] xy = pts[j].split(",");
                lines[i][2 * j] = Double.parseDouble(xy[0]);
                lines[i][2 * j + 1] = Double.parseDouble(xy[1]);
            }
        }
        GLYPHS.put(c, lines);
    }

    /** Width in pixels of a text drawn with the given glyph height. */
    static double width(String text, double height) {
        return text.length() * ADVANCE * height / HEIGHT;
    }

    /** Polylines of a text whose top-left corner is at the origin, in pixels. Unknown characters are blank. */
    static double[][] layout(String text, double height) {
        double s = height / HEIGHT;
        java.util.List<double[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            double[][] glyph = GLYPHS.get(Character.toUpperCase(text.charAt(i)));
            if (glyph == null) {
                continue;
            }
            for (double[] line : glyph) {
                double[] placed = new double[line.length];
                for (int j = 0; j < line.length; j += 2) {
                    placed[j] = (i * ADVANCE + line[j]) * s;
                    placed[j + 1] = line[j + 1] * s;
                }
                out.add(placed);
            }
        }
        return out.toArray(new double[0][]);
    }
}
