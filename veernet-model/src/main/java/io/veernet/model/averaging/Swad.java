package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veernet.model.tensor.NoGrad;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SWAD (Cha et al. 2021, "SWAD: Domain Generalization by Seeking Flat Minima"): a dense average
 * (every N steps) over a window that the validation loss chooses, as the reference code's
 * LossValley does.
 *
 * <p>The steps between two validations form a segment (their running mean). The window opens
 * when the loss stops improving: the oldest of the last {@code patience} segments has the lowest
 * loss of them; the threshold becomes their mean loss times (1 + tolerance ratio). Each later
 * segment joins the average once it is the oldest of the last {@code tolerance} segments and
 * their lowest loss is still under the threshold; the window closes for good when it is not.
 * At the end the segments still waiting join while the loss after them stays under the threshold.
 * Segments are weighted by their step counts, so the result is the dense mean of the window's
 * steps. The loss here is {@code 1 - score} of the raw model on the validation split. Until the
 * window opens the newest segment stands in (as in the reference code); {@link #converged()} says which.
 */
public final class Swad implements Averager {

    /** The name of the SWAD average in reports and checkpoints. */
    public static final String NAME = "swad";

    /**
     * SWAD's settings.
     *
     * @param patience       segments without improvement that open the window (the reference's n_converge)
     * @param tolerance      segments the loss may stay above the threshold before the window closes (n_tolerance)
     * @param toleranceRatio the threshold over the opening segments' mean loss
     */
    public record Settings(int patience, int tolerance, double toleranceRatio) {
        public Settings {
            if (patience < 1 || tolerance < 1) {
                throw new IllegalArgumentException("SWAD patience and tolerance are at least 1, got " + patience + " and " + tolerance);
            }
            if (!(toleranceRatio >= 0) || Double.isInfinite(toleranceRatio)) {
                throw new IllegalArgumentException("SWAD tolerance_ratio must be >= 0, got " + toleranceRatio);
            }
        }
    }

    /** A closed segment: the mean of its steps, how many, and the loss after it. */
    private static final class Segment implements AutoCloseable {
        final long seq;
        final long count;
        final double loss;
        final long endStep;
        final NDManager manager;
        final Map<String, NDArray> weights;

        Segment(long seq, long count, double loss, long endStep, Map<String, ? extends NDArray> weights, NDManager parent) {
            this.seq = seq;
            this.count = count;
            this.loss = loss;
            this.endStep = endStep;
            this.manager = parent.newSubManager();
            this.weights = WeightMaps.copy(weights, manager);
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    private final Settings settings;
    private final Cadence cadence;
    private final NDManager manager;
    private final SwaBuffer segment;
    private final Deque<Segment> window = new ArrayDeque<>();
    private Map<String, NDArray> average;
    private long averageCount;
    private long lastJoined = -1;
    private long nextSeq;
    private boolean converged;
    private boolean closedWindow;
    private double threshold = Double.NaN;
    private NDManager servedManager;
    private Map<String, NDArray> served;

    /** Starts SWAD over the parameters, taking the weights when {@code cadence} says. */
    public Swad(Settings settings, Cadence cadence, Map<String, Parameter> parameters, NDManager parent) {
        this(settings, cadence, parameters, parent, null);
    }

    /** The same, reading the live weights from a run's shared {@link LiveWeights} (null: its own). */
    public Swad(Settings settings, Cadence cadence, Map<String, Parameter> parameters, NDManager parent, LiveWeights live) {
        this.settings = settings;
        this.cadence = cadence;
        this.manager = parent.newSubManager();
        this.segment = new SwaBuffer("SWAD segment", cadence, parameters, manager, live);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String kind() {
        return "swad";
    }

    @Override
    public String description() {
        if (!converged) {
            return "SWAD: the loss never stopped improving, so its newest segment (" + (window.isEmpty() ? 0
                    : window.peekLast().count) + " steps) stands in";
        }
        return String.format(java.util.Locale.ROOT, "SWAD: dense average of %d steps in a loss valley (threshold %.4f, "
                + "patience %d, tolerance %d)%s", servedCount(), threshold, settings.patience(), settings.tolerance(),
                closedWindow ? ", window closed before the end" : "");
    }

    @Override
    public boolean shouldUpdate(TrainingMoment moment) {
        return !closedWindow && cadence.due(moment);
    }

    @Override
    public void update(TrainingMoment moment) {
        segment.update();
        invalidate();
    }

    @Override
    public void validated(int epoch, long step, double score) {
        if (closedWindow || segment.count() == 0) {
            return;
        }
        window.addLast(new Segment(nextSeq++, segment.count(), 1 - score, step, segment.weights(), manager));
        segment.reset();
        invalidate();
        if (!converged) {
            tryToOpen();
        } else {
            advance();
        }
        while (window.size() > Math.max(settings.patience(), settings.tolerance())) {
            window.removeFirst().close();
        }
    }

    /** Opens the window when the oldest of the last {@code patience} segments has their lowest loss. */
    private void tryToOpen() {
        List<Segment> last = last(settings.patience());
        if (last.size() < settings.patience()) {
            return;
        }
        Segment first = last.get(0);
        for (Segment s : last) {
            if (s.loss < first.loss) {
                return;
            }
        }
        converged = true;
        threshold = last.stream().mapToDouble(s -> s.loss).average().orElseThrow() * (1 + settings.toleranceRatio());
        join(first);
        // The segments after the opening one that are already past the tolerance wait join now.
        List<Segment> list = new ArrayList<>(window);
        for (Segment s : list) {
            if (s.seq > first.seq && s.seq <= window.peekLast().seq - settings.tolerance() + 1) {
                join(s);
            }
        }
    }

    /** Lets the oldest of the last {@code tolerance} segments join, or closes the window. */
    private void advance() {
        List<Segment> smooth = last(settings.tolerance());
        if (smooth.size() < settings.tolerance() || smooth.get(0).seq <= lastJoined) {
            return;
        }
        double min = smooth.stream().mapToDouble(s -> s.loss).min().orElseThrow();
        if (min > threshold) {
            closedWindow = true;
            return;
        }
        join(smooth.get(0));
    }

    @SuppressWarnings("try") // NoGrad is a scope guard, never referenced inside
    private void join(Segment s) {
        if (average == null) {
            average = WeightMaps.copy(s.weights, manager);
        } else {
            try (NoGrad ignored = NoGrad.enter(); NDManager scope = manager.newSubManager()) {
                NDArray coef = scope.create((float) ((double) s.count / (averageCount + s.count)));
                average.forEach((name, acc) -> WeightMaps.blendInto(acc, s.weights.get(name), coef));
            }
        }
        averageCount += s.count;
        lastJoined = s.seq;
    }

    private List<Segment> last(int n) {
        List<Segment> all = new ArrayList<>(window);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** Whether the loss valley was found (else the newest segment stands in). */
    public boolean converged() {
        return converged;
    }

    /** Whether the window closed before the end of training. */
    public boolean windowClosed() {
        return closedWindow;
    }

    @Override
    public boolean ready() {
        return converged || !window.isEmpty();
    }

    @Override
    public long count() {
        return converged ? servedCount() : window.isEmpty() ? 0 : window.peekLast().count;
    }

    /** Steps in the served average: those joined plus the waiting ones the final flush adds. */
    private long servedCount() {
        long n = averageCount;
        for (Segment s : pending()) {
            n += s.count;
        }
        return n;
    }

    /** The waiting segments the end-of-training flush adds: in order, while the lowest loss from each on is under the threshold. */
    private List<Segment> pending() {
        List<Segment> waiting = new ArrayList<>();
        if (!converged || closedWindow) {
            return waiting;
        }
        List<Segment> all = new ArrayList<>(window);
        for (int i = 0; i < all.size(); i++) {
            Segment s = all.get(i);
            if (s.seq <= lastJoined) {
                continue;
            }
            double min = all.subList(i, all.size()).stream().mapToDouble(x -> x.loss).min().orElseThrow();
            if (min > threshold) {
                break;
            }
            waiting.add(s);
        }
        return waiting;
    }

    @Override
    @SuppressWarnings("try") // NoGrad is a scope guard, never referenced inside
    public Map<String, NDArray> weights() {
        if (!ready()) {
            throw new IllegalStateException("SWAD has no segment yet: nothing was validated since it started");
        }
        if (!converged) {
            return window.peekLast().weights;
        }
        if (served == null) {
            servedManager = manager.newSubManager();
            Map<String, NDArray> out = WeightMaps.copy(average, servedManager);
            long n = averageCount;
            try (NoGrad ignored = NoGrad.enter(); NDManager scope = servedManager.newSubManager()) {
                for (Segment s : pending()) {
                    NDArray coef = scope.create((float) ((double) s.count / (n + s.count)));
                    out.forEach((name, acc) -> WeightMaps.blendInto(acc, s.weights.get(name), coef));
                    n += s.count;
                }
            }
            served = out;
        }
        return served;
    }

    private void invalidate() {
        if (servedManager != null) {
            servedManager.close();
            servedManager = null;
            served = null;
        }
    }

    @Override
    public AveragerState state() {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("segment_count", segment.count()).put("next_seq", nextSeq).put("converged", converged)
                .put("window_closed", closedWindow).put("threshold", threshold).put("average_count", averageCount)
                .put("last_joined", lastJoined);
        Map<String, Map<String, NDArray>> parts = new LinkedHashMap<>();
        if (ready()) {
            parts.put(AveragerState.WEIGHTS, weights());
        }
        if (segment.count() > 0) {
            parts.put("segment", segment.weights());
        }
        if (average != null) {
            parts.put("average", average);
        }
        ArrayNode w = s.putArray("window");
        for (Segment seg : window) {
            w.addObject().put("seq", seg.seq).put("count", seg.count).put("loss", seg.loss).put("end_step", seg.endStep);
            parts.put("segment-" + seg.seq, seg.weights);
        }
        return new AveragerState(s, parts);
    }

    @Override
    public void restore(AveragerState state) {
        JsonNode s = state.scalars();
        if (!s.has("next_seq")) {
            throw new IllegalArgumentException("SWAD: the saved state has no segment sequence");
        }
        window.forEach(Segment::close);
        window.clear();
        invalidate();
        long segmentCount = s.path("segment_count").asLong();
        if (segmentCount > 0) {
            segment.restore(segmentCount, state.part(NAME, "segment"));
        } else {
            segment.reset();
        }
        nextSeq = s.path("next_seq").asLong();
        converged = s.path("converged").asBoolean();
        closedWindow = s.path("window_closed").asBoolean();
        threshold = s.path("threshold").asDouble(Double.NaN);
        averageCount = s.path("average_count").asLong();
        lastJoined = s.path("last_joined").asLong(-1);
        average = averageCount > 0 ? WeightMaps.copy(state.part(NAME, "average"), manager) : null;
        for (JsonNode e : s.path("window")) {
            long seq = e.path("seq").asLong();
            window.addLast(new Segment(seq, e.path("count").asLong(), e.path("loss").asDouble(), e.path("end_step").asLong(),
                    state.part(NAME, "segment-" + seq), manager));
        }
    }

    @Override
    public void close() {
        window.clear();
        segment.close();
        manager.close();
    }
}
