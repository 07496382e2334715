package io.veernet.model.checkpoint;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Map;

/**
 * A checkpoint read back and verified: its place in training, the caller's metadata tree and its
 * named tensor groups (arrays attached to the manager given to the load; close it when done).
 *
 * @param file the file it was read from
 * @param epoch the epoch in its name
 * @param step the step in its name
 * @param meta the metadata tree as saved (the store does not interpret it)
 * @param groups group name (e.g. {@code model}) to tensor name to array
 */
public record Checkpoint(
        Path file, long epoch, long step, JsonNode meta, Map<String, Map<String, NDArray>> groups) {

    /** The arrays of group {@code name}; throws {@link IllegalArgumentException} naming what exists. */
    public Map<String, NDArray> group(String name) {
        Map<String, NDArray> group = groups.get(name);
        if (group == null) {
            throw new IllegalArgumentException(
                    file.getFileName() + " has no tensor group " + name + "; it has " + groups.keySet());
        }
        return group;
    }
}
