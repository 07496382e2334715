package io.veernet.data.synth;

import io.veernet.data.synth.AppearanceRanges.Factor;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppearanceRangesTest {

    /** A compounded log draws every degradation factor from the worse half of its range; the rest stay uniform. */
    @Test
    void compoundedLogsPutEveryDegradationAtItsWorseHalf() {
        AppearanceRanges all = StyleProfile.randomised().withCompoundShare(1);
        int lowHalfOfPaper = 0;
        for (int seed = 0; seed < 200; seed++) {
            Map<Factor, Double> v = all.draw(new SplittableRandom(seed));
            for (var e : AppearanceRanges.WORSE_HIGH.entrySet()) {
                var s = all.span(e.getKey());
                double mid = (s.lo() + s.hi()) / 2;
                double x = v.get(e.getKey());
                assertTrue(e.getValue() ? x >= mid && x <= s.hi() : x <= mid && x >= s.lo(), e.getKey() + " = " + x);
            }
            var paper = all.span(Factor.PAPER);
            lowHalfOfPaper += v.get(Factor.PAPER) < (paper.lo() + paper.hi()) / 2 ? 1 : 0;
        }
        assertTrue(lowHalfOfPaper > 60 && lowHalfOfPaper < 140, "paper is not a degradation: " + lowHalfOfPaper);
    }

    /** The share is what it says, and ranges without compounding draw exactly as before (held-out splits unchanged). */
    @Test
    void theShareHoldsAndZeroKeepsTheOriginalDraws() {
        AppearanceRanges quarter = StyleProfile.randomised();
        assertEquals(0.25, quarter.compoundShare());
        int compounded = 0;
        for (int seed = 0; seed < 2000; seed++) {
            Map<Factor, Double> v = quarter.draw(new SplittableRandom(seed));
            boolean worse = AppearanceRanges.WORSE_HIGH.entrySet().stream().allMatch(e -> {
                var s = quarter.span(e.getKey());
                double mid = (s.lo() + s.hi()) / 2;
                return e.getValue() ? v.get(e.getKey()) >= mid : v.get(e.getKey()) <= mid;
            });
            compounded += worse ? 1 : 0;
        }
        // 25% compounded plus the few independent draws that land there by chance (0.5^11 of the rest).
        assertEquals(0.25, compounded / 2000.0, 0.03);
        AppearanceRanges held = StyleProfile.heldout();
        SplittableRandom rng = new SplittableRandom(5);
        Map<Factor, Double> v = held.draw(new SplittableRandom(5));
        for (Factor f : Factor.values()) {
            var s = held.span(f);
            assertEquals(s.lo() + (s.hi() - s.lo()) * rng.nextDouble(), v.get(f), 0.0, f.name());
        }
    }

    /** The diagnostic wide profile holds both the training and the held-out ranges on every factor, and both pattern lists. */
    @org.junit.jupiter.api.Test
    void theWideProfileHoldsTheTrainingAndTheHeldOutRanges() {
        AppearanceRanges wide = StyleProfile.WIDE.ranges();
        for (AppearanceRanges profile : java.util.List.of(StyleProfile.randomised(), StyleProfile.heldout())) {
            for (Factor f : Factor.values()) {
                assertTrue(wide.span(f).lo() <= profile.span(f).lo() && wide.span(f).hi() >= profile.span(f).hi(), f.name());
            }
            assertTrue(wide.curve2Patterns().containsAll(profile.curve2Patterns()));
        }
    }

    /** The compounded validation look is the training ranges with every log from the worse half of every degradation. */
    @org.junit.jupiter.api.Test
    void theCompoundedProfileIsTheTrainingRangesAtTheirWorseHalf() {
        AppearanceRanges c = StyleProfile.COMPOUNDED.ranges();
        AppearanceRanges r = StyleProfile.randomised();
        assertEquals(1.0, c.compoundShare());
        assertEquals(r.spans(), c.spans());
        assertEquals(r.curve2Patterns(), c.curve2Patterns());
        for (int seed = 0; seed < 200; seed++) {
            Map<Factor, Double> v = c.draw(new SplittableRandom(seed));
            for (var e : AppearanceRanges.WORSE_HIGH.entrySet()) {
                var s = c.span(e.getKey());
                double mid = (s.lo() + s.hi()) / 2;
                assertTrue(e.getValue() ? v.get(e.getKey()) >= mid : v.get(e.getKey()) <= mid, e.getKey().name());
            }
        }
    }
}
