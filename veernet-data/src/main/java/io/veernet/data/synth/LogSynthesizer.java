package io.veernet.data.synth;

import io.veernet.data.dataset.CurveTruth;
import io.veernet.data.dataset.DepthAxis;
import io.veernet.data.dataset.Track;
import io.veernet.data.dataset.Truth;
import io.veernet.data.dataset.ValueScale;
import io.veernet.data.raster.LabelMask;
import io.veernet.data.synth.AppearanceRanges.Factor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws synthetic raster well logs: lays out the track, grid and text, paints the two curves in
 * their style families and adds scan defects.
 *
 * <p>The class of a trace is defined by its style, as a real log's header defines it: curve 1 is
 * solid, heavier and darker; curve 2 is dashed, dotted or long-short, and lighter and thinner.
 * Curve 1 is drawn last, so where the traces overlap the mask says curve 1.
 *
 * <p>A log depends only on the config and the seed given to {@link #generate(long)}.
 */
public final class LogSynthesizer {

    private final SynthConfig config;
    private final CurveSynth curveSynth;
    /** The appearance distributions; null for the classic look, which keeps its original draws. */
    private final AppearanceRanges ranges;
    /** The share of logs drawn in the classic look although {@link #ranges} is set ({@code synth.classic_share}). */
    private final double classicShare;

    public LogSynthesizer(SynthConfig config) {
        this(config, config.profile().ranges(), config.profile() == StyleProfile.RANDOMISED ? config.classicShare() : 0);
    }

    /** With explicit appearance ranges (tests pin each range's ends this way; the held-out ablation reverts axes). */
    public LogSynthesizer(SynthConfig config, AppearanceRanges ranges) {
        this(config, ranges, 0);
    }

    private LogSynthesizer(SynthConfig config, AppearanceRanges ranges, double classicShare) {
        this.config = config;
        this.curveSynth = new CurveSynth(config.curves());
        this.ranges = ranges;
        this.classicShare = classicShare;
    }

    public SynthConfig config() {
        return config;
    }

    /**
     * Whether this seed's log is one of the classic share. Drawn from a stream of its own, so the other
     * logs are exactly those of a share of 0, and a classic log is exactly the classic profile's log.
     */
    private boolean classicLook(long seed) {
        return classicShare > 0 && new SplittableRandom(seed ^ CLASSIC_STREAM).nextDouble() < classicShare;
    }

    /** Salt of the classic-share draw's stream. */
    private static final long CLASSIC_STREAM = 0x636c61737369634cL;

    /** The log for one seed (see {@link SampleSeeds}). */
    public SyntheticLog generate(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int width = between(config.width(), rng);
        int height = between(config.height(), rng);
        // Independent streams per part, so a change in one part leaves the others' draws alone.
        SplittableRandom layoutRng = rng.split();
        SplittableRandom curveRng = rng.split();
        SplittableRandom defectRng = rng.split();
        // The classic look draws nothing here, so its logs stay byte-identical to before profiles.
        Map<Factor, Double> look = ranges == null || classicLook(seed) ? null : ranges.draw(rng.split());
        SplittableRandom lookRng = look == null ? null : rng.split();

        double scale = height / 640.0;
        ScanDefects.Amounts amounts = look == null
                ? ScanDefects.Amounts.resolve(config.defects(), config.realism())
                : ScanDefects.Amounts.resolve(config.defects(), look.get(Factor.DEFECTS)).withGradient(look.get(Factor.SHADING));
        Track track = new Track(height * (0.05 + 0.07 * layoutRng.nextDouble()),
                height * (0.95 - 0.07 * layoutRng.nextDouble()));
        SynthConfig.Depth d = config.depth();
        // A small image is a zoomed-out large one: the depth per column grows as the height shrinks.
        double step = d.step() / scale;
        double startDepth = Math.round((d.minStart() + (d.maxStart() - d.minStart()) * layoutRng.nextDouble()) * 100) / 100.0;
        DepthAxis depth = new DepthAxis(startDepth, step, d.unit());
        SheetGeometry sheet = amounts.skew() > 0
                ? SheetGeometry.random(amounts.skew(), width, height, layoutRng)
                : SheetGeometry.identity(height);

        // Curves first (their scales decide the grid), painted after the grid.
        List<String> kinds = config.curves().kinds();
        CurveKind kind1 = CurveKind.parse(kinds.get(curveRng.nextInt(kinds.size())));
        CurveKind kind2 = CurveKind.parse(kinds.get(curveRng.nextInt(kinds.size())));
        double[] p1 = curve(kind1, width, height, curveRng);
        double[] p2 = curve(kind2, width, height, curveRng);

        Canvas canvas = new Canvas(width, height);
        ValueScale gridScale = kind1.scale().log() ? kind1.scale() : kind2.scale().log() ? kind2.scale() : null;
        GridStyle grid = look == null ? classicGrid(scale, layoutRng) : GridStyle.of(look, height);
        List<Double> majors = drawGrid(canvas, sheet, track, depth, gridScale, grid, layoutRng);
        String mnemonic2 = kind2 == kind1 ? alternateMnemonic(kind2) : kind2.mnemonic();
        drawText(canvas, sheet, track, depth, majors, headerLabel(kind1.mnemonic(), kind1),
                headerLabel(mnemonic2, kind2), scale,
                look == null ? config.text().inTrackNumbers() : look.get(Factor.IN_TRACK_TEXT), layoutRng);

        TracePainter.Style style1;
        TracePainter.Style style2;
        String pattern2;
        double breaksPer1000;
        if (look == null) {
            style1 = curve1Style(scale, curveRng);
            style2 = curve2Style(style1, curveRng);
            pattern2 = config.curves().curve2Patterns().get(curveRng.nextInt(config.curves().curve2Patterns().size()));
            style2 = withDashes(style2, DashPattern.parse(pattern2).runs(curveRng), 1);
            breaksPer1000 = config.curves().breaksPer1000();
        } else {
            DashPattern family = ranges.curve2Patterns().get(lookRng.nextInt(ranges.curve2Patterns().size()));
            style1 = randomCurve1(look, height, curveRng);
            style2 = withDashes(randomCurve2(look, style1, family, lookRng, curveRng), family.runs(lookRng),
                    look.get(Factor.DASH_SCALE));
            pattern2 = family.name().toLowerCase(Locale.ROOT);
            breaksPer1000 = look.get(Factor.BREAKS);
        }
        TracePainter.Drawn drawn2 = TracePainter.paint(canvas, sheet, track, p2, style2,
                breaks(width, scale, breaksPer1000, curveRng), 2);
        TracePainter.Drawn drawn1 = TracePainter.paint(canvas, sheet, track, p1, style1,
                breaks(width, scale, breaksPer1000, curveRng), 1);

        if (look != null) {
            traceSpecks(canvas, drawn1, drawn2, look.get(Factor.TRACE_SPECKS), style1.width(), lookRng);
        }
        ScanDefects.inkDefects(canvas, amounts, defectRng);
        var image = look == null ? ScanDefects.scan(canvas, amounts, 232, 18, defectRng)
                : ScanDefects.scan(canvas, amounts, look.get(Factor.PAPER), 0, defectRng);
        if (look != null) {
            boolean jpeg = lookRng.nextDouble() < ranges.jpegProbability();
            image = Photometric.apply(image, new Photometric.Settings(look.get(Factor.BLUR), look.get(Factor.GAMMA),
                    look.get(Factor.CONTRAST), look.get(Factor.BRIGHTNESS), look.get(Factor.NOISE),
                    look.get(Factor.SALT_PEPPER), jpeg ? (int) Math.round(look.get(Factor.JPEG_QUALITY)) : 0), lookRng);
        }
        var mask = new LabelMask(width, height, canvas.labels);

        List<CurveTruth> curves = new ArrayList<>();
        curves.add(truth(1, kind1.mnemonic(), kind1, "solid", drawn1, p1, track));
        curves.add(truth(2, mnemonic2, kind2, pattern2, drawn2, p2, track));
        return new SyntheticLog(image, mask, new Truth(width, height, track, depth, curves));
    }

    private double[] curve(CurveKind kind, int width, int height, SplittableRandom rng) {
        boolean wrap = !kind.scale().log() && rng.nextDouble() < config.curves().wrapProbability();
        double[] p = curveSynth.positions(kind, width, height, wrap, rng);
        if (rng.nextDouble() < config.curves().absentProbability()) {
            CurveSynth.truncate(p, rng);
        }
        return p;
    }

    private TracePainter.Style curve1Style(double scale, SplittableRandom rng) {
        double w = Math.max(config.curves().minStrokeWidth(), Math.min(6, config.curves().strokeWidth() * Math.sqrt(scale)
                * (0.85 + 0.35 * rng.nextDouble())));
        return new TracePainter.Style(w, (float) (0.85 + 0.15 * rng.nextDouble()), null,
                0.08 * rng.nextDouble(), 50 + 400 * rng.nextDouble(), 0);
    }

    private TracePainter.Style curve2Style(TracePainter.Style curve1, SplittableRandom rng) {
        double w = Math.max(0.77 * config.curves().minStrokeWidth(), curve1.width() * (0.5 + 0.25 * rng.nextDouble()));
        return new TracePainter.Style(w, (float) (0.5 + 0.25 * rng.nextDouble()), null,
                0.05 * rng.nextDouble(), 50 + 400 * rng.nextDouble(), 0);
    }

    /**
     * Curve 1 of a randomised look: solid, width and ink from the profile's ranges (a little width
     * wobble along the trace, as a pen's pressure varies).
     */
    private static TracePainter.Style randomCurve1(Map<Factor, Double> look, int height, SplittableRandom rng) {
        double w = look.get(Factor.CURVE1_WIDTH) * Math.sqrt(height / 72.0);
        return new TracePainter.Style(w, look.get(Factor.CURVE1_INK).floatValue(), null,
                0.08 * rng.nextDouble(), 50 + 400 * rng.nextDouble(), 0);
    }

    /**
     * Curve 2 of a randomised look, by the style rule: lighter and/or thinner than curve 1 when
     * broken (if both ratios came out above 0.8, the ink ratio is redrawn below 0.8), lighter AND
     * thinner (both ratios at most 0.75) in the solid family, where the pattern gives no cue.
     * Never below 1 px: thinner strokes vanish from the labels at this resolution.
     */
    private static TracePainter.Style randomCurve2(Map<Factor, Double> look, TracePainter.Style c1, DashPattern family,
                                                   SplittableRandom lookRng, SplittableRandom rng) {
        double wr = look.get(Factor.CURVE2_WIDTH_RATIO);
        double ir = look.get(Factor.CURVE2_INK_RATIO);
        if (family == DashPattern.SOLID) {
            wr = Math.min(wr, 0.75);
            ir = Math.min(ir, 0.75);
        } else if (wr > 0.8 && ir > 0.8) {
            ir = 0.4 + 0.4 * lookRng.nextDouble();
        }
        double w = Math.max(1.0, Math.min(c1.width(), c1.width() * wr));
        return new TracePainter.Style(w, (float) (c1.darkness() * ir), null, 0.05 * rng.nextDouble(),
                50 + 400 * rng.nextDouble(), 0);
    }

    /** Dark specks and small blobs on and beside the traces (background class): what a dash gap must not be mistaken for. */
    private static void traceSpecks(Canvas canvas, TracePainter.Drawn c1, TracePainter.Drawn c2, double per1000,
                                    double strokeWidth, SplittableRandom rng) {
        int n = (int) Math.floor(per1000 * canvas.width / 1000.0 + rng.nextDouble());
        for (int k = 0; k < n; k++) {
            double[] rows = (rng.nextBoolean() ? c1 : c2).row();
            int x = rng.nextInt(canvas.width);
            if (Double.isNaN(rows[x])) {
                continue;
            }
            double y = rows[x] + (rng.nextDouble() * 2 - 1) * 4 * strokeWidth;
            double size = 0.6 + 1.8 * rng.nextDouble();
            canvas.line(x, y, x + (rng.nextDouble() - 0.5) * size, y, size, (float) (0.3 + 0.6 * rng.nextDouble()));
        }
    }

    private static TracePainter.Style withDashes(TracePainter.Style s, double[] runs, double dashScale) {
        if (runs == null) {
            return s;
        }
        for (int i = 0; i < runs.length; i++) {
            runs[i] *= dashScale;
        }
        double period = 0;
        for (double r : runs) {
            period += r * s.width();
        }
        return new TracePainter.Style(s.width(), s.darkness(), runs, s.widthWobble(), s.wobblePeriod(),
                period * new SplittableRandom(Double.doubleToLongBits(s.wobblePeriod())).nextDouble());
    }

    /** Stroke breaks: short blank stretches where the pen skipped. */
    private static int[][] breaks(int width, double scale, double per1000, SplittableRandom rng) {
        double expected = per1000 * width / 1000.0;
        int n = (int) Math.floor(expected + rng.nextDouble());
        int[][] out = new int[n][];
        for (int k = 0; k < n; k++) {
            int from = rng.nextInt(width);
            int len = 2 + rng.nextInt((int) Math.max(2, 2 + 10 * scale));
            out[k] = new int[] {from, from + len};
        }
        java.util.Arrays.sort(out, (a, b) -> Integer.compare(a[0], b[0]));
        return out;
    }

    /**
     * Depth lines at round depths (minor, and every n-th a heavier major), value lines (linear
     * divisions or log decades) and track borders. Returns the major lines' columns.
     */
    /** How one log's grid is drawn: minor spacing target, darkness and widths, jitter and value divisions. */
    private record GridStyle(double targetPx, float minorDark, float majorDark, double minorWidth, double majorWidth,
                             double jitter, int valueDivisions) {
        static GridStyle of(Map<Factor, Double> look, int height) {
            float minor = look.get(Factor.GRID_INK).floatValue();
            double minorWidth = look.get(Factor.GRID_WIDTH);
            return new GridStyle(Math.max(3, look.get(Factor.GRID_SPACING) * height / 72.0), minor,
                    (float) Math.min(0.85, minor * look.get(Factor.GRID_MAJOR_RATIO)), minorWidth, minorWidth * 1.5,
                    look.get(Factor.GRID_JITTER), (int) Math.round(look.get(Factor.VALUE_DIVISIONS)));
        }
    }

    /** The classic grid: its draws in their original order. */
    private GridStyle classicGrid(double scale, SplittableRandom rng) {
        SynthConfig.Grid g = config.grid();
        double targetPx = Math.max(4, g.minorSpacing() * scale * (0.8 + 0.5 * rng.nextDouble()));
        float minorDark = (float) (0.15 + 0.15 * rng.nextDouble());
        float majorDark = (float) (0.35 + 0.2 * rng.nextDouble());
        double minorWidth = Math.max(0.7, 1.0 * Math.sqrt(scale));
        double majorWidth = minorWidth * (1.3 + 0.4 * rng.nextDouble());
        return new GridStyle(targetPx, minorDark, majorDark, minorWidth, majorWidth, g.jitter(), g.valueDivisions());
    }

    private List<Double> drawGrid(Canvas canvas, SheetGeometry sheet, Track track, DepthAxis depth,
                                  ValueScale logScale, GridStyle g, SplittableRandom rng) {
        double interval = niceAtLeast(g.targetPx() * depth.step());
        float minorDark = g.minorDark();
        float majorDark = g.majorDark();
        double minorWidth = g.minorWidth();
        double majorWidth = g.majorWidth();
        int majorEvery = config.grid().majorEvery();
        List<Double> majors = new ArrayList<>();
        long first = (long) Math.ceil(depth.start() / interval);
        for (long k = first; ; k++) {
            double x = (k * interval - depth.start()) / depth.step();
            if (x >= canvas.width) {
                break;
            }
            double jx = x + g.jitter() * (rng.nextDouble() - 0.5);
            boolean major = k % majorEvery == 0;
            if (major) {
                majors.add(x);
            }
            sheet.line(canvas, jx, track.top(), jx, track.bottom(), major ? majorWidth : minorWidth,
                    major ? majorDark : minorDark);
        }
        for (double[] line : valueLines(logScale, g.valueDivisions())) {
            double row = track.rowOf(line[0]) + g.jitter() * (rng.nextDouble() - 0.5);
            boolean heavy = line[1] > 0;
            sheet.line(canvas, 0, row, canvas.width - 1, row, heavy ? majorWidth : minorWidth,
                    heavy ? majorDark : minorDark);
        }
        double borderWidth = majorWidth * 1.3;
        float borderDark = (float) Math.min(0.9, majorDark + 0.2);
        sheet.line(canvas, 0, track.top(), canvas.width - 1, track.top(), borderWidth, borderDark);
        sheet.line(canvas, 0, track.bottom(), canvas.width - 1, track.bottom(), borderWidth, borderDark);
        return majors;
    }

    /** The smallest of 1, 2, 5 x 10^k that is at least {@code v}: depth lines sit at round depths. */
    static double niceAtLeast(double v) {
        double decade = StrictMath.pow(10, Math.floor(StrictMath.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * decade >= v * (1 - 1e-9)) {
                return m * decade;
            }
        }
        return 10 * decade;
    }

    /** Interior value lines as {position, heavy?1:0}: linear divisions, or 1..9 x 10^k on a log grid. */
    private static List<double[]> valueLines(ValueScale logScale, int divisions) {
        List<double[]> lines = new ArrayList<>();
        if (logScale == null) {
            for (int j = 1; j < divisions; j++) {
                lines.add(new double[] {j / (double) divisions, divisions % 2 == 0 && j == divisions / 2 ? 1 : 0});
            }
            return lines;
        }
        double lo = Math.min(logScale.left(), logScale.right());
        double hi = Math.max(logScale.left(), logScale.right());
        for (double decade = StrictMath.pow(10, Math.floor(StrictMath.log10(lo))); decade < hi; decade *= 10) {
            for (int m = 1; m <= 9; m++) {
                double v = m * decade;
                double p = logScale.toPosition(v);
                if (p > 1e-6 && p < 1 - 1e-6) {
                    lines.add(new double[] {p, m == 1 ? 1 : 0});
                }
            }
        }
        return lines;
    }

    /** Depth numbers at major lines in a margin (and sometimes inside the track), and the header labels. */
    private void drawText(Canvas canvas, SheetGeometry sheet, Track track, DepthAxis depth, List<Double> majors,
                          String label1, String label2, double scale, double inTrackNumbers, SplittableRandom rng) {
        SynthConfig.Text t = config.text();
        boolean top = rng.nextBoolean();
        double margin = top ? track.top() : canvas.height - 1 - track.bottom();
        double size = Math.min(margin * 0.7, 16 * Math.max(scale, 0.5));
        float dark = (float) (0.6 + 0.3 * rng.nextDouble());
        boolean inTrack = rng.nextDouble() < inTrackNumbers;
        if (t.depthNumbers() && size >= 5) {
            double y = top ? (track.top() - size) / 2 : track.bottom() + (margin - size) / 2;
            double lastEnd = Double.NEGATIVE_INFINITY;
            for (double x : majors) {
                String label = number(depth.depthAt(x));
                double w = StrokeFont.width(label, size);
                if (x - w / 2 < lastEnd + size || x + w / 2 > canvas.width) {
                    continue;
                }
                lastEnd = x + w / 2;
                print(canvas, sheet, label, x - w / 2, y, size, dark);
                if (inTrack) {
                    print(canvas, sheet, label, x + size * 0.5, track.top() + size * 0.6, size, dark);
                }
            }
        }
        double labelSize = Math.min(track.height() * 0.12, 14 * Math.max(scale, 0.5));
        if (t.headerLabels() && labelSize >= 5) {
            double x = canvas.width * 0.01 + 4;
            double y = track.bottom() - labelSize * 3.2;
            print(canvas, sheet, label1, x, y, labelSize, dark);
            print(canvas, sheet, label2, x, y + labelSize * 1.6, labelSize, dark);
        }
    }

    private static String headerLabel(String mnemonic, CurveKind kind) {
        ValueScale s = kind.scale();
        return String.format(Locale.ROOT, "%s %s %s %s", mnemonic, number(s.left()), number(s.right()), kind.unit());
    }

    private static String number(double v) {
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.1f", r);
    }

    private static void print(Canvas canvas, SheetGeometry sheet, String text, double x, double y, double size, float dark) {
        double penWidth = Math.max(0.8, size / 9);
        for (double[] line : StrokeFont.layout(text, size)) {
            for (int j = 0; j + 3 < line.length; j += 2) {
                double ax = x + line[j];
                double ay = y + line[j + 1];
                double bx = x + line[j + 2];
                double by = y + line[j + 3];
                canvas.line(sheet.x(ax, ay), sheet.y(ax, ay), sheet.x(bx, by), sheet.y(bx, by), penWidth, dark);
            }
        }
    }

    private static CurveTruth truth(int classId, String mnemonic, CurveKind kind, String style,
                                    TracePainter.Drawn drawn, double[] positions, Track track) {
        int w = positions.length;
        double[] value = new double[w];
        for (int c = 0; c < w; c++) {
            value[c] = Double.isNaN(drawn.row()[c]) ? Double.NaN : kind.scale().toValue(positions[c]);
        }
        return new CurveTruth(classId, mnemonic, kind.unit(), kind.scale(), style, drawn.row(), value, drawn.ink());
    }

    private static String alternateMnemonic(CurveKind kind) {
        return switch (kind) {
            case BLOCKY -> "CGR";
            case SPIKY -> "ILM";
            case SMOOTH -> "SPR";
        };
    }

    private static int between(SynthConfig.Range r, SplittableRandom rng) {
        return r.min() + rng.nextInt(r.max() - r.min() + 1);
    }
}
