package io.veernet.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.veernet.config.TrainConfig;
import io.veernet.model.averaging.Averager;
import io.veernet.model.averaging.Cadence;
import io.veernet.model.averaging.Ema;
import io.veernet.model.averaging.EmaHorizon;
import io.veernet.model.averaging.LiveWeights;
import io.veernet.model.averaging.PowerEma;
import io.veernet.model.averaging.SwaBuffer;
import io.veernet.model.averaging.Swad;
import io.veernet.model.averaging.Swag;
import io.veernet.model.averaging.TrainingMoment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every averager a config lists, in report order, fed together by the training loop. */
public final class Averagers implements AutoCloseable {

    private final List<Averager> all;
    /** The live weights flattened once per moment for all of them (one concatenation, not one per averager). */
    private final LiveWeights live;

    private Averagers(List<Averager> all, LiveWeights live) {
        this.all = List.copyOf(all);
        this.live = live;
    }

    /** The config's EMAs, SWA, SWAD, SWAG and power EMAs over {@code params}, at {@code stepsPerEpoch} steps per epoch. */
    public static Averagers of(TrainConfig t, int stepsPerEpoch, Map<String, Parameter> params, NDManager manager) {
        List<Averager> list = new ArrayList<>();
        LiveWeights live = new LiveWeights(params, manager);
        try {
            for (EmaHorizon h : t.ema()) {
                list.add(new Ema(h, stepsPerEpoch, params, manager, live));
            }
            if (t.swaStartIndex() >= 0) {
                list.add(new SwaBuffer(Cadence.epochEnds(t.swaStartIndex()), params, manager, live));
            }
            if (t.swad().enabled()) {
                list.add(new Swad(t.swad().settings(), Cadence.everySteps(t.swad().everySteps(), t.swad().startEpoch() - 1),
                        params, manager, live));
            }
            if (t.swag().enabled()) {
                list.add(new Swag(t.swag().rank(), Cadence.everySteps(t.swag().everySteps(), t.swa().startEpoch(t.epochs()) - 1),
                        params, manager, live));
            }
            if (t.postHocEma().enabled()) {
                for (double s : t.postHocEma().sigmaRels()) {
                    list.add(new PowerEma(s, params, manager, live));
                }
            }
        } catch (RuntimeException e) {
            list.forEach(Averager::close);
            live.close();
            throw e;
        }
        return new Averagers(list, live);
    }

    /** Feeds every averager whose cadence takes this moment. */
    public void feed(TrainingMoment moment) {
        // The weights changed since the last moment (a step): flatten them again, once for everyone.
        live.invalidate();
        for (Averager a : all) {
            if (a.shouldUpdate(moment)) {
                a.update(moment);
            }
        }
    }

    /** Tells every averager the raw model's validation score. */
    public void validated(int epoch, long step, double score) {
        for (Averager a : all) {
            a.validated(epoch, step, score);
        }
    }

    public List<Averager> all() {
        return all;
    }

    /** The averagers that are models of their own (validated, exported): all but the power EMAs, which feed post-hoc EMA. */
    public List<Averager> models() {
        return all.stream().filter(a -> !(a instanceof PowerEma)).toList();
    }

    /** The power EMAs post-hoc EMA snapshots. */
    public List<PowerEma> powerEmas() {
        return all.stream().filter(a -> a instanceof PowerEma).map(a -> (PowerEma) a).toList();
    }

    @Override
    public void close() {
        all.forEach(Averager::close);
        live.close();
    }
}
