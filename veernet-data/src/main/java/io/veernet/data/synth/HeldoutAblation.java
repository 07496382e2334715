package io.veernet.data.synth;

import io.veernet.data.synth.AppearanceRanges.Factor;

import java.util.ArrayList;
import java.util.List;

/**
 * Which held-out axis hurts a trained model most, without training: the held-out profile with one
 * group of its axes put back to the training ({@code randomised}) ranges at a time. A variant that
 * recovers most of the gap names the axis the model has not learned to read through.
 */
public final class HeldoutAblation {

    /** One look: its name, what it reverts, and its ranges. */
    public record Variant(String name, String reverted, AppearanceRanges ranges) {
    }

    private HeldoutAblation() {
    }

    /** The held-out look, each group reverted alone, and everything reverted (the training look at held-out's curve-1 widths). */
    public static List<Variant> variants() {
        AppearanceRanges held = StyleProfile.heldout();
        AppearanceRanges train = StyleProfile.randomised();
        List<Variant> out = new ArrayList<>();
        out.add(new Variant("heldout", "nothing", held));
        AppearanceRanges pattern = revert(held, train, Factor.DASH_SCALE).with(train.curve2Patterns(), held.jpegProbability());
        out.add(new Variant("curve-2 pattern", "curve 2 families and DASH_SCALE", pattern));
        out.add(new Variant("grid", "GRID_SPACING, GRID_INK, GRID_JITTER, VALUE_DIVISIONS",
                revert(held, train, Factor.GRID_SPACING, Factor.GRID_INK, Factor.GRID_JITTER, Factor.VALUE_DIVISIONS)));
        out.add(new Variant("noise", "NOISE, SALT_PEPPER", revert(held, train, Factor.NOISE, Factor.SALT_PEPPER)));
        out.add(new Variant("jpeg", "JPEG_QUALITY and the JPEG chance",
                revert(held, train, Factor.JPEG_QUALITY).with(held.curve2Patterns(), train.jpegProbability())));
        AppearanceRanges all = revert(held, train, Factor.DASH_SCALE, Factor.GRID_SPACING, Factor.GRID_INK, Factor.GRID_JITTER,
                Factor.VALUE_DIVISIONS, Factor.NOISE, Factor.SALT_PEPPER, Factor.JPEG_QUALITY)
                .with(train.curve2Patterns(), train.jpegProbability());
        out.add(new Variant("all reverted", "every held-out axis", all));
        return out;
    }

    private static AppearanceRanges revert(AppearanceRanges to, AppearanceRanges from, Factor... factors) {
        AppearanceRanges r = to;
        for (Factor f : factors) {
            r = r.with(f, from.span(f));
        }
        return r;
    }
}
