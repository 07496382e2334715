package io.veernet.model.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Calls and self time per engine op from a libtorch chrome trace, the same summary as the PyTorch
 * twin's {@code trace_summary.py}, so the two sides can be read against each other.
 *
 * <p>Top-level events are the ops the framework dispatched (on this side: one per JNI call into
 * an aten op); nested events are what those ops called. Self time is an event's duration minus
 * its children's, per thread.
 */
final class OpProfile {

    private record Event(String name, double ts, double dur) {}

    private final Map<String, Double> selfUs = new HashMap<>();
    private final Map<String, Double> topUs = new HashMap<>();
    private final Map<String, Integer> topCalls = new HashMap<>();
    private int topLevel;
    private int events;
    private double insideUs;

    private OpProfile() {}

    /** Reads a trace written by {@code JniUtils.stopProfile}. */
    static OpProfile read(Path trace) {
        JsonElement root;
        try (Reader in = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonArray list = root.isJsonArray() ? root.getAsJsonArray() : root.getAsJsonObject().getAsJsonArray("traceEvents");
        Map<String, List<Event>> byThread = new HashMap<>();
        for (JsonElement element : list) {
            JsonObject e = element.getAsJsonObject();
            if (!e.has("dur") || !"X".equals(e.get("ph").getAsString())) {
                continue;
            }
            String tid = e.has("tid") ? e.get("tid").getAsString() : "";
            byThread.computeIfAbsent(tid, k -> new ArrayList<>())
                    .add(new Event(e.get("name").getAsString(), e.get("ts").getAsDouble(), e.get("dur").getAsDouble()));
        }
        OpProfile profile = new OpProfile();
        for (List<Event> thread : byThread.values()) {
            profile.add(thread);
        }
        return profile;
    }

    private void add(List<Event> thread) {
        thread.sort(Comparator.comparingDouble(Event::ts).thenComparing(Comparator.comparingDouble(Event::dur).reversed()));
        // Each open event with the time its children took so far.
        Deque<double[]> childUs = new ArrayDeque<>();
        Deque<Event> open = new ArrayDeque<>();
        for (Event e : thread) {
            close(open, childUs, e.ts());
            events++;
            if (open.isEmpty()) {
                topLevel++;
                insideUs += e.dur();
                topUs.merge(e.name(), e.dur(), Double::sum);
                topCalls.merge(e.name(), 1, Integer::sum);
            } else {
                childUs.peek()[0] += e.dur();
            }
            open.push(e);
            childUs.push(new double[1]);
        }
        close(open, childUs, Double.POSITIVE_INFINITY);
    }

    private void close(Deque<Event> open, Deque<double[]> childUs, double until) {
        while (!open.isEmpty() && open.peek().ts() + open.peek().dur() <= until + 1e-9) {
            Event e = open.pop();
            selfUs.merge(e.name(), e.dur() - childUs.pop()[0], Double::sum);
        }
    }

    /** The table for {@code steps} profiled steps of {@code wallMs} each (as timed outside the profiler). */
    String render(int steps, double wallMs, int top) {
        StringBuilder out = new StringBuilder();
        double inside = insideUs / 1e3 / steps;
        out.append(String.format(Locale.ROOT, "profile, per step: %.0f top-level engine calls (%.0f events), %.1f ms"
                + " inside them; wall %.1f ms (profiler on), so %.1f ms outside any op (Java, JNI, profiler)%n",
                (double) topLevel / steps, (double) events / steps, inside, wallMs, wallMs - inside));
        double totalSelf = selfUs.values().stream().mapToDouble(Double::doubleValue).sum();
        out.append(String.format(Locale.ROOT, "  %-46s %9s %6s%n", "self time by op", "ms/step", "share"));
        selfUs.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.append(String.format(Locale.ROOT, "  %-46s %9.2f %5.1f%%%n", clip(e.getKey()),
                        e.getValue() / 1e3 / steps, 100 * e.getValue() / totalSelf)));
        out.append(String.format(Locale.ROOT, "  %-46s %7s %9s%n", "top-level calls by op", "n/step", "ms/step"));
        topUs.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.append(String.format(Locale.ROOT, "  %-46s %7.0f %9.2f%n", clip(e.getKey()),
                        (double) topCalls.get(e.getKey()) / steps, e.getValue() / 1e3 / steps)));
        return out.toString();
    }

    private static String clip(String name) {
        return name.length() <= 46 ? name : name.substring(0, 46);
    }
}
