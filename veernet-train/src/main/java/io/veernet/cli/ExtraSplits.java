package io.veernet.cli;

import io.veernet.config.VeernetConfig;
import io.veernet.data.synth.DatasetGenerator;
import io.veernet.data.synth.StyleProfile;
import io.veernet.eval.GeneralisationTable;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The evaluation splits quickstart adds beside a run's own test split: {@code test-heldout}, drawn
 * with the held-out style profile training never uses, and {@code test} of the classic look (the
 * same images as the classic generator's test split, so old reports compare). Each lives in a
 * dataset folder of its own next to the run's ({@code <data.path>-heldout}, {@code <data.path>-classic}),
 * so the run's dataset and its manifest stay as they were. The classic look also gets a validation
 * split, which joins the run's own in choosing the tracker's costs: they are then chosen for both looks
 * the model is meant to read, never on a test split, and never on the held-out family.
 */
final class ExtraSplits {

    /**
     * One extra split: its label in reports, profile, dataset folder suffix, split name, and whether the
     * folder also holds a validation split that tune-tracker chooses on.
     */
    record Extra(String label, StyleProfile profile, String suffix, String split, boolean tunes) {
    }

    static final List<Extra> EXTRAS = List.of(
            new Extra("held-out", StyleProfile.HELDOUT, "-heldout", "test-heldout", false),
            new Extra("classic", StyleProfile.CLASSIC, "-classic", "test", true));

    private ExtraSplits() {
    }

    /** The extras that differ from the run's own profile. */
    static List<Extra> of(VeernetConfig cfg) {
        return EXTRAS.stream().filter(e -> e.profile() != cfg.synth().profile()).toList();
    }

    static Path folder(VeernetConfig cfg, Extra e) {
        return Path.of(cfg.data().path() + e.suffix());
    }

    /** The extra folders whose validation split joins the run's own in tune-tracker. */
    static List<Path> tuningFolders(VeernetConfig cfg) {
        if (cfg.data().test() == 0 || cfg.data().validation() == 0) {
            return List.of();
        }
        return of(cfg).stream().filter(Extra::tunes).map(e -> folder(cfg, e)).toList();
    }

    /**
     * Generates each extra split (reusing complete samples), as many images as the test split, and a
     * validation split as large as the run's where the extra tunes. A folder made by an older quickstart
     * with other splits is regenerated: it is quickstart's own and takes seconds.
     */
    static void generate(VeernetConfig cfg, int threads) throws Exception {
        if (cfg.data().test() == 0) {
            return;
        }
        for (Extra e : of(cfg)) {
            Map<String, Integer> counts = new java.util.LinkedHashMap<>();
            if (e.tunes() && cfg.data().validation() > 0) {
                counts.put("validation", cfg.data().validation());
            }
            counts.put(e.split(), cfg.data().test());
            new DatasetGenerator(cfg.synth().withProfile(e.profile()), cfg.data().seed(), counts)
                    .generate(folder(cfg, e), threads, true, n -> { });
        }
    }

    /** Evaluates the run on each extra split into {@code runDir/<label>/} and appends the side-by-side table to report.md. */
    static int evaluate(VeernetConfig cfg, Path runDir) throws Exception {
        if (cfg.data().test() == 0) {
            return 0;
        }
        List<GeneralisationTable.Column> columns = new java.util.ArrayList<>();
        columns.add(new GeneralisationTable.Column("in-domain test", runDir));
        for (Extra e : of(cfg)) {
            EvaluateCommand ev = new EvaluateCommand();
            ev.runDir = runDir;
            ev.data = folder(cfg, e);
            ev.split = e.split();
            ev.out = runDir.resolve(e.label());
            int code = ev.call();
            if (code != 0) {
                return code;
            }
            columns.add(new GeneralisationTable.Column(e.label(), ev.out));
        }
        if (columns.size() > 1) {
            GeneralisationTable.append(runDir, columns);
        }
        return 0;
    }
}
