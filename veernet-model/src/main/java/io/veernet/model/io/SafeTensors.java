package io.veernet.model.io;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SafeTensors format, so Python's {@code safetensors.numpy.load} / {@code torch.load_file}
 * reads our weights files and checkpoint groups: 8-byte little-endian header length, a JSON header
 * {@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}}
 * padded with spaces to a multiple of 8, then the raw little-endian data, contiguous, in header order.
 * Reading is strict: anything but exactly this layout fails with an {@link IOException}.
 */
public final class SafeTensors {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String METADATA = "__metadata__";
    private static final long MAX_HEADER = 100L << 20;

    static {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new ExceptionInInitializerError("SafeTensors I/O copies raw native data: needs a little-endian host");
        }
    }

    /** One tensor as the header describes it. */
    private record Entry(String name, DataType dataType, Shape shape, long begin, long end) {}

    private SafeTensors() {}

    /** Serialises named arrays (in map order) and string metadata into one SafeTensors byte array. */
    public static byte[] encode(Map<String, ? extends NDArray> arrays, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, ? extends NDArray> e : arrays.entrySet()) {
            NDArray array = e.getValue();
            if (METADATA.equals(e.getKey())) {
                throw new IllegalArgumentException("a tensor cannot be named " + METADATA);
            }
            long bytes = array.size() * array.getDataType().getNumOfBytes();
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", array.getDataType().asSafetensors());
            ArrayNode shape = t.putArray("shape");
            for (long d : array.getShape().getShape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        long total = 8L + padded + offset;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("tensor group of " + total + " bytes exceeds 2 GiB");
        }
        byte[] out = new byte[(int) total];
        ByteBuffer buf = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded);
        buf.put(json);
        for (int i = json.length; i < padded; i++) {
            buf.put((byte) ' ');
        }
        for (NDArray array : arrays.values()) {
            if (array.size() > 0) {
                putData(buf, array);
            }
        }
        return out;
    }

    /**
     * Appends the array's raw bytes. DJL's own CPU copy of a GPU array would stay attached to the
     * array's manager until it closes, so that copy is made and closed here.
     */
    private static void putData(ByteBuffer buf, NDArray array) {
        if (!array.getDevice().equals(Device.cpu())) {
            try (NDArray onCpu = array.toDevice(Device.cpu(), false)) {
                putData(buf, onCpu);
            }
            return;
        }
        // false: a copy made natively (contiguous whatever the layout); true would view the
        // tensor's memory but leave a wrapper behind for a non-contiguous array
        buf.put(array.toByteBuffer(false));
    }

    /**
     * Checks the structure of a SafeTensors byte array without creating any array (what
     * {@link #decode} checks first).
     *
     * @throws IOException naming the first thing that is wrong
     */
    public static void verify(byte[] bytes) throws IOException {
        parseHeader(bytes);
    }

    /**
     * Checks the structure of a SafeTensors byte array: header length, JSON, known dtypes, sizes
     * that match shapes, data contiguous from 0 and covering the rest of the bytes exactly.
     * Returns the tensors in data order.
     */
    private static List<Entry> parseHeader(byte[] bytes) throws IOException {
        if (bytes.length < 8) {
            throw new IOException("shorter than a SafeTensors header (" + bytes.length + " bytes)");
        }
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > bytes.length - 8L) {
            throw new IOException("bad SafeTensors header length " + headerLength);
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("SafeTensors header is not valid JSON: " + e.getMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new IOException("SafeTensors header is not a JSON object");
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : header.properties()) {
            if (!METADATA.equals(field.getKey())) {
                entries.add(entry(field.getKey(), field.getValue()));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin));
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin() != expected) {
                throw new IOException("SafeTensors data of " + e.name() + " starts at " + e.begin() + ", expected " + expected);
            }
            expected = e.end();
        }
        long dataLength = bytes.length - 8L - headerLength;
        if (expected != dataLength) {
            throw new IOException("SafeTensors data is " + dataLength + " bytes, header describes " + expected);
        }
        return entries;
    }

    private static Entry entry(String name, JsonNode node) throws IOException {
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray()
                || offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw new IOException("SafeTensors entry " + name + " is malformed: " + node);
        }
        DataType dataType;
        try {
            dataType = DataType.fromSafetensors(dtype.asText());
        } catch (IllegalArgumentException e) {
            throw new IOException("SafeTensors entry " + name + " has unknown dtype " + dtype.asText(), e);
        }
        long[] dims = new long[shape.size()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.canConvertToLong() || d.asLong() < 0) {
                throw new IOException("SafeTensors entry " + name + " has a bad shape " + shape);
            }
            dims[i] = d.asLong();
            try {
                count = Math.multiplyExact(count, dims[i]);
            } catch (ArithmeticException e) {
                // A malformed file, like every other failed check here, not a programming error.
                throw new IOException("SafeTensors entry " + name + " has a shape too large " + shape, e);
            }
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end - begin != count * dataType.getNumOfBytes()) {
            throw new IOException("SafeTensors entry " + name + " has offsets " + offsets
                    + " that do not fit shape " + Arrays.toString(dims) + " of " + dtype.asText());
        }
        return new Entry(name, dataType, new Shape(dims), begin, end);
    }

    /**
     * Creates the arrays of a SafeTensors byte array (checked as {@link #verify}) in
     * {@code manager}, keyed by name in data order. Nothing stays allocated if it fails.
     */
    public static Map<String, NDArray> decode(byte[] bytes, NDManager manager) throws IOException {
        List<Entry> entries = parseHeader(bytes);
        int dataStart = bytes.length - (int) entries.stream().mapToLong(e -> e.end() - e.begin()).sum();
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        try {
            for (Entry e : entries) {
                int length = (int) (e.end() - e.begin());
                ByteBuffer data = ByteBuffer.allocateDirect(length).order(ByteOrder.nativeOrder());
                data.put(bytes, dataStart + (int) e.begin(), length).rewind();
                NDArray array = manager.create(data, e.shape(), e.dataType());
                array.setName(e.name());
                arrays.put(e.name(), array);
            }
        } catch (RuntimeException ex) {
            arrays.values().forEach(NDArray::close);
            throw ex;
        }
        return Collections.unmodifiableMap(arrays);
    }
}
