package io.veernet.cli;

import io.veernet.config.VeernetConfig;
import io.veernet.data.raster.Reduction;
import io.veernet.model.Tiling;
import picocli.CommandLine.Option;

/** How evaluate and digitize bring an input to the model: {@code --reduction}, {@code --reduce-to} and {@code --tile} over the run's config. */
final class ServingOptions {

    @Option(names = "--reduction", paramLabel = "area|darkest|blend",
            description = "How a scan taller than the trained heights is reduced to them (default: the run config's "
                    + "eval.reduction; docs/DIGITIZING.md).")
    String reduction;

    @Option(names = "--reduce-to", paramLabel = "ROWS",
            description = "Rows a taller scan is reduced to, at least the largest trained height; 0 for that height "
                    + "(default: the run config's eval.reduce_to; docs/DIGITIZING.md).")
    Integer reduceTo;

    @Option(names = "--tile", paramLabel = "WINDOW:OVERLAP[:WHOLE_UP_TO]|off",
            description = "Predict in windows of WINDOW columns (at the working height) overlapping by OVERLAP, images up to "
                    + "WHOLE_UP_TO columns whole, or off for the whole image at once (default: the run config's eval.tiling).")
    String tile;

    /** The run's config with these overrides; a bad value is a user error naming the option. */
    VeernetConfig apply(VeernetConfig cfg) {
        VeernetConfig out = cfg;
        if (reduction != null) {
            try {
                out = out.with(out.eval().with(Reduction.parse(reduction)));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--reduction: " + e.getMessage(), e);
            }
        }
        if (reduceTo != null) {
            try {
                out = out.with(out.eval().reducingTo(reduceTo));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--reduce-to: " + e.getMessage(), e);
            }
        }
        if (tile != null) {
            try {
                out = out.with(out.eval().with(Tiling.parse(tile)));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--tile: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The overrides as command-line text, for the report's command line. */
    String asArguments() {
        return (reduction != null ? " --reduction " + reduction : "") + (reduceTo != null ? " --reduce-to " + reduceTo : "")
                + (tile != null ? " --tile " + tile : "");
    }
}
