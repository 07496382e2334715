package io.veernet.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.veernet.data.io.AtomicFiles;
import io.veernet.data.io.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Loads YAML configs onto records: the file's keys are laid over the defaults, unknown keys and
 * wrong types are refused, and each record checks its own ranges. Every error is one line that
 * names the file and the dotted key.
 */
public final class ConfigLoader {

    // Duplicate keys are refused: with "last wins" a pasted block silently overrides an earlier one.
    private static final ObjectMapper YAML = Json.configure(YAMLMapper.builder(
            YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())).build();

    private ConfigLoader() {
    }

    /** Loads a run config from a YAML file. */
    public static VeernetConfig load(Path file) {
        return load(file, VeernetConfig.class, VeernetConfig.defaults());
    }

    /** Loads any config record from YAML over its defaults. */
    public static <T> T load(Path file, Class<T> type, T defaults) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such config file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        return parse(file.toString(), text, type, defaults);
    }

    /** Parses YAML text over the defaults; {@code source} names the text in errors. */
    public static <T> T parse(String source, String text, Class<T> type, T defaults) {
        JsonNode user;
        try {
            user = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid YAML" + location(e) + ": " + yamlProblem(e, text), e);
        }
        // An empty file (or one of comments only) would silently train the defaults on default data.
        if (user == null || user.isMissingNode() || user.isNull() || (user.isObject() && user.isEmpty())) {
            throw new ConfigException(source + ": the config is empty (no keys); name at least what differs from the "
                    + "defaults, e.g. 'name:' and 'data:' (see configs/smoke.yaml)");
        }
        if (!user.isObject()) {
            throw new ConfigException(source + ": must be a mapping of keys to values, got " + user.getNodeType());
        }
        ObjectNode merged = YAML.valueToTree(defaults);
        upgradeOldKeys(source, (ObjectNode) user);
        overlay(source, "", merged, (ObjectNode) user);
        return toRecord(source, merged, type);
    }

    /**
     * Configs (and run folders) written before the averager seam list EMAs as
     * {@code train.ema_decays: [0.999]}; that reads as {@code train.ema: [{decay: 0.999}]}.
     */
    private static void upgradeOldKeys(String source, ObjectNode user) {
        JsonNode train = user.get("train");
        if (train == null || !train.isObject() || !train.has("ema_decays")) {
            return;
        }
        ObjectNode t = (ObjectNode) train;
        if (t.has("ema")) {
            throw new ConfigException(source + ": train.ema_decays and train.ema both given; keep train.ema "
                    + "(ema_decays is its old spelling)");
        }
        JsonNode decays = t.remove("ema_decays");
        com.fasterxml.jackson.databind.node.ArrayNode ema = t.putArray("ema");
        if (!decays.isArray()) {
            throw new ConfigException(source + ": key 'train.ema_decays' must be a list of decays");
        }
        decays.forEach(d -> ema.addObject().set("decay", d));
        org.slf4j.LoggerFactory.getLogger(ConfigLoader.class).debug("{}: read train.ema_decays as train.ema {}", source, ema);
    }

    /** Turns a (resolved) tree into the record, with errors naming the key. */
    public static <T> T toRecord(String source, JsonNode tree, Class<T> type) {
        try {
            return YAML.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(source + ": " + where(parentPath(e), cause.getMessage(), e.getType() == null ? null : e.getType().getRawClass()) + cause.getMessage(), e);
        } catch (InvalidFormatException e) {
            throw new ConfigException(source + ": key '" + path(e) + "': expected " + simpleType(e.getTargetType())
                    + ", got '" + e.getValue() + "'", e);
        } catch (MismatchedInputException e) {
            throw new ConfigException(source + ": key '" + path(e) + "': expected " + simpleType(e.getTargetType())
                    + (e.getTargetType() == null ? " (" + e.getOriginalMessage() + ")" : ""), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The resolved config as YAML, as written into a run folder. */
    public static String toYaml(Object config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode toTree(Object config) {
        return YAML.valueToTree(config);
    }

    public static void write(Object config, Path file) throws IOException {
        AtomicFiles.write(file, true, toYaml(config).getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of the resolved config: what a checkpoint records to notice a changed config. */
    public static String hash(Object config) {
        try {
            byte[] canonical = Json.mapper().writeValueAsBytes(Json.mapper().valueToTree(config));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@link #hash} of {@code config} with only the keys {@code written} holds (a config file written
     * by an older version): keys a newer version added, at their defaults, then leave the hash as it was.
     */
    public static String hashWithin(Object config, JsonNode written) {
        try {
            JsonNode tree = Json.mapper().valueToTree(config);
            prune(tree, written);
            byte[] canonical = Json.mapper().writeValueAsBytes(tree);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void prune(JsonNode tree, JsonNode written) {
        if (!(tree instanceof ObjectNode object) || !written.isObject()) {
            return;
        }
        List<String> absent = new ArrayList<>();
        object.fieldNames().forEachRemaining(f -> {
            if (!written.has(f)) {
                absent.add(f);
            }
        });
        object.remove(absent);
        object.fields().forEachRemaining(e -> prune(e.getValue(), written.get(e.getKey())));
    }

    /** The keys a config file holds, as written (no defaults laid under it). */
    public static JsonNode writtenKeys(Path file) throws IOException {
        return YAML.readTree(file.toFile());
    }

    private static String location(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc != null ? " at line " + loc.getLineNr() + ", column " + loc.getColumnNr() : "";
    }

    /** The parser's first line, plus what it means when the cause is a tab or a repeated key. */
    private static String yamlProblem(JsonProcessingException e, String text) {
        String whole = e.getOriginalMessage();
        String first = whole.lines().findFirst().orElse("");
        // SnakeYAML reports a tab as "found character '\t'" on a later line of its message.
        if (whole.contains("'\\t'") || whole.contains("\t")) {
            return "a tab character; YAML indents with spaces only, replace the tabs with spaces";
        }
        if (first.startsWith("Duplicate field")) {
            return "a key appears twice in the same mapping (" + first + "); keep one";
        }
        return first;
    }

    private static void overlay(String source, String prefix, ObjectNode base, ObjectNode user) {
        Iterator<Map.Entry<String, JsonNode>> fields = user.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix + f.getKey();
            if (!base.has(f.getKey())) {
                throw new ConfigException(source + ": unknown key '" + key + "'" + suggestion(f.getKey(), base));
            }
            JsonNode target = base.get(f.getKey());
            JsonNode value = f.getValue();
            if (target.isObject()) {
                if (!value.isObject()) {
                    throw new ConfigException(source + ": key '" + key + "' must be a mapping of "
                            + String.join(", ", fieldNames(target)) + ", got " + value.getNodeType().toString().toLowerCase());
                }
                overlay(source, key + ".", (ObjectNode) target, (ObjectNode) value);
            } else {
                checkRange(source, key, target, value);
                base.set(f.getKey(), value);
            }
        }
    }

    /** A whole number too large for the key's type would otherwise fail without naming the key. */
    private static void checkRange(String source, String key, JsonNode target, JsonNode value) {
        if (!value.isIntegralNumber()) {
            return;
        }
        if (target.isInt() && !value.canConvertToInt()) {
            throw new ConfigException(source + ": key '" + key + "': " + value.asText() + " is out of range (at most "
                    + Integer.MAX_VALUE + ")");
        }
        if (target.isLong() && !value.canConvertToLong()) {
            throw new ConfigException(source + ": key '" + key + "': " + value.asText() + " is out of range (at most "
                    + Long.MAX_VALUE + ")");
        }
    }

    private static String suggestion(String key, ObjectNode base) {
        List<String> names = fieldNames(base);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String n : names) {
            int d = distance(key, n);
            if (d < bestDistance) {
                bestDistance = d;
                best = n;
            }
        }
        String known = " (known keys here: " + String.join(", ", names) + ")";
        return best != null && bestDistance <= Math.max(2, key.length() / 3) ? "; did you mean '" + best + "'?" + known : known;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Levenshtein distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** A record's constructor failed: the path points at the record, the message names the field. */
    private static String parentPath(JsonMappingException e) {
        return path(e);
    }

    /**
     * The key path before a record's message: joined by a dot when the message opens with one of
     * the record's keys ("epochs must be..."), else by a colon ("an EMA takes...").
     */
    private static String where(String path, String message, Class<?> type) {
        if (path.isEmpty()) {
            return "";
        }
        String first = message == null ? "" : message.split("[ .(]", 2)[0];
        boolean opensWithKey = type != null && type.isRecord() && java.util.Arrays.stream(type.getRecordComponents())
                .anyMatch(c -> SNAKE.translate(c.getName()).equals(first));
        return opensWithKey ? path + "." : path + ": ";
    }

    private static final com.fasterxml.jackson.databind.PropertyNamingStrategies.NamingBase SNAKE =
            (com.fasterxml.jackson.databind.PropertyNamingStrategies.NamingBase) com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE;

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a " + type.getSimpleName() + " mapping";
    }
}
