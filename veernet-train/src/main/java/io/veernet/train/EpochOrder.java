package io.veernet.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** The order images are seen in an epoch: a shuffle seeded by (seed, epoch) alone, so resuming recomputes it. */
public final class EpochOrder {

    private EpochOrder() {
    }

    public static <T> List<T> of(List<T> items, long seed, int epoch) {
        List<T> order = new ArrayList<>(items);
        Collections.shuffle(order, new Random(seed * 0x9E3779B97F4A7C15L + epoch));
        return order;
    }
}
