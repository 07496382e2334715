package io.veernet.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veernet.model.io.SafeTensors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A folder of checkpoints (or weight snapshots): atomic writes, keep-newest-N, verified reads.
 *
 * <p>One file per checkpoint, {@code <prefix>-e<epoch:04>-s<step:07>.zip}, a ZIP whose entries are
 * STORED (not compressed): {@code meta.json} (the caller's tree), one {@code <group>.safetensors}
 * per tensor group, and last {@code SHA256SUMS}, the SHA-256 of every other entry in
 * {@code sha256sum} format. Python: {@code zipfile.ZipFile(f).read("model.safetensors")} then
 * {@code safetensors.numpy.load(bytes)}; check with {@code unzip -d x f && cd x && sha256sum -c SHA256SUMS}.
 *
 * <p>Writing: to {@code .<name>.tmp} in the same folder, fsync'd on close, renamed with
 * ATOMIC_MOVE, folder fsync'd; only then are older files beyond the newest {@code keep} deleted.
 * A failed write removes its temporary file and leaves the existing files as they were.
 * Reading: {@link #latestValid} walks files newest first, verifies ZIP structure, checksums and
 * SafeTensors headers, warns naming each unusable file and falls back to the previous one.
 * One writer per folder ({@link #writer}, under the caller's lock) removes temporaries left by a
 * crash when it opens; readers ({@link #reader}) never delete or create anything.
 */
public final class CheckpointStore {

    /** The metadata entry. */
    public static final String META_ENTRY = "meta.json";
    /** The checksum entry, written last. */
    public static final String SUMS_ENTRY = "SHA256SUMS";
    /** Suffix of tensor-group entries. */
    public static final String GROUP_SUFFIX = ".safetensors";

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern SUM_LINE = Pattern.compile("([0-9a-f]{64})  (\\S+)");
    private static final HexFormat HEX = HexFormat.of();

    private final Path folder;
    private final String prefix;
    private final int keep;
    private final StoreIo io;
    private final boolean writable;
    private final Pattern fileName;
    private final Pattern tempName;
    private final List<Skipped> skipped = new ArrayList<>();

    /** A file that a read skipped, and why. */
    public record Skipped(Path file, String reason) {
    }

    private CheckpointStore(Path folder, String prefix, int keep, StoreIo io, boolean writable) {
        if (!prefix.matches("[a-z]+")) {
            throw new IllegalArgumentException("prefix must be lower-case letters, got " + prefix);
        }
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1, got " + keep);
        }
        this.folder = folder;
        this.prefix = prefix;
        this.keep = keep;
        this.io = io;
        this.writable = writable;
        this.fileName = Pattern.compile(Pattern.quote(prefix) + "-e(\\d{4,})-s(\\d{7,})\\.zip");
        this.tempName = Pattern.compile("\\." + Pattern.quote(prefix) + "-e\\d{4,}-s\\d{7,}\\.zip\\.tmp");
    }

    /**
     * The one writer of {@code folder} (created if missing) for files named
     * {@code <prefix>-e..-s...zip}, keeping the newest {@code keep}, writing through {@code io}.
     * Temporaries left by a crashed writer are removed now, so the caller must hold the lock that
     * makes it the only writer (the run folder's).
     */
    public static CheckpointStore writer(Path folder, String prefix, int keep, StoreIo io) throws IOException {
        CheckpointStore store = new CheckpointStore(folder, prefix, keep, io, true);
        Files.createDirectories(folder);
        store.removeStaleTemporaries();
        return store;
    }

    /**
     * A reader of {@code folder} that never creates, deletes or writes anything, so it is safe
     * while a writer works there (a missing folder reads as empty).
     */
    public static CheckpointStore reader(Path folder, String prefix) {
        return new CheckpointStore(folder, prefix, Integer.MAX_VALUE, StoreIo.local(), false);
    }

    /** The folder this store manages. */
    public Path folder() {
        return folder;
    }

    /** The file name for a checkpoint at this epoch and step, e.g. {@code ckpt-e0003-s0000120.zip}. */
    public String fileName(long epoch, long step) {
        return String.format(Locale.ROOT, "%s-e%04d-s%07d.zip", prefix, epoch, step);
    }

    /**
     * Writes a checkpoint atomically (see the class comment) and prunes older ones. The arrays
     * are read once, now; {@code groups} maps group name to tensor name to array.
     *
     * @return the path of the new file
     * @throws IOException when writing fails: no temporary stays and earlier files are untouched
     */
    public Path save(long epoch, long step, Map<String, ? extends Map<String, ? extends NDArray>> groups, JsonNode meta)
            throws IOException {
        if (!writable) {
            throw new IllegalStateException(folder + " was opened to read; only its writer saves");
        }
        if (epoch < 0 || step < 0) {
            throw new IllegalArgumentException("epoch and step must be >= 0, got " + epoch + ", " + step);
        }
        for (String group : groups.keySet()) {
            if (!GROUP_NAME.matcher(group).matches()) {
                throw new IllegalArgumentException("bad tensor group name '" + group + "' (letters, digits, . _ -)");
            }
        }
        String name = fileName(epoch, step);
        Path target = folder.resolve(name);
        Path temp = folder.resolve("." + name + ".tmp");
        long start = System.nanoTime();
        long bytes;
        try {
            io.deleteIfExists(temp);
            try (OutputStream out = io.create(temp)) {
                bytes = writeZip(out, groups, meta);
            }
            io.moveAtomically(temp, target);
        } catch (IOException e) {
            discard(temp, e);
            throw new IOException("could not write " + name + " in " + folder + ": " + e.getMessage()
                    + " (earlier files are untouched)", e);
        } catch (RuntimeException | Error e) {
            discard(temp, e);
            throw e;
        }
        io.syncFolder(folder);
        LOG.debug("Wrote {} ({} MB) in {} ms", name, String.format(Locale.ROOT, "%.1f", bytes / 1e6),
                (System.nanoTime() - start) / 1_000_000);
        prune(target);
        return target;
    }

    private void discard(Path temp, Throwable failure) {
        try {
            io.deleteIfExists(temp);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static long writeZip(
            OutputStream out, Map<String, ? extends Map<String, ? extends NDArray>> groups, JsonNode meta)
            throws IOException {
        MessageDigest sha = sha256();
        StringBuilder sums = new StringBuilder();
        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, 1 << 16));
        long bytes = putStored(zip, META_ENTRY, JSON.writeValueAsBytes(meta), sha, sums);
        for (Map.Entry<String, ? extends Map<String, ? extends NDArray>> g : groups.entrySet()) {
            byte[] data = SafeTensors.encode(g.getValue(), Map.of("group", g.getKey()));
            bytes += putStored(zip, g.getKey() + GROUP_SUFFIX, data, sha, sums);
        }
        putStored(zip, SUMS_ENTRY, sums.toString().getBytes(StandardCharsets.UTF_8), null, null);
        // finish, not close: closing the caller's stream is what fsyncs it, in save's try block
        zip.finish();
        zip.flush();
        return bytes;
    }

    private static long putStored(ZipOutputStream zip, String name, byte[] data, MessageDigest sha, StringBuilder sums)
            throws IOException {
        CRC32 crc = new CRC32();
        crc.update(data);
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
        if (sha != null) {
            sums.append(HEX.formatHex(sha.digest(data))).append("  ").append(name).append('\n');
        }
        return data.length;
    }

    /** Deletes files older than the newest {@code keep}; the one just written is always kept. */
    private void prune(Path written) throws IOException {
        List<Path> files = files();
        int index = files.indexOf(written);
        List<Path> newer = files.subList(index + 1, files.size());
        if (!newer.isEmpty()) {
            LOG.warn("{} is older than {} already in {}; those are left in place", written.getFileName(),
                    newer.stream().map(Path::getFileName).toList(), folder);
        }
        for (int i = 0; i < index - (keep - 1); i++) {
            try {
                io.deleteIfExists(files.get(i));
            } catch (IOException e) {
                LOG.warn("Could not delete old {}: {}", files.get(i).getFileName(), e.getMessage());
            }
        }
    }

    private void removeStaleTemporaries() throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                if (tempName.matcher(p.getFileName().toString()).matches()) {
                    LOG.warn("Removing {} left by an interrupted write", p.getFileName());
                    io.deleteIfExists(p);
                }
            }
        }
    }

    /** The store's files, oldest first by (epoch, step); temporaries and other files are ignored. */
    public List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> list = Files.list(folder)) {
            list.filter(p -> fileName.matcher(p.getFileName().toString()).matches()).forEach(files::add);
        }
        files.sort(Comparator.<Path>comparingLong(p -> position(p)[0]).thenComparingLong(p -> position(p)[1]));
        return files;
    }

    private long[] position(Path file) {
        Matcher m = fileName.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(file.getFileName() + " is not named " + prefix + "-eNNNN-sNNNNNNN.zip");
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    /**
     * The newest checkpoint that verifies, loaded into {@code manager}; unusable newer files are
     * named in a warning and skipped. Empty when none is valid.
     */
    public Optional<Checkpoint> latestValid(NDManager manager) throws IOException {
        List<Checkpoint> found = newestValid(1, manager);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * Up to {@code k} of the newest checkpoints that verify (e.g. LAWA's last k snapshots), oldest
     * first, loaded into {@code manager}; unusable files are named in a warning and skipped.
     */
    public List<Checkpoint> newestValid(int k, NDManager manager) throws IOException {
        List<Path> files = files();
        List<Checkpoint> found = new ArrayList<>();
        skipped.clear();
        for (int i = files.size() - 1; i >= 0 && found.size() < k; i--) {
            Path file = files.get(i);
            try {
                found.add(load(file, manager));
            } catch (CorruptCheckpointException e) {
                skip(file, e.reason());
            } catch (IOException e) {
                skip(file, "unreadable: " + e);
            }
        }
        if (found.isEmpty() && !files.isEmpty()) {
            LOG.warn("No valid {} file in {}", prefix, folder);
        }
        Collections.reverse(found);
        return found;
    }

    private void skip(Path file, String reason) {
        skipped.add(new Skipped(file, reason));
        LOG.warn("Skipping {}: {}; falling back to an older one", file, reason);
    }

    /** The files the last {@link #latestValid} or {@link #newestValid} skipped, newest first, with why. */
    public List<Skipped> skipped() {
        return List.copyOf(skipped);
    }

    /**
     * Reads and verifies one file: ZIP structure, every entry against SHA256SUMS, meta.json and
     * each SafeTensors header; then creates its arrays in {@code manager}.
     *
     * @throws CorruptCheckpointException when the file is torn, truncated or fails a check
     */
    public Checkpoint load(Path file, NDManager manager) throws IOException {
        long[] position = position(file);
        Map<String, byte[]> entries;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            entries = readVerified(file, zip);
        } catch (ZipException e) {
            throw new CorruptCheckpointException(file, "not a readable ZIP, torn or truncated (" + e.getMessage() + ")", e);
        }
        JsonNode meta;
        try {
            meta = JSON.readTree(entries.get(META_ENTRY));
        } catch (IOException e) {
            throw new CorruptCheckpointException(file, "meta.json is not valid JSON", e);
        }
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (!e.getKey().equals(META_ENTRY)) {
                try {
                    SafeTensors.verify(e.getValue());
                } catch (IOException ex) {
                    throw new CorruptCheckpointException(file, e.getKey() + ": " + ex.getMessage(), ex);
                }
            }
        }
        Map<String, Map<String, NDArray>> groups = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                if (!e.getKey().equals(META_ENTRY)) {
                    String group = e.getKey().substring(0, e.getKey().length() - GROUP_SUFFIX.length());
                    groups.put(group, SafeTensors.decode(e.getValue(), manager));
                }
            }
        } catch (IOException | RuntimeException e) {
            groups.values().forEach(g -> g.values().forEach(NDArray::close));
            throw e;
        }
        return new Checkpoint(file, position[0], position[1], meta, Collections.unmodifiableMap(groups));
    }

    /** Entry name to bytes for every entry but SHA256SUMS, each checked against its SHA-256. */
    private static Map<String, byte[]> readVerified(Path file, ZipFile zip) throws IOException {
        Map<String, ZipEntry> byName = new LinkedHashMap<>();
        for (ZipEntry entry : Collections.list(zip.entries())) {
            if (byName.put(entry.getName(), entry) != null) {
                throw new CorruptCheckpointException(file, "entry " + entry.getName() + " appears twice", null);
            }
        }
        ZipEntry sumsEntry = byName.remove(SUMS_ENTRY);
        if (sumsEntry == null) {
            throw new CorruptCheckpointException(file, "no " + SUMS_ENTRY + " entry", null);
        }
        Map<String, String> sums = new LinkedHashMap<>();
        for (String line : new String(read(zip, sumsEntry), StandardCharsets.UTF_8).split("\n")) {
            Matcher m = SUM_LINE.matcher(line);
            if (!m.matches() || sums.put(m.group(2), m.group(1)) != null) {
                throw new CorruptCheckpointException(file, SUMS_ENTRY + " has a bad line: " + line, null);
            }
        }
        if (!sums.keySet().equals(byName.keySet())) {
            throw new CorruptCheckpointException(file,
                    "entries " + byName.keySet() + " do not match " + SUMS_ENTRY + " " + sums.keySet(), null);
        }
        if (!sums.containsKey(META_ENTRY)) {
            throw new CorruptCheckpointException(file, "no " + META_ENTRY + " entry", null);
        }
        MessageDigest sha = sha256();
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (Map.Entry<String, String> sum : sums.entrySet()) {
            String name = sum.getKey();
            if (!name.equals(META_ENTRY) && !name.endsWith(GROUP_SUFFIX)) {
                throw new CorruptCheckpointException(file, "unexpected entry " + name, null);
            }
            byte[] data = read(zip, byName.get(name));
            if (!HEX.formatHex(sha.digest(data)).equals(sum.getValue())) {
                throw new CorruptCheckpointException(file, "entry " + name + " fails its SHA-256 check", null);
            }
            contents.put(name, data);
        }
        return contents;
    }

    private static byte[] read(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] data = in.readAllBytes();
            if (entry.getSize() >= 0 && data.length != entry.getSize()) {
                throw new ZipException("entry " + entry.getName() + " is " + data.length + " bytes, expected " + entry.getSize());
            }
            return data;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
