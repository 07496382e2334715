package io.veernet.data.curves;

import io.veernet.data.dataset.Track;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tracked extractor (docs/METRICS.md, "Tracked extraction"): per column, candidate segments
 * (runs of pixels where a curve class's probability reaches the floor); then one Viterbi pass over
 * the columns that picks, jointly for both curves, a segment or "absent" for each (held, or in a
 * gap that remembers the segment the trace left), minimising class cost + vertical jumps +
 * absent/present switches. The state is the pair of choices, so a column
 * where both curves would take one segment is costed once for the pair, and the two traces can
 * cross without trading identities. A jump may also be read across the track's far edge (a backup
 * trace); the path's count of such wraps unwraps the values.
 */
final class CurveTracker {

    /** Candidate segments of every column, in flat arrays indexed column * max + slot. */
    private static final class Candidates {
        final int max;
        final int[] count;
        final int[] lo;
        final int[] hi;
        final double[] centre;
        final float[] q1;
        final float[] q2;
        final float[] mass;

        Candidates(int width, int max) {
            this.max = max;
            count = new int[width];
            lo = new int[width * max];
            hi = new int[width * max];
            centre = new double[width * max];
            q1 = new float[width * max];
            q2 = new float[width * max];
            mass = new float[width * max];
        }

        /** Keeps a run, evicting the lightest one when the column is full and the run is heavier. */
        void offer(int x, int from, int to, double own, double ownY, double sum1, double sum2) {
            int slot;
            int base = x * max;
            if (count[x] < max) {
                slot = base + count[x]++;
            } else {
                slot = base;
                for (int s = base + 1; s < base + max; s++) {
                    if (mass[s] < mass[slot]) {
                        slot = s;
                    }
                }
                if (mass[slot] >= own) {
                    return;
                }
            }
            int n = to - from + 1;
            lo[slot] = from;
            hi[slot] = to;
            centre[slot] = ownY / own;
            q1[slot] = (float) (sum1 / n);
            q2[slot] = (float) (sum2 / n);
            mass[slot] = (float) own;
        }
    }

    private CurveTracker() {
    }

    static List<ExtractedCurve> extract(ClassProbabilities map, Track track, TrackerConfig cfg) {
        int curves = map.classes() - 1;
        if (curves > 2) {
            throw new IllegalArgumentException("the tracked extractor follows at most 2 curves, the map has " + curves);
        }
        Candidates cand = candidates(map, cfg, curves);
        int[][] choice = track(cand, map.height(), map.width(), curves, track, cfg);
        List<ExtractedCurve> out = new ArrayList<>(curves);
        for (int k = 0; k < curves; k++) {
            out.add(curve(k + 1, choice[k], choice[2 + k], cand, track));
        }
        return List.copyOf(out);
    }

    /**
     * Finds the runs of every curve class's plane in one pass in memory order (row by row, both
     * planes side by side), keeping one open run per class and column, so a 640 x 12,800 map
     * streams rather than strides.
     */
    private static Candidates candidates(ClassProbabilities map, TrackerConfig cfg, int curves) {
        int h = map.height();
        int w = map.width();
        int plane = h * w;
        float[] p = map.data();
        float floor = (float) cfg.floor();
        Candidates cand = new Candidates(w, cfg.maxCandidates());
        Runs[] runs = new Runs[curves];
        for (int c = 0; c < curves; c++) {
            runs[c] = new Runs(w);
        }
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                float v1 = p[plane + row + x];
                float v2 = curves == 2 ? p[2 * plane + row + x] : 0;
                runs[0].step(cand, x, y, v1, v1, v2, floor);
                if (curves == 2) {
                    runs[1].step(cand, x, y, v2, v1, v2, floor);
                }
            }
        }
        for (Runs r : runs) {
            r.close(cand, h);
        }
        return cand;
    }

    /** The open run of one class in every column while the rows are scanned. */
    private static final class Runs {
        final int[] start;
        final double[] own;
        final double[] ownY;
        final double[] sum1;
        final double[] sum2;

        Runs(int width) {
            start = new int[width];
            Arrays.fill(start, -1);
            own = new double[width];
            ownY = new double[width];
            sum1 = new double[width];
            sum2 = new double[width];
        }

        /** Row y of column x: extends the open run when {@code v} reaches the floor, else ends it. */
        void step(Candidates cand, int x, int y, float v, float v1, float v2, float floor) {
            if (v >= floor) {
                if (start[x] < 0) {
                    start[x] = y;
                    own[x] = 0;
                    ownY[x] = 0;
                    sum1[x] = 0;
                    sum2[x] = 0;
                }
                own[x] += v;
                ownY[x] += (double) v * y;
                sum1[x] += v1;
                sum2[x] += v2;
            } else if (start[x] >= 0) {
                cand.offer(x, start[x], y - 1, own[x], ownY[x], sum1[x], sum2[x]);
                start[x] = -1;
            }
        }

        void close(Candidates cand, int height) {
            for (int x = 0; x < start.length; x++) {
                if (start[x] >= 0) {
                    cand.offer(x, start[x], height - 1, own[x], ownY[x], sum1[x], sum2[x]);
                }
            }
        }
    }

    /**
     * What each state remembers of each curve's path, taken from the state's best predecessor: the
     * segment it was last seen on (rows and centre), its smoothed slope, and how many columns ago
     * (0 while present). Coming back after a dash gap is then costed from where the trace left, or
     * from where its slope would have carried it, whichever is nearer.
     */
    private static final class Memory {
        final int[][] lo;
        final int[][] hi;
        final double[][] centre;
        final double[][] slope;
        final int[][] gap;
        final boolean[][] seen;

        Memory(int states) {
            lo = new int[2][states];
            hi = new int[2][states];
            centre = new double[2][states];
            slope = new double[2][states];
            gap = new int[2][states];
            seen = new boolean[2][states];
        }

        void copy(int k, int to, Memory from, int at) {
            lo[k][to] = from.lo[k][at];
            hi[k][to] = from.hi[k][at];
            centre[k][to] = from.centre[k][at];
            slope[k][to] = from.slope[k][at];
            gap[k][to] = from.gap[k][at];
            seen[k][to] = from.seen[k][at];
        }
    }

    /** Choice 0: absent, remembering the cheapest history (which may have left the trace long ago). */
    private static final int HELD = 0;
    /** Choice 1: absent since the curve last took a segment, remembering that segment (a dash or dot gap). */
    private static final int GAP = 1;
    /** Choices from here on are candidate slots (choice - FIRST_SLOT). */
    private static final int FIRST_SLOT = 2;

    /**
     * The Viterbi pass. A state of column x is a pair (i, j): curve 1's choice i and curve 2's j,
     * each {@link #HELD}, {@link #GAP} or {@link #FIRST_SLOT} + a candidate slot.
     *
     * <p>Why two absent choices: an absent state keeps one memory, that of its cheapest
     * predecessor. With one absent choice, a dotted trace that steps to a new level inside a gap
     * is never picked up there: the first dot on the new level pays a jump, and in the next gap
     * the cheaper history that stayed absent (remembering the old level) wins the merge, so every
     * later dot pays the jump again. The gap choice can only be entered from a segment and only
     * continued, so the history that paid the jump survives the gap.
     *
     * @return per curve k (index k) the chosen choice per column, and (index 2 + k) the wrap step
     *         (-1, 0, +1) taken on entering each column
     */
    private static int[][] track(Candidates cand, int height, int width, int curves, Track track, TrackerConfig cfg) {
        int maxN = cand.max + FIRST_SLOT;
        int maxStates = maxN * maxN;
        int[] offset = new int[width + 1];
        for (int x = 0; x < width; x++) {
            offset[x + 1] = offset[x] + choices(cand.count[x], true) * choices(cand.count[x], curves == 2);
        }
        int[] back = new int[offset[width]];
        byte[][] wrapIn = new byte[2][offset[width]];

        Jumps jumps = new Jumps(height, track, cfg);
        int[][] ahead = {nextSighting(cand, 0), curves == 2 ? nextSighting(cand, 1) : null};
        // A slope beyond this many rows per column is a bed boundary, not a direction to extrapolate.
        double maxSlope = 0.03 * height;
        double span = track == null ? 0 : track.height();
        double[] cost = new double[maxStates];
        double[] next = new double[maxStates];
        Memory mem = new Memory(maxStates);
        Memory nextMem = new Memory(maxStates);
        double[][] step = new double[2][maxN * maxStates];
        byte[][] stepWrap = new byte[2][maxN * maxStates];
        // Per step, how much the choice of predecessor favours it beyond its cost (never part of a cost).
        double[][] favour = new double[2][maxN * maxStates];

        int n0 = choices(cand.count[0], true);
        int m0 = choices(cand.count[0], curves == 2);
        for (int i = 0; i < n0; i++) {
            for (int j = 0; j < m0; j++) {
                int s = i * m0 + j;
                // Nothing has been seen before the first column, so there is no gap to be in.
                cost[s] = i == GAP || j == GAP ? Double.POSITIVE_INFINITY : emission(cand, 0, i, j, cfg);
                for (int k = 0; k < curves; k++) {
                    int c = k == 0 ? i : j;
                    mem.seen[k][s] = c >= FIRST_SLOT;
                    mem.gap[k][s] = 0;
                    mem.slope[k][s] = 0;
                    if (c >= FIRST_SLOT) {
                        int b = c - FIRST_SLOT;
                        mem.lo[k][s] = cand.lo[b];
                        mem.hi[k][s] = cand.hi[b];
                        mem.centre[k][s] = cand.centre[b];
                    }
                }
            }
        }
        int prevN = n0;
        int prevM = m0;
        for (int x = 1; x < width; x++) {
            int n = choices(cand.count[x], true);
            int m = choices(cand.count[x], curves == 2);
            int prevStates = prevN * prevM;
            // Per curve, the cost of every (previous state, new choice) step.
            for (int k = 0; k < curves; k++) {
                int options = k == 0 ? n : m;
                for (int ps = 0; ps < prevStates; ps++) {
                    int pc = k == 0 ? ps / prevM : ps % prevM;
                    boolean wasOn = pc >= FIRST_SLOT;
                    for (int c = 0; c < options; c++) {
                        int at = c * maxStates + ps;
                        stepWrap[k][at] = 0;
                        favour[k][at] = 0;
                        if (c == HELD) {
                            step[k][at] = wasOn ? cfg.switchCost() : 0;
                            continue;
                        }
                        if (c == GAP) {
                            step[k][at] = wasOn ? cfg.switchCost() : pc == GAP ? 0 : Double.POSITIVE_INFINITY;
                            // The gap keeps the history that is cheapest once the curve is back on its next
                            // clear sighting (the choice of memory looks ahead; the cost stays the path's own).
                            int seen = ahead[k][x];
                            if (seen >= 0 && step[k][at] < Double.POSITIVE_INFINITY) {
                                int elapsed = mem.gap[k][ps] + 1 + seen / cand.max - x;
                                favour[k][at] = -jumps.cost(mem.lo[k][ps], mem.hi[k][ps], cand.lo[seen], cand.hi[seen],
                                        elapsed, mem.slope[k][ps] * elapsed);
                            }
                            continue;
                        }
                        int b = x * cand.max + c - FIRST_SLOT;
                        if (wasOn) {
                            step[k][at] = jumps.cost(mem.lo[k][ps], mem.hi[k][ps], cand.lo[b], cand.hi[b], 1, mem.slope[k][ps]);
                            stepWrap[k][at] = jumps.lastWrap;
                        } else if (mem.seen[k][ps]) {
                            int elapsed = mem.gap[k][ps] + 1;
                            step[k][at] = cfg.switchCost() + jumps.cost(mem.lo[k][ps], mem.hi[k][ps], cand.lo[b],
                                    cand.hi[b], elapsed, mem.slope[k][ps] * elapsed);
                            stepWrap[k][at] = jumps.lastWrap;
                        } else {
                            step[k][at] = cfg.switchCost();
                        }
                    }
                }
            }
            int base = offset[x];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    int s = i * m + j;
                    double best = Double.POSITIVE_INFINITY;
                    double bestKey = Double.POSITIVE_INFINITY;
                    int arg = 0;
                    double[] s0 = step[0];
                    double[] s1 = step[1];
                    int at0 = i * maxStates;
                    int at1 = curves == 2 ? j * maxStates : -1;
                    boolean favoured = i == GAP || j == GAP;
                    for (int ps = 0; ps < prevStates; ps++) {
                        double c = cost[ps] + s0[at0 + ps] + (at1 >= 0 ? s1[at1 + ps] : 0);
                        double key = favoured ? c - favour[0][at0 + ps] - (at1 >= 0 ? favour[1][at1 + ps] : 0) : c;
                        if (key < bestKey) {
                            bestKey = key;
                            best = c;
                            arg = ps;
                        }
                    }
                    next[s] = best + emission(cand, x, i, j, cfg);
                    back[base + s] = arg;
                    for (int k = 0; k < curves; k++) {
                        int c = k == 0 ? i : j;
                        byte wrap = c >= FIRST_SLOT ? stepWrap[k][c * maxStates + arg] : 0;
                        wrapIn[k][base + s] = wrap;
                        if (c < FIRST_SLOT) {
                            nextMem.copy(k, s, mem, arg);
                            nextMem.gap[k][s] = mem.gap[k][arg] + 1;
                            continue;
                        }
                        int b = x * cand.max + c - FIRST_SLOT;
                        double slope = 0;
                        if (mem.seen[k][arg]) {
                            // The step in unwrapped rows: a wrap moves the new centre by a span.
                            int elapsed = mem.gap[k][arg] + 1;
                            double moved = (cand.centre[b] - wrap * span - mem.centre[k][arg]) / elapsed;
                            slope = elapsed == 1 ? 0.5 * mem.slope[k][arg] + 0.5 * moved : moved;
                            slope = Math.max(-maxSlope, Math.min(maxSlope, slope));
                        }
                        nextMem.lo[k][s] = cand.lo[b];
                        nextMem.hi[k][s] = cand.hi[b];
                        nextMem.centre[k][s] = cand.centre[b];
                        nextMem.slope[k][s] = slope;
                        nextMem.gap[k][s] = 0;
                        nextMem.seen[k][s] = true;
                    }
                }
            }
            double[] t = cost;
            cost = next;
            next = t;
            Memory tm = mem;
            mem = nextMem;
            nextMem = tm;
            prevN = n;
            prevM = m;
        }

        int states = prevN * prevM;
        int s = 0;
        for (int i = 1; i < states; i++) {
            if (cost[i] < cost[s]) {
                s = i;
            }
        }
        int[][] out = new int[4][width];
        for (int x = width - 1; x >= 0; x--) {
            int m = choices(cand.count[x], curves == 2);
            out[0][x] = s / m;
            out[1][x] = s % m;
            if (x > 0) {
                out[2][x] = wrapIn[0][offset[x] + s];
                out[3][x] = wrapIn[1][offset[x] + s];
                s = back[offset[x] + s];
            }
        }
        return out;
    }

    /** A segment counts as a clear sighting of a curve when its mean class probability is at least this. */
    private static final float CLEAR = 0.5f;

    /**
     * Per column x, the strongest segment of curve k's class in the nearest later column that has
     * a clear sighting of it (as an index into the candidate arrays), or -1 when none follows.
     */
    private static int[] nextSighting(Candidates cand, int k) {
        float[] q = k == 0 ? cand.q1 : cand.q2;
        int width = cand.count.length;
        int[] next = new int[width];
        int seen = -1;
        for (int x = width - 1; x >= 0; x--) {
            next[x] = seen;
            int base = x * cand.max;
            int strongest = -1;
            for (int s = base; s < base + cand.count[x]; s++) {
                if (q[s] >= CLEAR && (strongest < 0 || q[s] > q[strongest])) {
                    strongest = s;
                }
            }
            if (strongest >= 0) {
                seen = strongest;
            }
        }
        return next;
    }

    /** A curve's choices in a column with {@code candidates} segments; a curve the map lacks has one (absent). */
    private static int choices(int candidates, boolean followed) {
        return followed ? candidates + FIRST_SLOT : 1;
    }

    /** Cost of column x's state (i, j): each curve's class or absence cost, and sharing. */
    private static double emission(Candidates cand, int x, int i, int j, TrackerConfig cfg) {
        int base = x * cand.max;
        double c = i < FIRST_SLOT ? absent(cand.q1, base, cand.count[x], cfg)
                : cfg.classWeight() * (1 - cand.q1[base + i - FIRST_SLOT]);
        c += j < FIRST_SLOT ? absent(cand.q2, base, cand.count[x], cfg)
                : cfg.classWeight() * (1 - cand.q2[base + j - FIRST_SLOT]);
        if (i >= FIRST_SLOT && j >= FIRST_SLOT) {
            int a = base + i - FIRST_SLOT;
            int b = base + j - FIRST_SLOT;
            if (Math.max(cand.lo[a], cand.lo[b]) <= Math.min(cand.hi[a], cand.hi[b])) {
                c += cfg.shareCost();
            }
        }
        return c;
    }

    /**
     * Cost of a curve being absent from a column: {@code absent}, plus {@code miss_weight} times the
     * strongest mean probability of the curve's class among the column's segments, so that passing
     * over a dot of the curve's own class costs more than passing over bare paper.
     */
    private static double absent(float[] q, int base, int n, TrackerConfig cfg) {
        double strongest = 0;
        for (int s = base; s < base + n; s++) {
            strongest = Math.max(strongest, q[s]);
        }
        return cfg.absent() + cfg.missWeight() * strongest;
    }

    /** Jump costs between row intervals, straight or across the track's far edge. */
    private static final class Jumps {
        private final double height;
        private final double span;
        private final TrackerConfig cfg;
        /** The wrap step of the last {@link #cost}: +1 out of the top into the bottom, -1 the other way. */
        byte lastWrap;

        Jumps(int height, Track track, TrackerConfig cfg) {
            this.height = height;
            this.span = track == null ? 0 : track.height();
            this.cfg = cfg;
        }

        /**
         * The cheapest reading of a step from rows aLo..aHi to bLo..bHi after {@code elapsed}
         * columns: straight or across either track edge, measured from where the trace left or from
         * there moved by {@code carried} rows (its slope times the gap), whichever is nearer.
         */
        double cost(int aLo, int aHi, int bLo, int bHi, int elapsed, double carried) {
            double straight = jump(aLo, aHi, bLo, bHi, 0, elapsed, carried);
            lastWrap = 0;
            if (span > 0) {
                // Out of the top edge (rows fall) and in at the bottom: the new rows lie one span up.
                double up = cfg.wrapCost() + jump(aLo, aHi, bLo, bHi, -span, elapsed, carried);
                double down = cfg.wrapCost() + jump(aLo, aHi, bLo, bHi, span, elapsed, carried);
                if (up < straight && up <= down) {
                    lastWrap = 1;
                    return up;
                }
                if (down < straight) {
                    lastWrap = -1;
                    return down;
                }
            }
            return straight;
        }

        private double jump(int aLo, int aHi, int bLo, int bHi, double shift, int elapsed, double carried) {
            // Touching or overlapping intervals (a vertical stroke at a bed boundary) are no jump.
            double gap = Math.min(gap(aLo, aHi, bLo + shift, bHi + shift), gap(aLo + carried, aHi + carried,
                    bLo + shift, bHi + shift));
            double free = cfg.jumpSlack() + cfg.jumpDrift() * height * (elapsed - 1);
            double excess = gap - free;
            return excess <= 0 ? 0 : Math.min(cfg.jumpCap(), cfg.jumpWeight() * excess / height);
        }

        /** Empty rows strictly between two row intervals (negative when they overlap). */
        private static double gap(double aLo, double aHi, double bLo, double bHi) {
            return Math.max(aLo, bLo) - Math.min(aHi, bHi) - 1;
        }
    }

    /**
     * One curve from its chosen path: observed rows at the chosen segments' centres, wrap levels
     * summed along the path (the lowest level visited is the scale),
     * and gaps filled linearly in unwrapped rows.
     */
    private static ExtractedCurve curve(int classId, int[] choice, int[] wrapIn, Candidates cand, Track track) {
        int w = choice.length;
        double[] rows = new double[w];
        boolean[] observed = new boolean[w];
        int[] level = new int[w];
        int current = 0;
        for (int x = 0; x < w; x++) {
            current += wrapIn[x];
            level[x] = current;
            observed[x] = choice[x] >= FIRST_SLOT;
            rows[x] = observed[x] ? cand.centre[x * cand.max + choice[x] - FIRST_SLOT] : Double.NaN;
        }
        if (track == null) {
            CurveExtractor.fillGaps(rows, observed);
            return new ExtractedCurve(classId, rows, observed);
        }
        int shift = lowestLevel(level, observed);
        double span = track.height();
        double[] unwrapped = new double[w];
        for (int x = 0; x < w; x++) {
            level[x] -= shift;
            unwrapped[x] = observed[x] ? rows[x] - level[x] * span : Double.NaN;
        }
        CurveExtractor.fillGaps(unwrapped, observed);
        // A filled column keeps the level of its observed neighbours when they agree; across a wrap
        // inside a gap, the level is the one that puts the row inside the track.
        int previous = -1;
        for (int x = 0; x < w; x++) {
            if (observed[x]) {
                previous = x;
                continue;
            }
            int nextSeen = x;
            while (nextSeen < w && !observed[nextSeen]) {
                nextSeen++;
            }
            for (int g = x; g < nextSeen; g++) {
                int lv;
                if (previous < 0 && nextSeen == w) {
                    lv = 0;
                } else if (previous < 0 || nextSeen == w || level[previous] == level[nextSeen]) {
                    lv = previous < 0 ? level[nextSeen] : level[previous];
                } else {
                    lv = (int) Math.floor(track.positionOf(unwrapped[g]));
                }
                rows[g] = Double.isNaN(unwrapped[g]) ? Double.NaN : unwrapped[g] + lv * span;
            }
            x = nextSeen - 1;
        }
        return new ExtractedCurve(classId, rows, observed, unwrapped);
    }

    /**
     * The lowest wrap level the path visits over observed columns (0 if none is observed): that
     * level is the scale, and backup traces lie past its right (top) edge, as loggers and the
     * generator draw them.
     */
    private static int lowestLevel(int[] level, boolean[] observed) {
        int lowest = Integer.MAX_VALUE;
        for (int x = 0; x < level.length; x++) {
            if (observed[x]) {
                lowest = Math.min(lowest, level[x]);
            }
        }
        return lowest == Integer.MAX_VALUE ? 0 : lowest;
    }
}
