package io.veernet.data.las;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a LAS 2.0 file written one line per depth step (WRAP NO) into a {@link LasFile}.
 *
 * <p>Follows the LAS 2.0 grammar: a section starts at a line whose first non-space character is
 * {@code ~}, named by the letter after it (V, W, C, P, O, A; any case; sections in any order, each
 * at most once; other sections and ~O are skipped); {@code #} starts a comment line; header lines
 * split at the first dot, the first space after it and the last colon. Values equal to the ~WELL
 * NULL value become NaN (without a NULL entry none do). Characters outside printable ASCII are read
 * as spaces, as the standard suggests. Any departure fails with a {@link LogFileFormatException}
 * naming the file and line.
 */
public final class LasReader {

    private enum Section { VERSION, WELL, CURVE, PARAMETER, OTHER, ASCII, UNKNOWN }

    /** Something read and the number of the line it came from. */
    private record Line<T>(int number, T content) {
    }

    private final Path file;
    private final Map<Section, Integer> sectionLines = new EnumMap<>(Section.class);
    private final Map<Section, List<Line<LasEntry>>> entries = new EnumMap<>(Section.class);
    private final List<Line<String>> data = new ArrayList<>();

    private LasReader(Path file) {
        this.file = file;
        for (Section s : Section.values()) {
            entries.put(s, new ArrayList<>());
        }
    }

    /** Reads and checks the whole file. */
    public static LasFile read(Path file) throws IOException {
        LasReader reader = new LasReader(file);
        // ISO-8859-1 maps every byte to a character, so no input fails to decode.
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            reader.scan(in);
        }
        return reader.build();
    }

    private void scan(BufferedReader in) throws IOException {
        Section section = null;
        int number = 0;
        for (String raw = in.readLine(); raw != null; raw = in.readLine()) {
            number++;
            String line = printable(raw).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("~")) {
                section = sectionOf(line);
                if (section != Section.UNKNOWN && sectionLines.putIfAbsent(section, number) != null) {
                    throw error(number, "second ~" + line.charAt(1) + " section (the first is on line "
                            + sectionLines.get(section) + ")");
                }
                continue;
            }
            if (section == null) {
                throw error(number, "text before the first section; a LAS file starts with ~V");
            }
            switch (section) {
                case VERSION, WELL, CURVE, PARAMETER -> entries.get(section).add(new Line<>(number, entry(line, number)));
                case ASCII -> data.add(new Line<>(number, line));
                case OTHER, UNKNOWN -> { } // free text
            }
        }
    }

    private static Section sectionOf(String line) {
        if (line.length() < 2) {
            return Section.UNKNOWN;
        }
        return switch (Character.toUpperCase(line.charAt(1))) {
            case 'V' -> Section.VERSION;
            case 'W' -> Section.WELL;
            case 'C' -> Section.CURVE;
            case 'P' -> Section.PARAMETER;
            case 'O' -> Section.OTHER;
            case 'A' -> Section.ASCII;
            default -> Section.UNKNOWN;
        };
    }

    /** Splits {@code MNEM.UNIT  VALUE : DESCRIPTION} at the first dot, the first space after it and the last colon. */
    private LasEntry entry(String line, int number) throws LogFileFormatException {
        int dot = line.indexOf('.');
        int colon = line.lastIndexOf(':');
        if (dot < 0) {
            throw error(number, "no '.' after the mnemonic in '" + line + "' (expected MNEM.UNIT VALUE : DESCRIPTION)");
        }
        if (colon < dot) {
            throw error(number, "no ':' before the description in '" + line
                    + "' (expected MNEM.UNIT VALUE : DESCRIPTION)");
        }
        int space = line.indexOf(' ', dot);
        int unitEnd = space < 0 || space > colon ? colon : space;
        try {
            return new LasEntry(line.substring(0, dot).strip(), line.substring(dot + 1, unitEnd),
                    line.substring(unitEnd, colon), line.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw error(number, e.getMessage());
        }
    }

    private LasFile build() throws LogFileFormatException {
        for (Section required : List.of(Section.VERSION, Section.WELL, Section.CURVE, Section.ASCII)) {
            if (!sectionLines.containsKey(required)) {
                throw error(0, "no ~" + required.name().charAt(0) + " (" + required.name() + ") section");
            }
        }
        checkVersion();
        double nullValue = Double.NaN;
        List<LasEntry> well = new ArrayList<>();
        for (Line<LasEntry> line : entries.get(Section.WELL)) {
            LasEntry e = line.content();
            String mnemonic = e.mnemonic().toUpperCase(Locale.ROOT);
            if (mnemonic.equals("NULL")) {
                nullValue = number(e.value(), line.number(), "NULL value");
            } else if (!LasFile.DERIVED_WELL_MNEMONICS.contains(mnemonic)) {
                well.add(e);
            }
        }
        List<Line<LasEntry>> curveLines = entries.get(Section.CURVE);
        if (curveLines.isEmpty()) {
            throw error(sectionLines.get(Section.CURVE), "the ~C section lists no curve");
        }
        List<LasEntry> curves = new ArrayList<>();
        for (Line<LasEntry> line : curveLines) {
            for (LasEntry earlier : curves) {
                if (earlier.mnemonic().equalsIgnoreCase(line.content().mnemonic())) {
                    throw error(line.number(), "curve " + line.content().mnemonic() + " is listed twice");
                }
            }
            curves.add(line.content());
        }
        double[][] columns = readData(curves, nullValue);
        try {
            return new LasFile(well, curves, entries.get(Section.PARAMETER).stream().map(Line::content).toList(),
                    columns);
        } catch (IllegalArgumentException e) {
            throw error(0, e.getMessage());
        }
    }

    private void checkVersion() throws LogFileFormatException {
        Line<LasEntry> vers = versionEntry("VERS");
        String version = vers.content().value();
        if (!version.matches("2(\\.0*)?")) {
            throw error(vers.number(), "LAS version " + version + " is not supported; this reader reads LAS 2.0");
        }
        Line<LasEntry> wrap = versionEntry("WRAP");
        String mode = wrap.content().value().toUpperCase(Locale.ROOT);
        if (mode.equals("YES")) {
            throw error(wrap.number(), "wrapped data (WRAP YES) is not supported; only WRAP NO");
        }
        if (!mode.equals("NO")) {
            throw error(wrap.number(), "WRAP must be YES or NO, got '" + wrap.content().value() + "'");
        }
    }

    private Line<LasEntry> versionEntry(String mnemonic) throws LogFileFormatException {
        for (Line<LasEntry> line : entries.get(Section.VERSION)) {
            if (line.content().mnemonic().equalsIgnoreCase(mnemonic)) {
                return line;
            }
        }
        throw error(sectionLines.get(Section.VERSION), "the ~V section has no " + mnemonic + " line");
    }

    private double[][] readData(List<LasEntry> curves, double nullValue) throws LogFileFormatException {
        double[][] columns = new double[curves.size()][data.size()];
        for (int r = 0; r < data.size(); r++) {
            Line<String> line = data.get(r);
            String[] tokens = line.content().split("\\s+");
            if (tokens.length != curves.size()) {
                throw error(line.number(), "expected " + curves.size() + " values (one per curve, WRAP NO), found "
                        + tokens.length);
            }
            for (int i = 0; i < tokens.length; i++) {
                double v = number(tokens[i], line.number(), curves.get(i).mnemonic() + " value");
                // NaN == NaN is false, so without a NULL entry no value is mapped.
                columns[i][r] = v == nullValue ? Double.NaN : v;
            }
            if (Double.isNaN(columns[0][r])) {
                throw error(line.number(), "the index " + curves.get(0).mnemonic() + " is the NULL value");
            }
        }
        return columns;
    }

    private double number(String text, int line, String what) throws LogFileFormatException {
        try {
            return NumberText.parse(text);
        } catch (NumberFormatException e) {
            throw error(line, what + " " + e.getMessage());
        }
    }

    /** The line with every character outside printable ASCII (tabs included) read as a space. */
    private static String printable(String raw) {
        StringBuilder s = null;
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch < 32 || ch > 126) {
                if (s == null) {
                    s = new StringBuilder(raw);
                }
                s.setCharAt(i, ' ');
            }
        }
        return s == null ? raw : s.toString();
    }

    private LogFileFormatException error(int line, String problem) {
        return new LogFileFormatException(file, line, problem);
    }
}
