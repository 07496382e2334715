package io.veernet.data.dataset;

import io.veernet.data.raster.GrayImage;
import io.veernet.data.synth.DatasetGenerator;
import io.veernet.data.synth.DatasetGeneratorTest;
import io.veernet.data.raster.LabelMask;
import io.veernet.data.raster.RasterIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every broken dataset gives one clear error that names the file. */
class DatasetReaderTest {

    @TempDir
    Path dir;
    Dataset ds;

    @BeforeEach
    void generate() throws IOException {
        new DatasetGenerator(DatasetGeneratorTest.SMALL, 5, DatasetGeneratorTest.counts(2, 1, 0)).generate(dir, 1, false, n -> { });
        ds = Dataset.open(dir);
    }

    private static void assertNames(Exception e, Path file, String words) {
        assertTrue(e.getMessage().contains(file.toString()), "should name " + file + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(words), "should say '" + words + "': " + e.getMessage());
    }

    @Test
    void missingManifest() throws IOException {
        Files.delete(dir.resolve(Manifest.FILE));
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.open(dir));
        assertNames(e, dir, "manifest.json is missing");
    }

    @Test
    void corruptManifest() throws IOException {
        Files.writeString(dir.resolve(Manifest.FILE), "{\"format\": \"veernet-dataset\", ");
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.open(dir));
        assertNames(e, dir.resolve(Manifest.FILE), "not a valid manifest");
    }

    @Test
    void corruptImage() throws IOException {
        SampleRef ref = ds.split("train").get(0);
        Files.writeString(ref.image(), "garbage");
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.load(ref));
        assertNames(e, ref.image(), "not a PNG");
    }

    @Test
    void truncatedImage() throws IOException {
        SampleRef ref = ds.split("train").get(1);
        byte[] bytes = Files.readAllBytes(ref.image());
        Files.write(ref.image(), Arrays.copyOf(bytes, bytes.length / 3));
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.load(ref));
        assertNames(e, ref.image(), "corrupt or truncated");
    }

    @Test
    void maskOfTheWrongSize() throws IOException {
        SampleRef ref = ds.split("train").get(0);
        GrayImage image = RasterIO.readGray(ref.image());
        RasterIO.writeMask(LabelMask.blank(image.width() - 3, image.height()), ref.mask());
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.load(ref));
        assertNames(e, ref.mask(), "mask is " + (image.width() - 3));
    }

    @Test
    void maskWithClassValuesOutOfRange() throws IOException {
        SampleRef ref = ds.split("train").get(0);
        GrayImage image = RasterIO.readGray(ref.image());
        RasterIO.writePng(image, ref.mask());
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.load(ref));
        assertNames(e, ref.mask(), "not a class index");
    }

    @Test
    void truthWithTheWrongNumberOfColumns() throws IOException {
        SampleRef ref = ds.split("validation").get(0);
        String json = Files.readString(ref.truth());
        Files.writeString(ref.truth(), json.replaceFirst("\"row\":\\[[^,]*,", "\"row\":["));
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.load(ref));
        assertNames(e, ref.truth(), "row has");
    }

    @Test
    void missingTruthFile() throws IOException {
        SampleRef ref = ds.split("train").get(0);
        Files.delete(ref.truth());
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.load(ref));
        assertNames(e, ref.truth(), "truth file is missing");
    }

    @Test
    void splitThatDoesNotExistAndEmptySplit() {
        DatasetException e1 = assertThrows(DatasetException.class, () -> ds.split("holdout"));
        assertNames(e1, dir, "has no split 'holdout'");
        DatasetException e2 = assertThrows(DatasetException.class, () -> ds.split("test"));
        assertNames(e2, dir, "split 'test' is empty");
    }
}
