package io.veernet.model.averaging;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** Several EMAs of the same weights, one per decay, fed by the same stream of optimizer steps. */
public final class EmaSet implements AutoCloseable {

    private final List<Ema> emas;

    /** Starts one {@link Ema} per distinct decay, all from the parameters' current values. */
    public EmaSet(List<Double> decays, Map<String, Parameter> parameters, NDManager manager) {
        if (new HashSet<>(decays).size() != decays.size()) {
            throw new IllegalArgumentException("ema decays must be distinct, got " + decays);
        }
        List<Ema> list = new ArrayList<>();
        try {
            for (double d : decays) {
                list.add(new Ema(d, parameters, manager));
            }
        } catch (RuntimeException e) {
            list.forEach(Ema::close);
            throw e;
        }
        emas = List.copyOf(list);
    }

    /** Updates every EMA (call after each applied optimizer step). */
    public void update() {
        for (Ema ema : emas) {
            ema.update();
        }
    }

    /** The EMAs, in the order of their decays. */
    public List<Ema> all() {
        return emas;
    }

    /** The EMA with this decay. */
    public Ema get(double decay) {
        for (Ema ema : emas) {
            if (ema.decay() == decay) {
                return ema;
            }
        }
        throw new IllegalArgumentException("no EMA with decay " + decay);
    }

    /** Frees every EMA's arrays. */
    @Override
    public void close() {
        emas.forEach(Ema::close);
    }
}
