package io.veernet.data.las;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LasRoundTripTest {

    private static final double NaN = Double.NaN;

    @TempDir
    Path dir;

    static LasFile sample() {
        return new LasFile(
                List.of(new LasEntry("WELL", "", "ANY ET AL 12-34", "WELL"),
                        new LasEntry("UWI", "", "100123401234W500", "UNIQUE WELL ID"),
                        new LasEntry("SRC", "", "scans/log 7.png", "SOURCE FILE"),
                        new LasEntry("DATE", "", "2024-05-01 13:45", "DIGITISED")),
                List.of(LasEntry.curve("DEPT", "M", "DEPTH"),
                        new LasEntry("GR", "API", "45 310 01 00", "GAMMA RAY"),
                        LasEntry.curve("RHOB", "G/C3", "BULK DENSITY")),
                List.of(new LasEntry("BHT", "DEGC", "35.5", "BOTTOM HOLE TEMPERATURE"),
                        new LasEntry("MODEL", "", "veernet-ema", "DIGITISER MODEL")),
                new double[][] {
                        {1000, 1000.5, 1001, 1001.5, 1002},
                        {45.25, NaN, 60.125, 0, -3.5},
                        {2.3456, 2.4, NaN, NaN, 2.65}});
    }

    @Test
    void writeThenReadGivesTheSameFile() throws IOException {
        Path file = dir.resolve("well.las");
        new LasWriter().write(file, sample());
        LasFile back = LasReader.read(file);
        assertEquals(sample(), back);
        assertEquals(0.5, back.step(), 0);
        assertEquals(1000, back.start(), 0);
        assertEquals(1002, back.stop(), 0);
    }

    @Test
    void writesTheStandardHeaderAndNullValue() throws IOException {
        Path file = dir.resolve("well.las");
        new LasWriter().write(file, sample());
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<String> lines = text.lines().map(String::strip).toList();
        assertTrue(text.contains("\r\n"), "LAS 2.0 lines end in CR LF");
        assertTrue(lines.get(0).startsWith("~V"));
        assertTrue(lines.stream().anyMatch(l -> l.matches("VERS\\.\\s+2\\.0 : .*")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("WRAP\\.\\s+NO\\s+: .*")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("STRT\\.M\\s+1000\\s+: START DEPTH")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("STOP\\.M\\s+1002\\s+: STOP DEPTH")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("STEP\\.M\\s+0\\.5\\s+: STEP")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("NULL\\.\\s+-999\\.25\\s+: NULL VALUE")), text);
        int curve = lines.indexOf(lines.stream().filter(l -> l.startsWith("~C")).findFirst().orElseThrow());
        assertTrue(lines.get(curve + 1).startsWith("DEPT.M"), "DEPT is the first curve");
        assertTrue(lines.stream().anyMatch(l -> l.matches("1000\\.5\\s+-999\\.25\\s+2\\.4")), text);
    }

    @Test
    void irregularDepthsHaveStepZero() throws IOException {
        LasFile las = new LasFile(List.of(), List.of(LasEntry.curve("DEPT", "FT", ""), LasEntry.curve("GR", "API", "")),
                List.of(), new double[][] {{10, 10.5, 11.25}, {1, 2, 3}});
        Path file = dir.resolve("irregular.las");
        new LasWriter().write(file, las);
        assertTrue(Files.readString(file).lines().anyMatch(l -> l.strip().matches("STEP\\.FT\\s+0\\s+: STEP")));
        assertEquals(las, LasReader.read(file));
    }

    @Test
    void valuesRoundTripAtTheStatedPrecision() throws IOException {
        Random random = new Random(7);
        int n = 200;
        double[] depth = new double[n];
        double[] res = new double[n];
        for (int i = 0; i < n; i++) {
            depth[i] = 1234.5 + i * 0.1524; // a half-foot step in metres, accumulating rounding error
            res[i] = Math.pow(10, random.nextDouble() * 4 - 1); // 0.1 .. 1000 ohm.m
        }
        LasFile las = new LasFile(List.of(), List.of(LasEntry.curve("DEPT", "M", ""), LasEntry.curve("RES", "OHMM", "")),
                List.of(), new double[][] {depth, res});

        Path rounded = dir.resolve("rounded.las");
        new LasWriter(8).write(rounded, las);
        LasFile back = LasReader.read(rounded);
        for (int i = 0; i < n; i++) {
            assertEquals(Math.round((1234.5 + i * 0.1524) * 1e4) / 1e4, back.column(0)[i], 0, "the intended depth");
            assertEquals(res[i], back.column(1)[i], 5e-8 * res[i], "8 significant digits");
        }
        assertEquals(0.1524, back.step(), 1e-12);

        var e = assertThrows(IllegalArgumentException.class, () -> new LasWriter(5).write(rounded, las));
        assertTrue(e.getMessage().contains("LAS forbids rounding depths"), e.getMessage());

        Path exact = dir.resolve("exact.las");
        new LasWriter(17).write(exact, las);
        assertEquals(las, LasReader.read(exact));
    }

    @Test
    void csvRoundTripKeepsTheTable() throws IOException {
        Path file = dir.resolve("well.csv");
        new CsvWriter().write(file, sample());
        List<String> lines = Files.readAllLines(file);
        assertEquals("DEPT,GR,RHOB", lines.get(0));
        assertEquals("1000.5,,2.4", lines.get(2), "a missing value is an empty field");
        LasFile back = CsvReader.read(file);
        assertEquals(List.of("DEPT", "GR", "RHOB"), back.curves().stream().map(LasEntry::mnemonic).toList());
        assertEquals(new LasFile(List.of(), back.curves(), List.of(), sample().columns()), back);
    }
}
