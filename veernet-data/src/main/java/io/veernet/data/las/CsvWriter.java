package io.veernet.data.las;

import io.veernet.data.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the data table of a {@link LasFile} as CSV, atomically: a header line of the curve
 * mnemonics (index first, e.g. {@code DEPT,GR,RHOB}), then one line per depth step. A missing value
 * is an empty field. Numbers as in {@link LasWriter}; LF line ends; no quoting, so mnemonics may
 * not contain commas or quotes. Headers other than the mnemonics are not written.
 */
public final class CsvWriter {

    private final NumberText numbers;

    public CsvWriter() {
        this(LasWriter.DEFAULT_SIGNIFICANT_DIGITS);
    }

    /** @param significantDigits 1..17, as for {@link LasWriter#LasWriter(int)} */
    public CsvWriter(int significantDigits) {
        this.numbers = new NumberText(significantDigits);
    }

    /** Writes the table to {@code target}, replacing it atomically; on failure nothing changes. */
    public void write(Path target, LasFile las) throws IOException {
        List<String> names = las.curves().stream().map(LasEntry::mnemonic).toList();
        for (String name : names) {
            if (name.indexOf(',') >= 0 || name.indexOf('"') >= 0) {
                throw new IllegalArgumentException("mnemonic " + name + " has a comma or quote, which CSV would need to quote");
            }
        }
        double[][] columns = las.columns();
        AtomicFiles.writeText(target, true, StandardCharsets.UTF_8, out -> {
            out.write(String.join(",", names) + "\n");
            StringBuilder line = new StringBuilder();
            for (int r = 0; r < las.rows(); r++) {
                line.setLength(0);
                for (int i = 0; i < columns.length; i++) {
                    if (i > 0) {
                        line.append(',');
                    }
                    if (!Double.isNaN(columns[i][r])) {
                        line.append(numbers.format(columns[i][r]));
                    }
                }
                out.write(line.append('\n').toString());
            }
        });
    }
}
