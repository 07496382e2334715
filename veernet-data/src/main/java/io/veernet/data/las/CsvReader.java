package io.veernet.data.las;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV table as written by {@link CsvWriter} into a {@link LasFile} whose curves carry only
 * their mnemonics (no units or descriptions, no well or parameter entries).
 *
 * <p>The first line names the columns, index first. An empty field (or {@code NaN}) is a missing
 * value; the index may have none. Blank lines are skipped; LF or CR LF line ends. Malformed input
 * fails with a {@link LogFileFormatException} naming the file and line.
 */
public final class CsvReader {

    private CsvReader() {
    }

    public static LasFile read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header != null && header.startsWith("\uFEFF")) {
                header = header.substring(1); // byte-order mark, as spreadsheets save
            }
            if (header == null || header.isBlank()) {
                throw new LogFileFormatException(file, 1, "no header line (expected e.g. DEPT,GR)");
            }
            List<LasEntry> curves = new ArrayList<>();
            for (String name : header.split(",", -1)) {
                try {
                    curves.add(LasEntry.curve(name.strip(), "", ""));
                } catch (IllegalArgumentException e) {
                    throw new LogFileFormatException(file, 1, "bad column name: " + e.getMessage());
                }
            }
            List<double[]> rows = new ArrayList<>();
            int number = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (!line.isBlank()) {
                    rows.add(row(line, curves, file, number));
                }
            }
            double[][] columns = new double[curves.size()][rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                for (int i = 0; i < columns.length; i++) {
                    columns[i][r] = rows.get(r)[i];
                }
            }
            try {
                return new LasFile(List.of(), curves, List.of(), columns);
            } catch (IllegalArgumentException e) {
                throw new LogFileFormatException(file, 1, e.getMessage());
            }
        }
    }

    private static double[] row(String line, List<LasEntry> curves, Path file, int number)
            throws LogFileFormatException {
        String[] fields = line.split(",", -1);
        if (fields.length != curves.size()) {
            throw new LogFileFormatException(file, number, "expected " + curves.size() + " fields, found "
                    + fields.length);
        }
        double[] values = new double[fields.length];
        for (int i = 0; i < fields.length; i++) {
            String field = fields[i].strip();
            String name = curves.get(i).mnemonic();
            if (field.isEmpty() || field.equals("NaN")) {
                if (i == 0) {
                    throw new LogFileFormatException(file, number, "the index " + name + " is missing");
                }
                values[i] = Double.NaN;
                continue;
            }
            try {
                values[i] = NumberText.parse(field);
            } catch (NumberFormatException e) {
                throw new LogFileFormatException(file, number, name + " " + e.getMessage());
            }
        }
        return values;
    }
}
