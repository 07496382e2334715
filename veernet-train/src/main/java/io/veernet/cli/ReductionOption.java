package io.veernet.cli;

import io.veernet.config.VeernetConfig;
import io.veernet.data.raster.Reduction;

/** The {@code --reduction} override that evaluate and digitize share. */
final class ReductionOption {

    private ReductionOption() {
    }

    /** The run's config with {@code name}'s reduction, or unchanged when it is null; a bad name is a user error. */
    static VeernetConfig apply(VeernetConfig cfg, String name) {
        if (name == null) {
            return cfg;
        }
        try {
            return cfg.with(cfg.eval().with(Reduction.parse(name)));
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--reduction: " + e.getMessage(), e);
        }
    }
}
