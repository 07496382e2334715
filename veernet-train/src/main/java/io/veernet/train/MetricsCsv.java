package io.veernet.train;

import io.veernet.data.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code metrics.csv}: the run's history in long form, one row per epoch and validated model
 * (one row with an empty model column for an epoch without validation). Rewritten whole from the
 * history after every epoch, so after a resume it matches the checkpoint exactly.
 */
public final class MetricsCsv {

    static final String HEADER = "epoch,step,lr,train_loss,images_per_s,epoch_seconds,data_wait_share,"
            + "model,bg_iou,curve1_iou,curve2_iou,curve1_r2_median,curve2_r2_median,score";

    private MetricsCsv() {
    }

    public static void write(Path file, List<EpochRecord> history) throws IOException {
        AtomicFiles.writeText(file, false, StandardCharsets.UTF_8, out -> {
            out.write(HEADER + "\n");
            for (EpochRecord r : history) {
                String common = String.format(Locale.ROOT, "%d,%d,%.6g,%.6f,%.3f,%.2f,%.4f", r.epoch(), r.step(),
                        r.lr(), r.trainLoss(), r.imagesPerSecond(), r.seconds(), r.dataWaitShare());
                if (r.validation().isEmpty()) {
                    out.write(common + ",,,,,,,\n");
                }
                for (Map.Entry<String, ValidationScore> e : new TreeMap<>(r.validation()).entrySet()) {
                    ValidationScore v = e.getValue();
                    out.write(String.format(Locale.ROOT, "%s,%s,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f%n", common, e.getKey(),
                            v.backgroundIou(), v.curve1Iou(), v.curve2Iou(), v.curve1R2Median(), v.curve2R2Median(),
                            v.score()));
                }
            }
        });
    }
}
