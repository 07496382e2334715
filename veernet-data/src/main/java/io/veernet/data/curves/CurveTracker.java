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
        /** Where the centre lies on the track's scale, clamped to 0..1 (0 without a track). */
        final float[] position;

        Candidates(int width, int max) {
            this.max = max;
            count = new int[width];
            lo = new int[width * max];
            hi = new int[width * max];
            centre = new double[width * max];
            q1 = new float[width * max];
            q2 = new float[width * max];
            mass = new float[width * max];
            position = new float[width * max];
        }

        void placeOn(Track track) {
            for (int s = 0; s < centre.length; s++) {
                position[s] = (float) Math.max(0, Math.min(1, track.positionOf(centre[s])));
            }
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
        if (track != null) {
            cand.placeOn(track);
        }
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
     * The Viterbi pass. A state of column x is a pair (i, j): curve 1's choice i and curve 2's j.
     * A choice is a kind ({@link #HELD}, {@link #GAP} or {@link #FIRST_SLOT} + a candidate slot) at a
     * wrap level (0 on the scale, 1 on its backup, past the right end; only 0 without a track):
     * choice = level * kinds + kind, with kinds = candidates + FIRST_SLOT.
     *
     * <p>Why the level is in the state: a short excursion past the scale's end comes back through
     * steep, faint flanks, and the cheapest local reading then joins the backup trace straight to
     * the landing trace and stays a span high for the rest of the log. With the level in the state
     * both readings survive every merge, and {@code backup_cost} on level 1 settles it over the
     * columns that follow.
     *
     * <p>Why two absent kinds: an absent state keeps one memory, that of its cheapest
     * predecessor. With one absent choice, a dotted trace that steps to a new level inside a gap
     * is never picked up there: the first dot on the new level pays a jump, and in the next gap
     * the cheaper history that stayed absent (remembering the old level) wins the merge, so every
     * later dot pays the jump again. The gap choice can only be entered from a segment and only
     * continued, so the history that paid the jump survives the gap.
     *
     * @return per curve k (index k) the chosen kind per column, and (index 2 + k) its wrap level
     */
    private static int[][] track(Candidates cand, int height, int width, int curves, Track track, TrackerConfig cfg) {
        double span = track == null ? 0 : track.height();
        int levels = span > 0 ? 2 : 1;
        int maxN = (cand.max + FIRST_SLOT) * levels;
        int maxStates = maxN * maxN;
        int[] offset = new int[width + 1];
        for (int x = 0; x < width; x++) {
            offset[x + 1] = offset[x] + choices(cand.count[x], true, levels) * choices(cand.count[x], curves == 2, levels);
        }
        int[] back = new int[offset[width]];

        Jumps jumps = new Jumps(height, track, cfg);
        int[][] ahead = {nextSighting(cand, 0), curves == 2 ? nextSighting(cand, 1) : null};
        // A slope beyond this many rows per column is a bed boundary, not a direction to extrapolate.
        double maxSlope = 0.03 * height;
        double[] cost = new double[maxStates];
        double[] next = new double[maxStates];
        Memory mem = new Memory(maxStates);
        Memory nextMem = new Memory(maxStates);
        double[][] step = new double[2][maxN * maxStates];
        // Per step, how much the choice of predecessor favours it beyond its cost (never part of a cost).
        double[][] favour = new double[2][maxN * maxStates];

        int kinds0 = cand.count[0] + FIRST_SLOT;
        int n0 = choices(cand.count[0], true, levels);
        int m0 = choices(cand.count[0], curves == 2, levels);
        for (int i = 0; i < n0; i++) {
            for (int j = 0; j < m0; j++) {
                int s = i * m0 + j;
                int ki = i % kinds0;
                int kj = j % kinds0;
                // Nothing has been seen before the first column, so there is no gap to be in.
                cost[s] = ki == GAP || kj == GAP ? Double.POSITIVE_INFINITY
                        : emission(cand, 0, ki, kj, i / kinds0, j / kinds0, cfg);
                for (int k = 0; k < curves; k++) {
                    int c = k == 0 ? ki : kj;
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
        int prevKinds = kinds0;
        for (int x = 1; x < width; x++) {
            int kinds = cand.count[x] + FIRST_SLOT;
            int n = choices(cand.count[x], true, levels);
            int m = choices(cand.count[x], curves == 2, levels);
            int prevStates = prevN * prevM;
            // Per curve, the cost of every (previous state, new choice) step.
            for (int k = 0; k < curves; k++) {
                int options = k == 0 ? n : m;
                for (int ps = 0; ps < prevStates; ps++) {
                    int pChoice = k == 0 ? ps / prevM : ps % prevM;
                    int pc = pChoice % prevKinds;
                    int pLevel = pChoice / prevKinds;
                    boolean wasOn = pc >= FIRST_SLOT;
                    for (int choice = 0; choice < options; choice++) {
                        int at = choice * maxStates + ps;
                        int c = choice % kinds;
                        int wrap = choice / kinds - pLevel;
                        favour[k][at] = 0;
                        if (c == HELD) {
                            step[k][at] = wrap != 0 ? Double.POSITIVE_INFINITY : wasOn ? cfg.switchCost() : 0;
                            continue;
                        }
                        if (c == GAP) {
                            step[k][at] = wrap != 0 ? Double.POSITIVE_INFINITY
                                    : wasOn ? cfg.switchCost() : pc == GAP ? 0 : Double.POSITIVE_INFINITY;
                            // The gap keeps the history that is cheapest once the curve is back on its next
                            // clear sighting (the choice of memory looks ahead; the cost stays the path's own).
                            int seen = ahead[k][x];
                            if (seen >= 0 && step[k][at] < Double.POSITIVE_INFINITY) {
                                int elapsed = mem.gap[k][ps] + 1 + seen / cand.max - x;
                                favour[k][at] = -jumps.cheapest(mem.lo[k][ps], mem.hi[k][ps], cand.lo[seen], cand.hi[seen],
                                        elapsed, mem.slope[k][ps] * elapsed);
                            }
                            continue;
                        }
                        int b = x * cand.max + c - FIRST_SLOT;
                        if (wasOn) {
                            step[k][at] = jumps.cost(mem.lo[k][ps], mem.hi[k][ps], cand.lo[b], cand.hi[b], 1,
                                    mem.slope[k][ps], wrap);
                        } else if (mem.seen[k][ps]) {
                            int elapsed = mem.gap[k][ps] + 1;
                            step[k][at] = cfg.switchCost() + jumps.cost(mem.lo[k][ps], mem.hi[k][ps], cand.lo[b],
                                    cand.hi[b], elapsed, mem.slope[k][ps] * elapsed, wrap);
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
                    int ki = i % kinds;
                    int kj = j % kinds;
                    double best = Double.POSITIVE_INFINITY;
                    double bestKey = Double.POSITIVE_INFINITY;
                    int arg = 0;
                    double[] s0 = step[0];
                    double[] s1 = step[1];
                    int at0 = i * maxStates;
                    int at1 = curves == 2 ? j * maxStates : -1;
                    boolean favoured = ki == GAP || kj == GAP;
                    // An absent curve keeps its level, so only predecessors on that level can lead to it.
                    int iFrom = ki < FIRST_SLOT ? i / kinds * prevKinds : 0;
                    int iTo = ki < FIRST_SLOT ? iFrom + prevKinds : prevN;
                    int jFrom = curves == 2 && kj < FIRST_SLOT ? j / kinds * prevKinds : 0;
                    int jTo = curves == 2 && kj < FIRST_SLOT ? jFrom + prevKinds : prevM;
                    for (int pi = iFrom; pi < iTo; pi++) {
                        for (int ps = pi * prevM + jFrom; ps < pi * prevM + jTo; ps++) {
                            double c = cost[ps] + s0[at0 + ps] + (at1 >= 0 ? s1[at1 + ps] : 0);
                            double key = favoured ? c - favour[0][at0 + ps] - (at1 >= 0 ? favour[1][at1 + ps] : 0) : c;
                            if (key < bestKey) {
                                bestKey = key;
                                best = c;
                                arg = ps;
                            }
                        }
                    }
                    next[s] = best + emission(cand, x, ki, kj, i / kinds, j / kinds, cfg);
                    back[base + s] = arg;
                    for (int k = 0; k < curves; k++) {
                        int c = k == 0 ? ki : kj;
                        if (c < FIRST_SLOT) {
                            nextMem.copy(k, s, mem, arg);
                            nextMem.gap[k][s] = mem.gap[k][arg] + 1;
                            continue;
                        }
                        int b = x * cand.max + c - FIRST_SLOT;
                        double slope = 0;
                        if (mem.seen[k][arg]) {
                            // The step in unwrapped rows: a wrap moves the new centre by a span.
                            int pChoice = k == 0 ? arg / prevM : arg % prevM;
                            int wrap = (k == 0 ? i : j) / kinds - pChoice / prevKinds;
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
            prevKinds = kinds;
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
            int kinds = cand.count[x] + FIRST_SLOT;
            int m = choices(cand.count[x], curves == 2, levels);
            int i = s / m;
            int j = s % m;
            out[0][x] = i % kinds;
            out[1][x] = j % kinds;
            out[2][x] = i / kinds;
            out[3][x] = j / kinds;
            if (x > 0) {
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

    /**
     * A curve's choices in a column with {@code candidates} segments: every kind at every level; a
     * curve the map lacks has one (absent, on the scale).
     */
    private static int choices(int candidates, boolean followed, int levels) {
        return followed ? (candidates + FIRST_SLOT) * levels : 1;
    }

    /**
     * Cost of column x's state with kinds (i, j) at wrap levels (li, lj): each curve's class or
     * absence cost, sharing, and per curve on a segment of its backup {@code backup_cost} times the
     * segment's position on the scale (a backup carries values just past the right end, so it runs
     * low on the track; a reading a span off runs anywhere).
     */
    private static double emission(Candidates cand, int x, int i, int j, int li, int lj, TrackerConfig cfg) {
        int base = x * cand.max;
        double c = backup(cand, base, i, li, cfg) + backup(cand, base, j, lj, cfg);
        c += i < FIRST_SLOT ? absent(cand.q1, base, cand.count[x], cfg)
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

    /** {@code backup_cost} times the segment's position on the scale for kind k on the backup; 0 otherwise. */
    private static double backup(Candidates cand, int base, int k, int level, TrackerConfig cfg) {
        return level > 0 && k >= FIRST_SLOT ? cfg.backupCost() * cand.position[base + k - FIRST_SLOT] : 0;
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
        /** Columns of gap over which a slope is carried across an edge (a dash gap in a steep flank). */
        private static final int WRAP_CARRY = 3;

        private final double height;
        private final double span;
        private final TrackerConfig cfg;

        Jumps(int height, Track track, TrackerConfig cfg) {
            this.height = height;
            this.span = track == null ? 0 : track.height();
            this.cfg = cfg;
        }

        /**
         * The cost of a step from rows aLo..aHi to bLo..bHi after {@code elapsed} columns that
         * changes the wrap level by {@code wrap}: 0 straight, +1 out of the top edge and in at the
         * bottom (the new rows lie one span up), -1 the other way; measured from where the trace
         * left or from there moved by {@code carried} rows (its slope times the gap), whichever is nearer.
         */
        double cost(int aLo, int aHi, int bLo, int bHi, int elapsed, double carried, int wrap) {
            // Across an edge the slope is carried over a short gap only: carried over a long one, it
            // reaches the far edge from anywhere and makes a wrap out of a plain step.
            double across = wrap == 0 ? carried : carried / elapsed * Math.min(elapsed, WRAP_CARRY);
            double jump = jump(aLo, aHi, bLo, bHi, -wrap * span, elapsed, across);
            return wrap == 0 ? jump : cfg.wrapCost() + jump;
        }

        /** The cheapest of the straight and wrapped readings of a step (a look-ahead, not a path's cost). */
        double cheapest(int aLo, int aHi, int bLo, int bHi, int elapsed, double carried) {
            double straight = cost(aLo, aHi, bLo, bHi, elapsed, carried, 0);
            return span > 0 ? Math.min(straight, Math.min(cost(aLo, aHi, bLo, bHi, elapsed, carried, 1),
                    cost(aLo, aHi, bLo, bHi, elapsed, carried, -1))) : straight;
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
     * One curve from its chosen path: observed rows at the chosen segments' centres, the path's wrap
     * level per column, and gaps filled linearly in unwrapped rows.
     */
    private static ExtractedCurve curve(int classId, int[] choice, int[] level, Candidates cand, Track track) {
        int w = choice.length;
        double[] rows = new double[w];
        boolean[] observed = new boolean[w];
        level = level.clone();
        for (int x = 0; x < w; x++) {
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
