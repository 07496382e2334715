package io.veernet;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package layout shows the architecture: modules depend one way (train -> model -> data) and
 * no packages depend on each other in a cycle; the run folder's layout is named in one class.
 * Read from the main sources of all three modules.
 */
class ArchitectureTest {

    private static final Pattern PACKAGE = Pattern.compile("^package (io\\.veernet[\\w.]*);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.veernet(?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final List<String> MODULES = List.of("veernet-data", "veernet-model", "veernet-train");

    /** Package to the packages its main sources name (imports and qualified names). */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        for (String module : MODULES) {
            Path src = Path.of("..", module, "src", "main", "java");
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(f);
                    Matcher pm = PACKAGE.matcher(text);
                    if (!pm.find()) {
                        continue;
                    }
                    String pkg = pm.group(1);
                    Set<String> out = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                    Matcher rm = REFERENCE.matcher(text);
                    while (rm.find()) {
                        if (!rm.group(1).equals(pkg)) {
                            out.add(rm.group(1));
                        }
                    }
                }
            }
        }
        deps.values().forEach(s -> s.retainAll(deps.keySet()));
        return deps;
    }

    @Test
    void noPackageCycles() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        assertTrue(deps.size() > 15, "found only " + deps.keySet());
        List<String> cycles = new ArrayList<>();
        for (String start : deps.keySet()) {
            for (String next : deps.get(start)) {
                List<String> back = path(deps, next, start);
                if (back != null && start.compareTo(next) < 0) {
                    cycles.add(start + " -> " + String.join(" -> ", back));
                }
            }
        }
        assertEquals(List.of(), cycles);
    }

    @Test
    void modulesDependOneWay() throws IOException {
        List<String> wrong = new ArrayList<>();
        dependencies().forEach((pkg, out) -> {
            for (String d : out) {
                if (rank(d) > rank(pkg)) {
                    wrong.add(pkg + " -> " + d);
                }
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void theRunFolderLayoutIsNamedOnlyByRunFolder() throws IOException {
        Pattern layout = Pattern.compile("\"(checkpoints|snapshots|config\\.yaml|train\\.log|metrics\\.csv|weights|data\\.json"
                + "|best\\.safetensors|ckpt|snap)\"");
        List<String> found = new ArrayList<>();
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(Path.of("..", module, "src", "main", "java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    if (f.getFileName().toString().equals("RunFolder.java")) {
                        continue;
                    }
                    Matcher m = layout.matcher(Files.readString(f));
                    while (m.find()) {
                        found.add(f.getFileName() + ": " + m.group());
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    /** data 0, model 1, train (everything else) 2. */
    private static int rank(String pkg) {
        return pkg.startsWith("io.veernet.data") ? 0 : pkg.startsWith("io.veernet.model") ? 1 : 2;
    }

    /** A path of dependencies from {@code from} to {@code to}, or null. */
    private static List<String> path(Map<String, Set<String>> deps, String from, String to) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(from));
        parent.put(from, null);
        while (!queue.isEmpty()) {
            String p = queue.poll();
            if (p.equals(to)) {
                List<String> path = new ArrayList<>();
                for (String q = p; q != null; q = parent.get(q)) {
                    path.add(0, q);
                }
                return path;
            }
            for (String n : deps.getOrDefault(p, Set.of())) {
                if (!parent.containsKey(n)) {
                    parent.put(n, p);
                    queue.add(n);
                }
            }
        }
        return null;
    }
}
