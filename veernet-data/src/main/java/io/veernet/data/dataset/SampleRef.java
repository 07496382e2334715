package io.veernet.data.dataset;

import java.nio.file.Path;

/** Where one sample's three files lie: {@code <split>/<id>.png}, {@code .mask.png}, {@code .truth.json}. */
public record SampleRef(Path root, String split, String id) {

    /** The label mask's file name ending, after the sample id. */
    public static final String MASK_SUFFIX = ".mask.png";

    public Path image() {
        return root.resolve(split).resolve(id + ".png");
    }

    public Path mask() {
        return root.resolve(split).resolve(id + MASK_SUFFIX);
    }

    public Path truth() {
        return root.resolve(split).resolve(id + ".truth.json");
    }

    @Override
    public String toString() {
        return split + "/" + id;
    }
}
