package io.veernet.data.las;

import io.veernet.data.io.AtomicFiles;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a {@link LasFile} as LAS 2.0, one line per depth step, atomically.
 *
 * <p>Sections ~VERSION (VERS 2.0, WRAP NO), ~WELL (STRT, STOP, STEP, NULL, then the file's own
 * entries), ~CURVE, ~PARAMETER, ~ASCII; CR LF line ends and printable ASCII, as the standard
 * asks. Missing values are written as {@link #NULL_VALUE}. Numbers carry {@code significantDigits}
 * significant digits in plain notation (see {@link #LasWriter(int)}).
 */
public final class LasWriter {

    /** The NULL value written in ~WELL and in place of every missing value. */
    public static final double NULL_VALUE = -999.25;

    /** Significant digits written by default: enough for any depth and any digitised value. */
    public static final int DEFAULT_SIGNIFICANT_DIGITS = 10;

    /** Index mnemonics LAS 2.0 allows for the first curve. */
    private static final Set<String> INDEX_MNEMONICS = Set.of("DEPT", "DEPTH", "TIME");

    private static final String EOL = "\r\n";

    private final NumberText numbers;

    public LasWriter() {
        this(DEFAULT_SIGNIFICANT_DIGITS);
    }

    /**
     * @param significantDigits 1..17; a value with at most this many significant digits reads back
     *                          exactly, any other to within half a unit of the last digit written.
     *                          Depths count too: LAS forbids rounding them, so allow for their
     *                          integer digits (the default resolves 0.00001 at 99,999)
     */
    public LasWriter(int significantDigits) {
        this.numbers = new NumberText(significantDigits);
    }

    /** Writes {@code las} to {@code target}, replacing it atomically; on failure nothing changes. */
    public void write(Path target, LasFile las) throws IOException {
        String index = las.curves().get(0).mnemonic();
        if (!INDEX_MNEMONICS.contains(index.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("LAS 2.0 needs DEPT, DEPTH or TIME as the first curve, got " + index);
        }
        AtomicFiles.writeText(target, true, StandardCharsets.US_ASCII, out -> writeTo(out, las));
    }

    private void writeTo(Writer out, LasFile las) throws IOException {
        String depthUnit = las.curves().get(0).unit();
        String nullText = numbers.format(NULL_VALUE);

        out.write("~VERSION INFORMATION" + EOL);
        writeEntries(out, List.of(
                new LasEntry("VERS", "", "2.0", "CWLS LOG ASCII STANDARD - VERSION 2.0"),
                new LasEntry("WRAP", "", "NO", "ONE LINE PER DEPTH STEP")));

        out.write("~WELL INFORMATION" + EOL);
        List<LasEntry> well = new ArrayList<>(List.of(
                new LasEntry("STRT", depthUnit, orNull(las.start(), nullText), "START DEPTH"),
                new LasEntry("STOP", depthUnit, orNull(las.stop(), nullText), "STOP DEPTH"),
                new LasEntry("STEP", depthUnit, numbers.format(las.step()), "STEP"),
                new LasEntry("NULL", "", nullText, "NULL VALUE")));
        well.addAll(las.well());
        writeEntries(out, well);

        out.write("~CURVE INFORMATION" + EOL);
        writeEntries(out, las.curves());
        out.write("~PARAMETER INFORMATION" + EOL);
        writeEntries(out, las.parameters());
        writeData(out, las, nullText);
    }

    private String orNull(double value, String nullText) {
        return Double.isNaN(value) ? nullText : numbers.format(value);
    }

    /** Entries as aligned {@code MNEM.UNIT  VALUE : DESCRIPTION} lines. */
    private static void writeEntries(Writer out, List<LasEntry> entries) throws IOException {
        int nameWidth = 0;
        int valueWidth = 0;
        for (LasEntry e : entries) {
            nameWidth = Math.max(nameWidth, e.mnemonic().length() + 1 + e.unit().length());
            valueWidth = Math.max(valueWidth, e.value().length());
        }
        for (LasEntry e : entries) {
            // The space after the unit is a delimiter: it ends the unit even when the value is empty.
            out.write(" " + pad(e.mnemonic() + "." + e.unit(), nameWidth) + "  " + pad(e.value(), valueWidth)
                    + " : " + e.description() + EOL);
        }
    }

    private void writeData(Writer out, LasFile las, String nullText) throws IOException {
        List<LasEntry> curves = las.curves();
        int rows = las.rows();
        String[][] text = new String[curves.size()][rows];
        int[] width = new int[curves.size()];
        for (int i = 0; i < text.length; i++) {
            double[] column = las.column(i);
            width[i] = curves.get(i).mnemonic().length();
            for (int r = 0; r < rows; r++) {
                text[i][r] = Double.isNaN(column[r]) ? nullText : numbers.format(column[r]);
                if (!Double.isNaN(column[r]) && text[i][r].equals(nullText)) {
                    throw new IllegalArgumentException(curves.get(i).mnemonic() + " at row " + r + " is " + column[r]
                            + ", which is written as the NULL value " + nullText + " and would read back as missing");
                }
                width[i] = Math.max(width[i], text[i][r].length());
            }
        }
        checkIndexSurvivesRounding(las, text[0]);
        // The column titles after ~A are a comment to the standard, a help to people.
        StringBuilder line = new StringBuilder("~A");
        for (int i = 0; i < text.length; i++) {
            line.append(' ').append(padLeft(curves.get(i).mnemonic(), width[i]));
        }
        out.write(line.append(EOL).toString());
        for (int r = 0; r < rows; r++) {
            line.setLength(0);
            line.append("  ");
            for (int i = 0; i < text.length; i++) {
                line.append(' ').append(padLeft(text[i][r], width[i]));
            }
            out.write(line.append(EOL).toString());
        }
    }

    /** LAS forbids rounding depths: the written index must keep its order and, if it has one, its step. */
    private static void checkIndexSurvivesRounding(LasFile las, String[] written) {
        double[] index = las.column(0);
        double[] read = new double[written.length];
        for (int r = 0; r < read.length; r++) {
            read[r] = Double.parseDouble(written[r]);
            if (r > 0 && Math.signum(read[r] - read[r - 1]) != Math.signum(index[r] - index[r - 1])) {
                throw tooFewDigits(las, index[r - 1] + " and " + index[r] + " would be written as " + written[r - 1]
                        + " and " + written[r]);
            }
        }
        if (las.step() != 0 && LasFile.regularStep(read) == 0) {
            throw tooFewDigits(las, "its step " + las.step() + " would not stay constant");
        }
    }

    private static IllegalArgumentException tooFewDigits(LasFile las, String problem) {
        return new IllegalArgumentException("index " + las.curves().get(0).mnemonic() + ": " + problem
                + "; LAS forbids rounding depths, so write more significant digits");
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(width - s.length()) + s;
    }
}
