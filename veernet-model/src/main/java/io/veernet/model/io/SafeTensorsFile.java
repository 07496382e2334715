package io.veernet.model.io;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.veernet.data.io.AtomicFiles;
import io.veernet.model.averaging.WeightMaps;
import io.veernet.model.tensor.NamedParameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Weights as a SafeTensors file ({@link SafeTensors}), one tensor per parameter, named as in
 * {@link Block#getParameters()} and in block order, without metadata. Python reads the file with
 * {@code safetensors.torch.load_file}. BatchNorm running statistics are included.
 */
public final class SafeTensorsFile {

    private SafeTensorsFile() {}

    /** Writes every parameter of the initialised {@code block} to {@code file} (in an existing folder), atomically. */
    public static void save(Block block, Path file) throws IOException {
        byte[] bytes = SafeTensors.encode(WeightMaps.live(NamedParameters.of(block)), Map.of());
        AtomicFiles.write(file, true, bytes);
    }

    /**
     * Copies the tensors in {@code file} into the parameters of {@code target}.
     *
     * @throws IncompatibleWeightsException when names, shapes or dtypes differ; the target is
     *     untouched then
     * @throws MalformedModelException when the file is not readable SafeTensors
     */
    public static void load(Path file, Block target) throws IOException, MalformedModelException {
        byte[] bytes = Files.readAllBytes(file);
        try (NDManager scratch = NDManager.newBaseManager()) {
            Map<String, NDArray> arrays;
            try {
                arrays = SafeTensors.decode(bytes, scratch);
            } catch (IOException e) {
                // The file was read; what failed is its format.
                throw new MalformedModelException(file + " is not readable SafeTensors: " + e.getMessage(), e);
            }
            NamedWeights.copyInto(target, arrays, file.toString());
        }
    }
}
