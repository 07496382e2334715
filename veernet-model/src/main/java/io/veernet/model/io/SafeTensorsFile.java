package io.veernet.model.io;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.veernet.data.io.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weights as SafeTensors (the Hugging Face format: an 8-byte little-endian header length, a JSON
 * header giving each tensor's dtype, shape and data_offsets, then the raw little-endian data),
 * one tensor per parameter, named as in {@link Block#getParameters()}. Python reads the file with
 * {@code safetensors.torch.load_file}. BatchNorm running statistics are included.
 */
public final class SafeTensorsFile {

    private SafeTensorsFile() {}

    /** Writes every parameter of the initialised {@code block} to {@code file} (in an existing folder), atomically. */
    public static void save(Block block, Path file) throws IOException {
        try (NDManager scratch = NDManager.newBaseManager()) {
            NDList named = new NDList();
            for (Map.Entry<String, Parameter> e : NamedWeights.parameters(block).entrySet()) {
                NDArray array = e.getValue().getArray();
                // A view that shares the weights' memory, so naming it leaves the parameter's own
                // array (and name) alone.
                NDArray view = array.reshape(array.getShape());
                view.attach(scratch);
                view.setName(e.getKey());
                named.add(view);
            }
            AtomicFiles.write(file, true, out -> named.encode(out, NDList.Encoding.SAFETENSORS));
        }
    }

    /**
     * Copies the tensors in {@code file} into the parameters of {@code target}.
     *
     * @throws IncompatibleWeightsException when names, shapes or dtypes differ; the target is
     *     untouched then
     * @throws MalformedModelException when the file is not readable SafeTensors
     */
    public static void load(Path file, Block target) throws IOException, MalformedModelException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                NDManager scratch = NDManager.newBaseManager()) {
            NDList tensors;
            try {
                tensors = NDList.decode(scratch, in);
            } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException e) {
                throw new MalformedModelException(file + " is not readable SafeTensors: " + e.getMessage(), e);
            }
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            for (NDArray tensor : tensors) {
                if (tensor.getName() == null) {
                    throw new MalformedModelException(file + " holds an unnamed tensor; is it SafeTensors?");
                }
                arrays.put(tensor.getName(), tensor);
            }
            NamedWeights.copyInto(target, arrays, file.toString());
        }
    }
}
