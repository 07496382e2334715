package io.veernet.model.io;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.veernet.data.io.AtomicFiles;
import io.veernet.model.ModelConfig;
import io.veernet.model.VeerNet;
import io.veernet.model.averaging.WeightMaps;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * VeerNet weights in DJL's {@code .params} format, the layout {@code Model.save} writes and
 * {@code Model.load} reads (magic, version, name, data type, inputs, properties, then the block's
 * parameters in block order), with the architecture recorded in the properties.
 *
 * <p>DJL's format stores parameters by position, not by name, and {@code Model.load} accepts any
 * shape. Loading here therefore rebuilds the architecture the file records, reads the file into
 * it, and hands the named arrays to {@link NamedWeights#copyInto}, which compares every name,
 * shape and data type with the target before writing anything.
 */
public final class ParamsFile {

    /** The model name written into the header. */
    public static final String MODEL_NAME = "veernet";

    /** Prefix of the properties that record the {@link ModelConfig}, e.g. {@code veernet.config.depth}. */
    public static final String CONFIG_PREFIX = "veernet.config.";

    private static final String MAGIC = "DJL@";
    private static final int DJL_MODEL_VERSION = 1;

    private ParamsFile() {}

    /** Writes the weights of an initialised {@code net} to {@code file} (in an existing folder), atomically. */
    public static void save(VeerNet net, Path file) throws IOException {
        if (!net.isInitialized()) {
            throw new IllegalStateException("initialise the network before saving its weights");
        }
        Map<String, String> properties = configProperties(net.config());
        AtomicFiles.write(file, true, out -> {
            DataOutputStream dos = new DataOutputStream(out);
            dos.writeBytes(MAGIC);
            dos.writeInt(DJL_MODEL_VERSION);
            dos.writeUTF(MODEL_NAME);
            dos.writeUTF(DataType.FLOAT32.name());
            PairList<String, Shape> inputs = net.describeInput();
            dos.writeInt(inputs.size());
            for (Pair<String, Shape> input : inputs) {
                dos.writeUTF(input.getKey() == null ? "" : input.getKey());
                dos.write(input.getValue().getEncoded());
            }
            dos.writeInt(properties.size());
            for (Map.Entry<String, String> e : properties.entrySet()) {
                dos.writeUTF(e.getKey());
                dos.writeUTF(e.getValue());
            }
            net.saveParameters(dos);
            dos.flush();
        });
    }

    /** The architecture recorded in {@code file}, to build a matching network before loading. */
    public static ModelConfig readConfig(Path file) throws IOException, MalformedModelException {
        try (DataInputStream in = open(file)) {
            return readHeader(file, in);
        }
    }

    /**
     * Copies the weights in {@code file} into {@code target} (initialised, e.g. a {@link VeerNet}).
     *
     * @throws IncompatibleWeightsException when the file's parameters differ from the target's in
     *     name or shape; the target is untouched then
     * @throws MalformedModelException when the file is not a VeerNet weights file, or is truncated
     */
    public static void load(Path file, Block target) throws IOException, MalformedModelException {
        try (DataInputStream in = open(file); NDManager scratch = NDManager.newBaseManager()) {
            ModelConfig recorded = readHeader(file, in);
            VeerNet source = new VeerNet(recorded);
            try {
                source.loadParameters(scratch, in);
            } catch (EOFException e) {
                throw new MalformedModelException(file + " is truncated", e);
            } catch (IllegalArgumentException e) {
                throw new MalformedModelException(file + " is corrupt: " + e.getMessage(), e);
            }
            if (in.read() != -1) {
                throw new MalformedModelException(file + " has data after the last parameter");
            }
            NamedWeights.copyInto(target, WeightMaps.live(source.namedParameters()), file.toString());
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(raw, 1 << 16));
    }

    /** Reads the header up to the parameters and returns the recorded architecture. */
    private static ModelConfig readHeader(Path file, DataInputStream in) throws IOException, MalformedModelException {
        byte[] magic = new byte[MAGIC.length()];
        try {
            in.readFully(magic);
            if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
                throw new MalformedModelException(file + " is not a DJL .params file");
            }
            int version = in.readInt();
            if (version != DJL_MODEL_VERSION) {
                throw new MalformedModelException(file + ": unsupported DJL params version " + version);
            }
            in.readUTF(); // model name
            in.readUTF(); // data type
            int inputs = in.readInt();
            for (int i = 0; i < inputs; i++) {
                in.readUTF();
                Shape.decode(in);
            }
            int count = in.readInt();
            Map<String, String> properties = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                properties.put(in.readUTF(), in.readUTF());
            }
            return config(file, properties);
        } catch (EOFException e) {
            throw new MalformedModelException(file + " is truncated", e);
        }
    }

    /** The config as properties, one per record component, named in camelCase after the prefix. */
    static Map<String, String> configProperties(ModelConfig config) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (RecordComponent c : ModelConfig.class.getRecordComponents()) {
            try {
                properties.put(CONFIG_PREFIX + c.getName(), String.valueOf(c.getAccessor().invoke(config)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return properties;
    }

    /** Rebuilds the config; components the file lacks (written by an older version) take the defaults. */
    static ModelConfig config(Path file, Map<String, String> properties) throws MalformedModelException {
        if (properties.keySet().stream().noneMatch(k -> k.startsWith(CONFIG_PREFIX))) {
            throw new MalformedModelException(file + " records no VeerNet architecture (" + CONFIG_PREFIX
                    + "* properties); it was not written by ParamsFile.save");
        }
        RecordComponent[] components = ModelConfig.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        ModelConfig defaults = ModelConfig.defaults();
        try {
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                String text = properties.get(CONFIG_PREFIX + c.getName());
                values[i] = text == null ? c.getAccessor().invoke(defaults) : parse(c.getType(), text);
            }
            return ModelConfig.class.getDeclaredConstructor(types).newInstance(values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new MalformedModelException(file + " records an invalid architecture: " + e.getCause().getMessage(), e);
        } catch (ReflectiveOperationException | NumberFormatException e) {
            throw new MalformedModelException(file + " records an unreadable architecture: " + e.getMessage(), e);
        }
    }

    private static Object parse(Class<?> type, String text) {
        if (type == int.class) {
            return Integer.parseInt(text);
        } else if (type == double.class) {
            return Double.parseDouble(text);
        } else if (type == boolean.class) {
            return Boolean.parseBoolean(text);
        } else if (type == String.class) {
            return text;
        } else if (type == io.veernet.model.InkInput.class) {
            return io.veernet.model.InkInput.parse(text);
        }
        throw new IllegalStateException("ModelConfig component of unsupported type " + type);
    }
}
