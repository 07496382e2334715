package io.veernet.model.io;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.JsonUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.veernet.data.io.AtomicFiles;
import io.veernet.model.ModelConfig;
import io.veernet.model.VeerNet;
import io.veernet.model.tensor.NamedParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightsIoTest {

    private static final ModelConfig CONFIG = new ModelConfig(2, 8, 16, 16, 1, 2, true, "group", 0.0);
    private static final int H = 24;
    private static final int W = 40;

    private static NDManager manager;
    private static NDArray input;

    @TempDir
    Path dir;

    @BeforeAll
    static void input() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(99);
        input = manager.randomUniform(0f, 1f, new Shape(1, 1, H, W));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static VeerNet net(ModelConfig config, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        VeerNet net = new VeerNet(config);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, H, W));
        return net;
    }

    private static float[] outputs(VeerNet net) {
        try (NDManager scope = manager.newSubManager()) {
            input.tempAttach(scope);
            return net.forward(new ParameterStore(scope, false), new NDList(input), false).singletonOrThrow().toFloatArray();
        }
    }

    @Test
    void paramsRoundTripGivesBitIdenticalOutputs() throws Exception {
        VeerNet saved = net(CONFIG, 1);
        Path file = dir.resolve("veernet-0000.params");
        ParamsFile.save(saved, file);
        assertEquals(List.of(file), listing(), "only the final file: no temporary left behind");
        assertEquals(CONFIG, ParamsFile.readConfig(file));

        VeerNet loaded = net(CONFIG, 2);
        assertFalse(Arrays.equals(outputs(saved), outputs(loaded)), "different seeds, different outputs");
        NDArray before = loaded.getParameters().get("stem_conv1_weight").getArray();
        ParamsFile.load(file, loaded);
        assertArrayEquals(outputs(saved), outputs(loaded));
        assertTrue(before == loaded.getParameters().get("stem_conv1_weight").getArray(),
                "values are copied into the existing arrays");

        // DJL's own Model.load reads the same file.
        try (Model model = Model.newInstance(ParamsFile.MODEL_NAME)) {
            VeerNet viaDjl = new VeerNet(CONFIG);
            model.setBlock(viaDjl);
            model.load(dir, ParamsFile.MODEL_NAME);
            assertArrayEquals(outputs(saved), outputs(viaDjl));
        }
    }

    /** How the network reads scans travels with its weights: a levelled model stays levelled when loaded. */
    @Test
    void theModelsInputTravelsWithTheWeights() throws Exception {
        ModelConfig levelled = CONFIG.withInput(io.veernet.model.InkInput.LEVELLED);
        Path file = dir.resolve("levelled.params");
        ParamsFile.save(net(levelled, 1), file);
        assertEquals(levelled, ParamsFile.readConfig(file));
    }

    @Test
    void safeTensorsExportFollowsTheSpecAndRoundTrips() throws Exception {
        VeerNet saved = net(CONFIG, 3);
        Path file = dir.resolve("weights.safetensors");
        SafeTensorsFile.save(saved, file);
        assertEquals(List.of(file), listing());

        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String json = new String(bytes, 8, Math.toIntExact(headerLength), StandardCharsets.UTF_8);
        JsonObject header = JsonUtils.GSON.fromJson(json, JsonObject.class);
        Map<String, Parameter> params = NamedParameters.of(saved);
        assertEquals(params.keySet(), header.keySet(), "one tensor per parameter, by name");

        long dataStart = 8 + headerLength;
        List<long[]> spans = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            JsonObject tensor = header.getAsJsonObject(e.getKey());
            NDArray array = e.getValue().getArray();
            assertEquals("F32", tensor.get("dtype").getAsString(), e.getKey());
            JsonArray shape = tensor.getAsJsonArray("shape");
            long[] dims = new long[shape.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = shape.get(i).getAsLong();
            }
            assertEquals(array.getShape(), new Shape(dims), e.getKey());
            JsonArray offsets = tensor.getAsJsonArray("data_offsets");
            long begin = offsets.get(0).getAsLong();
            long end = offsets.get(1).getAsLong();
            assertEquals(4 * array.size(), end - begin, e.getKey());
            spans.add(new long[] {begin, end});
            ByteBuffer data = ByteBuffer.wrap(bytes, Math.toIntExact(dataStart + begin), Math.toIntExact(end - begin))
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[Math.toIntExact(array.size())];
            data.asFloatBuffer().get(values);
            assertArrayEquals(array.toFloatArray(), values, e.getKey());
        }
        // The data section is covered exactly, without holes or overlaps, and ends the file.
        spans.sort(Comparator.comparingLong(s -> s[0]));
        long next = 0;
        for (long[] span : spans) {
            assertEquals(next, span[0]);
            next = span[1];
        }
        assertEquals(bytes.length, dataStart + next);

        VeerNet loaded = net(CONFIG, 4);
        SafeTensorsFile.load(file, loaded);
        assertArrayEquals(outputs(saved), outputs(loaded));
    }

    @Test
    void filesWrittenByDjlsOwnEncoderStillLoad() throws Exception {
        VeerNet saved = net(CONFIG, 14);
        Path file = dir.resolve("djl.safetensors");
        try (NDManager scratch = NDManager.newBaseManager()) {
            NDList named = new NDList();
            saved.getParameters().forEach(p -> {
                NDArray view = p.getValue().getArray().reshape(p.getValue().getArray().getShape());
                view.attach(scratch);
                view.setName(p.getKey());
                named.add(view);
            });
            try (java.io.OutputStream out = Files.newOutputStream(file)) {
                named.encode(out, NDList.Encoding.SAFETENSORS);
            }
        }
        VeerNet loaded = net(CONFIG, 15);
        SafeTensorsFile.load(file, loaded);
        assertArrayEquals(outputs(saved), outputs(loaded));
    }

    @Test
    void batchNormRunningStatisticsTravelWithTheWeights() throws Exception {
        ModelConfig batch = new ModelConfig(2, 8, 16, 16, 0, 2, false, "batch", 0.0);
        VeerNet saved = net(batch, 5);
        Parameter mean = saved.getParameters().get("enc1_norm1_runningMean");
        mean.getArray().set(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        for (String name : List.of("bn.params", "bn.safetensors")) {
            Path file = dir.resolve(name);
            VeerNet loaded = net(batch, 6);
            if (name.endsWith(".params")) {
                ParamsFile.save(saved, file);
                ParamsFile.load(file, loaded);
            } else {
                SafeTensorsFile.save(saved, file);
                SafeTensorsFile.load(file, loaded);
            }
            assertArrayEquals(mean.getArray().toFloatArray(),
                    loaded.getParameters().get("enc1_norm1_runningMean").getArray().toFloatArray(), name);
            assertArrayEquals(outputs(saved), outputs(loaded), name);
        }
    }

    @Test
    void aDifferentArchitectureIsRefusedByNameAndShapeWithTheModelUntouched() throws Exception {
        VeerNet saved = net(CONFIG, 7);
        Path params = dir.resolve("a.params");
        Path tensors = dir.resolve("a.safetensors");
        ParamsFile.save(saved, params);
        SafeTensorsFile.save(saved, tensors);

        VeerNet narrower = net(new ModelConfig(2, 4, 16, 16, 1, 2, true, "group", 0.0), 8);
        float[] before = outputs(narrower);
        for (Path file : List.of(params, tensors)) {
            IncompatibleWeightsException e = file == params
                    ? assertThrows(IncompatibleWeightsException.class, () -> ParamsFile.load(file, narrower))
                    : assertThrows(IncompatibleWeightsException.class, () -> SafeTensorsFile.load(file, narrower));
            assertTrue(e.getMessage().startsWith(file + " does not fit the model"), e.getMessage());
            assertTrue(e.getMessage().contains("stem_conv1_weight: file has (8, 1, 3, 3), model has (4, 1, 3, 3)"),
                    e.getMessage());
        }
        assertArrayEquals(before, outputs(narrower), "a refused load writes nothing");

        VeerNet deeper = net(new ModelConfig(3, 8, 16, 16, 1, 2, true, "group", 0.0), 9);
        IncompatibleWeightsException e = assertThrows(IncompatibleWeightsException.class,
                () -> ParamsFile.load(params, deeper));
        assertTrue(e.problems().contains("missing parameter enc3_conv1_weight (model has (16, 16, 3, 3))"),
                e.problems().toString());

        VeerNet noCbam = net(new ModelConfig(2, 8, 16, 16, 1, 2, false, "group", 0.0), 10);
        e = assertThrows(IncompatibleWeightsException.class, () -> SafeTensorsFile.load(tensors, noCbam));
        assertTrue(e.problems().contains("unexpected parameter dec1_cbam_spatial_weight (1, 2, 7, 7)"),
                e.problems().toString());

        try (NDManager scratch = NDManager.newBaseManager()) {
            Map<String, NDArray> doubles = new java.util.LinkedHashMap<>();
            saved.namedParameters().forEach((name, p) -> doubles.put(name, p.getArray().toType(DataType.FLOAT64, true)));
            doubles.values().forEach(a -> a.attach(scratch));
            VeerNet same = net(CONFIG, 16);
            float[] untouched = outputs(same);
            e = assertThrows(IncompatibleWeightsException.class, () -> NamedWeights.copyInto(same, doubles, "doubles"));
            assertTrue(e.problems().contains("stem_conv1_weight: file has float64, model has float32"),
                    e.problems().toString());
            assertArrayEquals(untouched, outputs(same));
        }
    }

    @Test
    void truncatedOrForeignFilesAreRejected() throws Exception {
        VeerNet saved = net(CONFIG, 11);
        Path params = dir.resolve("b.params");
        Path tensors = dir.resolve("b.safetensors");
        ParamsFile.save(saved, params);
        SafeTensorsFile.save(saved, tensors);
        byte[] whole = Files.readAllBytes(params);
        Path cut = dir.resolve("cut.params");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        VeerNet target = net(CONFIG, 12);
        float[] before = outputs(target);
        MalformedModelException e = assertThrows(MalformedModelException.class, () -> ParamsFile.load(cut, target));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        byte[] st = Files.readAllBytes(tensors);
        Path cutTensors = dir.resolve("cut.safetensors");
        Files.write(cutTensors, Arrays.copyOf(st, st.length - 100));
        assertThrows(MalformedModelException.class, () -> SafeTensorsFile.load(cutTensors, target));
        assertThrows(MalformedModelException.class, () -> ParamsFile.load(tensors, target), "not a .params file");
        assertThrows(MalformedModelException.class, () -> SafeTensorsFile.load(params, target), "not SafeTensors");
        assertArrayEquals(before, outputs(target));
    }

    @Test
    void aFailedWriteLeavesThePreviousFileAndNoTemporary() throws Exception {
        Path file = dir.resolve("w.bin");
        AtomicFiles.write(file, true, out -> out.write(new byte[] {1, 2, 3}));
        assertThrows(IOException.class, () -> AtomicFiles.write(file, true, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        }));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
        assertEquals(List.of(file), listing());

        // A wrong path fails rather than growing folders: the caller creates the folder.
        VeerNet net = net(CONFIG, 13);
        assertThrows(IOException.class, () -> SafeTensorsFile.save(net, dir.resolve("missing/w.safetensors")));
        assertThrows(IOException.class, () -> ParamsFile.save(net, dir.resolve("missing/w.params")));
        assertEquals(List.of(file), listing());
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
