package io.veernet.data.dataset;

import io.veernet.data.raster.GrayImage;
import io.veernet.data.raster.LabelMask;
import io.veernet.data.raster.RasterFormatException;
import io.veernet.data.raster.RasterIO;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a dataset folder in the documented format (docs/DATASET.md): training, evaluation and
 * any other tool go through here, and every problem is one error naming the file.
 */
public final class Dataset {

    private final Path root;
    private final Manifest manifest;

    private Dataset(Path root, Manifest manifest) {
        this.root = root;
        this.manifest = manifest;
    }

    public static Dataset open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root, "no such dataset folder");
        }
        return new Dataset(root, Manifest.read(root.resolve(Manifest.FILE)));
    }

    public Path root() {
        return root;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** The samples of a split; a split that does not exist or is empty is an error. */
    public List<SampleRef> split(String name) {
        List<String> ids = manifest.splits().get(name);
        if (ids == null) {
            throw new DatasetException(root, "has no split '" + name + "' (it has " + manifest.splits().keySet() + ")");
        }
        if (ids.isEmpty()) {
            throw new DatasetException(root, "split '" + name + "' is empty");
        }
        return ids.stream().map(id -> new SampleRef(root, name, id)).toList();
    }

    public boolean hasSplit(String name) {
        return manifest.splits().containsKey(name);
    }

    /** An image with its class mask, checked to be the same size. */
    public record Labelled(GrayImage image, LabelMask mask) {
    }

    /** Loads and cross-checks a sample's image, mask and truth. */
    public static Sample load(SampleRef ref) {
        Labelled l = loadLabelled(ref);
        Truth truth = TruthFile.read(ref.truth());
        if (truth.width() != l.image().width() || truth.height() != l.image().height()) {
            throw new DatasetException(ref.truth(), "truth is for a " + truth.width() + " x " + truth.height()
                    + " image but the image is " + l.image().width() + " x " + l.image().height());
        }
        return new Sample(ref, l.image(), l.mask(), truth);
    }

    /** Loads a sample's image and mask (what training needs), checked to match in size. */
    public static Labelled loadLabelled(SampleRef ref) {
        GrayImage image = image(ref);
        LabelMask mask;
        try {
            mask = RasterIO.readMask(ref.mask());
        } catch (RasterFormatException e) {
            throw new DatasetException(e.getMessage(), e);
        }
        if (mask.width() != image.width() || mask.height() != image.height()) {
            throw new DatasetException(ref.mask(), "mask is " + mask.width() + " x " + mask.height()
                    + " but its image is " + image.width() + " x " + image.height());
        }
        return new Labelled(image, mask);
    }

    /** Loads only a sample's image (for inference). */
    public static GrayImage image(SampleRef ref) {
        try {
            return RasterIO.readGray(ref.image());
        } catch (RasterFormatException e) {
            throw new DatasetException(e.getMessage(), e);
        }
    }

    public Sample load(String split, int index) {
        return load(split(split).get(index));
    }
}
