package io.veernet.data.synth;

import io.veernet.data.dataset.CurveTruth;
import io.veernet.data.raster.LabelMask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogSynthesizerTest {

    private static SynthConfig sized(int w, int h) {
        return SynthConfig.defaults().withSize(new SynthConfig.Range(w, w), new SynthConfig.Range(h, h));
    }

    @Test
    void sameSeedGivesTheSameLogAndOtherSeedsDiffer() {
        LogSynthesizer a = new LogSynthesizer(SynthConfig.defaults());
        LogSynthesizer b = new LogSynthesizer(SynthConfig.defaults());
        SyntheticLog x = a.generate(SampleSeeds.of(5, "train", 3));
        SyntheticLog y = b.generate(SampleSeeds.of(5, "train", 3));
        SyntheticLog z = a.generate(SampleSeeds.of(5, "train", 4));
        assertArrayEquals(x.image().pixels(), y.image().pixels());
        assertArrayEquals(x.mask().labels(), y.mask().labels());
        assertEquals(x.truth(), y.truth());
        assertFalse(java.util.Arrays.equals(x.image().pixels(), z.image().pixels()));
    }

    @Test
    void sizesComeFromTheConfiguredRanges() {
        SynthConfig cfg = SynthConfig.defaults().withSize(new SynthConfig.Range(300, 340), new SynthConfig.Range(40, 48));
        LogSynthesizer s = new LogSynthesizer(cfg);
        for (int i = 0; i < 20; i++) {
            SyntheticLog log = s.generate(SampleSeeds.of(1, "t", i));
            assertTrue(log.image().width() >= 300 && log.image().width() <= 340);
            assertTrue(log.image().height() >= 40 && log.image().height() <= 48);
            assertEquals(log.image().width(), log.truth().width());
        }
    }

    /**
     * Where a curve is inked and the other curve does not lie over it, its truth row lies within
     * 1.5 px of a mask pixel of its class, in at least 99% of columns.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.5, 1.0})
    void truthRowsLieOnTheirCurvesMaskPixels(double realism) {
        long[] r = truthOnMask(new LogSynthesizer(sized(900, 96).withRealism(realism)), 12);
        assertTrue(r[0] > 5000, "too few columns checked: " + r[0]);
        assertTrue(r[1] >= 0.99 * r[0], "only " + r[1] + " of " + r[0] + " truth points lie on their curve");
    }

    /**
     * Every randomisation factor, pinned at each end of its training range and of its held-out
     * range (the others drawn as usual), keeps the labels exact by the same 1.5 px check.
     */
    @ParameterizedTest
    @EnumSource(AppearanceRanges.Factor.class)
    void everyAppearanceFactorKeepsLabelsExactAtTheEndsOfItsRanges(AppearanceRanges.Factor factor) {
        SynthConfig cfg = sized(700, 72).withProfile(StyleProfile.RANDOMISED);
        for (StyleProfile profile : new StyleProfile[] {StyleProfile.RANDOMISED, StyleProfile.HELDOUT}) {
            AppearanceRanges ranges = profile.ranges();
            for (double v : new double[] {ranges.span(factor).lo(), ranges.span(factor).hi()}) {
                // JPEG always on, so the quality ends are exercised too; every curve-2 family.
                AppearanceRanges pinned = ranges.with(factor, v).with(ranges.curve2Patterns(), 1.0);
                long[] r = truthOnMask(new LogSynthesizer(cfg, pinned), 4);
                assertTrue(r[0] > 1000, factor + "=" + v + ": too few columns checked: " + r[0]);
                assertTrue(r[1] >= 0.99 * r[0], profile + " " + factor + "=" + v + ": only " + r[1] + " of " + r[0]
                        + " truth points lie on their curve");
            }
        }
    }

    /** The solid-but-lighter-and-thinner family and every broken family keep the labels exact too. */
    @ParameterizedTest
    @EnumSource(DashPattern.class)
    void everyCurveTwoFamilyKeepsLabelsExact(DashPattern family) {
        AppearanceRanges ranges = StyleProfile.RANDOMISED.ranges().with(java.util.List.of(family), 0.5);
        long[] r = truthOnMask(new LogSynthesizer(sized(700, 72), ranges), 6);
        assertTrue(r[1] >= 0.99 * r[0], family + ": only " + r[1] + " of " + r[0]);
    }

    /** The random family draws its own runs per log, the same ones again for the same seed, within its documented ranges. */
    @Test
    void randomFamilyDrawsSeededRunsPerLog() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            double[] a = DashPattern.RANDOM.runs(new java.util.SplittableRandom(seed));
            assertArrayEquals(a, DashPattern.RANDOM.runs(new java.util.SplittableRandom(seed)));
            assertTrue(a.length == 2 || a.length == 4, "runs " + java.util.Arrays.toString(a));
            for (int i = 0; i < a.length; i++) {
                double lo = i % 2 == 0 ? 0.01 : 1.5;
                double hi = i % 2 == 0 ? 6.0 : 4.5;
                assertTrue(a[i] >= lo && a[i] <= hi, "run " + i + " = " + a[i]);
            }
            seen.add(java.util.Arrays.toString(a));
        }
        assertEquals(20, seen.size(), "every seed should draw its own pattern");
        assertArrayEquals(new double[] {5, 3}, DashPattern.DASHED.runs(new java.util.SplittableRandom(1)));
    }

    /** Randomised and held-out logs are reproducible and obey the style rule: curve 1 darker or heavier, curve 2 never both. */
    @ParameterizedTest
    @EnumSource(value = StyleProfile.class, names = {"RANDOMISED", "HELDOUT", "WIDE", "COMPOUNDED"})
    void profilesAreDeterministicAndKeepTheStyleRule(StyleProfile profile) {
        SynthConfig cfg = sized(800, 72).withProfile(profile);
        SyntheticLog a = new LogSynthesizer(cfg).generate(SampleSeeds.of(3, "t", 1));
        SyntheticLog b = new LogSynthesizer(cfg).generate(SampleSeeds.of(3, "t", 1));
        assertArrayEquals(a.image().pixels(), b.image().pixels());
        assertArrayEquals(a.mask().labels(), b.mask().labels());
        int ok = 0;
        int n = 20;
        LogSynthesizer s = new LogSynthesizer(cfg);
        for (int i = 0; i < n; i++) {
            SyntheticLog log = s.generate(SampleSeeds.of(9, "t", i));
            ok += thickness(log, 1) >= thickness(log, 2) ? 1 : 0;
            assertEquals("solid", log.truth().curve(1).style());
        }
        assertTrue(ok >= n - 2, "curve 1 at least as heavy in only " + ok + " of " + n);
    }

    /** synth.classic_share: each randomised log is either exactly the classic profile's log or exactly a share of 0's. */
    @Test
    void classicShareDrawsWholeClassicLogsAndLeavesTheOthersAlone() {
        SynthConfig randomised = sized(400, 72).withProfile(StyleProfile.RANDOMISED);
        LogSynthesizer mixed = new LogSynthesizer(randomised.withClassicShare(0.25));
        LogSynthesizer plain = new LogSynthesizer(randomised);
        LogSynthesizer classic = new LogSynthesizer(randomised.withProfile(StyleProfile.CLASSIC));
        // Other profiles ignore the share: the held-out look never turns classic.
        LogSynthesizer heldout = new LogSynthesizer(randomised.withClassicShare(1).withProfile(StyleProfile.HELDOUT));
        LogSynthesizer heldoutPlain = new LogSynthesizer(randomised.withProfile(StyleProfile.HELDOUT));
        int classicLogs = 0;
        int logs = 80;
        for (int i = 0; i < logs; i++) {
            long seed = SampleSeeds.of(7, "share", i);
            SyntheticLog log = mixed.generate(seed);
            SyntheticLog asClassic = classic.generate(seed);
            SyntheticLog asPlain = plain.generate(seed);
            boolean isClassic = sameLog(log, asClassic);
            boolean isPlain = sameLog(log, asPlain);
            assertTrue(isClassic != isPlain, "log " + i + " must be one look or the other");
            classicLogs += isClassic ? 1 : 0;
            if (i < 10) {
                assertArrayEquals(heldoutPlain.generate(seed).image().pixels(), heldout.generate(seed).image().pixels());
            }
        }
        // 80 draws at 0.25: 20 expected, sd 3.9.
        assertTrue(classicLogs >= 8 && classicLogs <= 32, classicLogs + " classic logs of " + logs);
        assertEquals(logs, logsOf(new LogSynthesizer(randomised.withClassicShare(1)), classic, logs));
    }

    /** How many of the first logs two synthesizers draw identically. */
    private static int logsOf(LogSynthesizer a, LogSynthesizer b, int logs) {
        int same = 0;
        for (int i = 0; i < logs; i++) {
            long seed = SampleSeeds.of(7, "share", i);
            same += sameLog(a.generate(seed), b.generate(seed)) ? 1 : 0;
        }
        return same;
    }

    /** Byte for byte the same picture, mask and truth. */
    private static boolean sameLog(SyntheticLog a, SyntheticLog b) {
        return Arrays.equals(a.image().pixels(), b.image().pixels()) && Arrays.equals(a.mask().labels(), b.mask().labels())
                && a.truth().equals(b.truth());
    }

    @Test
    void classicShareOutsideZeroToOneIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SynthConfig.defaults().withClassicShare(1.5));
        assertTrue(e.getMessage().contains("classic_share"), e.getMessage());
    }

    @Test
    void classicIsTheDefaultProfile() {
        assertEquals(StyleProfile.CLASSIC, SynthConfig.defaults().profile());
        assertEquals(StyleProfile.HELDOUT, StyleProfile.parse("heldout"));
    }

    /** Columns checked and columns whose truth row has a mask pixel of its class within 1.5 px. */
    private static long[] truthOnMask(LogSynthesizer s, int logs) {
        long checked = 0;
        long near = 0;
        for (int i = 0; i < logs; i++) {
            SyntheticLog log = s.generate(SampleSeeds.of(11, "t", i));
            LabelMask mask = log.mask();
            for (CurveTruth curve : log.truth().curves()) {
                for (int x = 0; x < mask.width(); x++) {
                    if (!curve.present(x) || !curve.ink()[x] || otherCurveNearby(mask, x, curve.row()[x], curve.classId())) {
                        continue;
                    }
                    checked++;
                    if (hasClassPixelWithin(mask, x, curve.row()[x], curve.classId(), 1.5)) {
                        near++;
                    }
                }
            }
        }
        return new long[] {checked, near};
    }

    @Test
    void curvesAreOneToSixPercentOfPixelsAtDefaultRealism() {
        for (int[] size : new int[][] {{512, 64}, {1024, 96}, {300, 64}}) {
            LogSynthesizer s = new LogSynthesizer(sized(size[0], size[1]));
            for (int i = 0; i < 15; i++) {
                LabelMask mask = s.generate(SampleSeeds.of(2, "t", i)).mask();
                long curve = 0;
                for (byte b : mask.labels()) {
                    assertTrue(b >= 0 && b <= 2);
                    curve += b != 0 ? 1 : 0;
                }
                double share = curve / (double) mask.labels().length;
                assertTrue(share >= 0.01 && share <= 0.06,
                        "curve share " + share + " at " + size[0] + " x " + size[1] + " sample " + i);
            }
        }
    }

    /** Curve 1 is the darker, heavier trace: its class is defined by its style. */
    @Test
    void curveOneIsDrawnDarkerAndHeavierThanCurveTwo() {
        LogSynthesizer s = new LogSynthesizer(sized(800, 96).withRealism(0.3));
        int darker = 0;
        int heavier = 0;
        int n = 20;
        for (int i = 0; i < n; i++) {
            SyntheticLog log = s.generate(SampleSeeds.of(4, "t", i));
            double[] sum = new double[3];
            long[] count = new long[3];
            for (int p = 0; p < log.mask().labels().length; p++) {
                int c = log.mask().labels()[p];
                sum[c] += log.image().pixels()[p] & 0xFF;
                count[c]++;
            }
            if (sum[1] / count[1] < sum[2] / count[2]) {
                darker++;
            }
            if (thickness(log, 1) > thickness(log, 2)) {
                heavier++;
            }
        }
        assertTrue(darker >= n - 1, "curve 1 darker in only " + darker + " of " + n);
        assertTrue(heavier >= n - 1, "curve 1 heavier in only " + heavier + " of " + n);
    }

    @Test
    void curveTwoIsBrokenIntoDashesAndCurveOneIsSolid() {
        LogSynthesizer s = new LogSynthesizer(sized(1200, 96).withRealism(0));
        for (int i = 0; i < 8; i++) {
            SyntheticLog log = s.generate(SampleSeeds.of(8, "t", i));
            assertTrue(inkedShare(log.truth().curve(1)) > 0.97, "curve 1 should be solid");
            assertTrue(inkedShare(log.truth().curve(2)) < 0.8, "curve 2 should be dashed or dotted");
        }
    }

    /** Mean class pixels per inked column where the curve runs flat: the stroke's weight. */
    private static double thickness(SyntheticLog log, int classId) {
        CurveTruth t = log.truth().curve(classId);
        long pixels = 0;
        long columns = 0;
        for (int x = 1; x + 1 < t.width(); x++) {
            double slope = Math.abs(t.row()[x + 1] - t.row()[x - 1]);
            if (!t.ink()[x] || !(slope < 0.3)) {
                continue;
            }
            int inColumn = 0;
            for (int y = 0; y < log.mask().height(); y++) {
                inColumn += log.mask().get(x, y) == classId ? 1 : 0;
            }
            pixels += inColumn;
            columns++;
        }
        return columns == 0 ? 0 : pixels / (double) columns;
    }

    private static double inkedShare(CurveTruth t) {
        int present = 0;
        int inked = 0;
        for (int x = 0; x < t.width(); x++) {
            if (t.present(x)) {
                present++;
                inked += t.ink()[x] ? 1 : 0;
            }
        }
        return inked / (double) present;
    }

    private static boolean otherCurveNearby(LabelMask mask, int x, double row, int classId) {
        int y0 = (int) Math.round(row);
        for (int y = y0 - 3; y <= y0 + 3; y++) {
            if (y >= 0 && y < mask.height()) {
                int c = mask.get(x, y);
                if (c != 0 && c != classId) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasClassPixelWithin(LabelMask mask, int x, double row, int classId, double radius) {
        int r = (int) Math.ceil(radius);
        for (int dx = -r; dx <= r; dx++) {
            for (int y = (int) Math.floor(row - r); y <= (int) Math.ceil(row + r); y++) {
                int xx = x + dx;
                if (xx < 0 || xx >= mask.width() || y < 0 || y >= mask.height()) {
                    continue;
                }
                if (mask.get(xx, y) == classId && Math.hypot(dx, y - row) <= radius) {
                    return true;
                }
            }
        }
        return false;
    }
}
