package io.veernet.data.las;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LasReaderTest {

    private static final double NaN = Double.NaN;

    /** Written by hand the way other tools do: comments, odd spacing, sections out of order, ~O text, tabs. */
    private static final String HAND_WRITTEN = """
            # exported by hand
            ~Version Information Section
             VERS.                          2.0 :   CWLS LOG ASCII STANDARD - VERSION 2.0
             WRAP.                          NO  :   One line per depth step
            ~Curve Information Section
            #MNEM.UNIT      API CODE      Curve Description
             DEPT.M                      :  1  DEPTH
             NPHI.V/V      42 890 00 00  :  2  NEUTRON POROSITY
             ILD .OHMM                   :  3  DEEP RESISTIVITY
            ~Well Information Section
            #MNEM.UNIT       Data Type    Information
             STRT.M          635.0000 :START DEPTH
             STOP.M          634.7500 :STOP DEPTH
             STEP.M           -0.1250 :STEP
             NULL.          -9999     :NULL VALUE
             WELL.   ANY ET AL 12-34-12-34 :WELL
             UWI .   100123401234W500 :UNIQUE WELL ID
             DATE.   13-DEC-86 12:30  :LOG DATE
            ~other
            Digitised from a paper log: sheet 3.
            ~Parameter Information Section
             BHT .DEGC    35.5000 : BOTTOM HOLE TEMPERATURE
             MDWT.        :  MUD WEIGHT (not recorded)
            ~A  DEPTH     NPHI     ILD
            635.0000   0.4500\t105.6
            634.8750   -9999   1.5e2
            # a comment in the data
            634.7500   0.4450   -9999.0
            """;

    @TempDir
    Path dir;

    @Test
    void parsesAHandWrittenFile() throws IOException {
        Path file = write("hand.las", HAND_WRITTEN);
        LasFile las = LasReader.read(file);
        assertEquals(List.of(LasEntry.curve("DEPT", "M", "1  DEPTH"),
                new LasEntry("NPHI", "V/V", "42 890 00 00", "2  NEUTRON POROSITY"),
                LasEntry.curve("ILD", "OHMM", "3  DEEP RESISTIVITY")), las.curves());
        assertEquals(List.of(new LasEntry("WELL", "", "ANY ET AL 12-34-12-34", "WELL"),
                new LasEntry("UWI", "", "100123401234W500", "UNIQUE WELL ID"),
                new LasEntry("DATE", "", "13-DEC-86 12:30", "LOG DATE")), las.well());
        assertEquals(List.of(new LasEntry("BHT", "DEGC", "35.5000", "BOTTOM HOLE TEMPERATURE"),
                new LasEntry("MDWT", "", "", "MUD WEIGHT (not recorded)")), las.parameters());
        assertArrayEquals(new double[] {635, 634.875, 634.75}, las.column("DEPT"), 0);
        assertArrayEquals(new double[] {0.45, NaN, 0.445}, las.column("NPHI"), 0);
        assertArrayEquals(new double[] {105.6, 150, NaN}, las.column(2), 0);
        assertEquals(-0.125, las.step(), 1e-12);
    }

    @Test
    void readsDataBeforeTheHeadersItNeeds() throws IOException {
        int data = HAND_WRITTEN.indexOf("~A");
        int curves = HAND_WRITTEN.indexOf("~Curve");
        String reordered = HAND_WRITTEN.substring(0, curves) + HAND_WRITTEN.substring(data)
                + HAND_WRITTEN.substring(curves, data);
        assertEquals(LasReader.read(write("hand.las", HAND_WRITTEN)), LasReader.read(write("reordered.las", reordered)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "header line without colon    | WELL.   ANY ET AL 12-34-12-34 :WELL   | WELL.   NO COLON HERE                  | 16 | no ':'",
            "header line without dot      | UWI .   100123401234W500 :UNIQUE      | UWI     100123401234W500 :UNIQUE       | 17 | no '.'",
            "short data line              | 634.8750   -9999   1.5e2              | 634.8750   -9999                       | 26 | expected 3 values",
            "text in the data             | 634.8750   -9999   1.5e2              | 634.8750   abc   1.5e2                 | 26 | 'abc' is not a decimal number",
            "wrapped file                 | WRAP.                          NO  :   | WRAP.                          YES  :  | 4  | WRAP YES",
            "other version                | VERS.                          2.0 :   | VERS.                          3.0 :   | 3  | version 3.0",
            "null index                   | 634.8750   -9999   1.5e2              | -9999   0.1   1.5e2                    | 26 | index DEPT is the NULL value",
            "second curve section         | ~other                                | ~Curve                                 | 19 | second ~C section",
    })
    void malformedInputNamesFileAndLine(String name, String good, String bad, int line, String problem) throws IOException {
        String text = HAND_WRITTEN.replace(good.strip(), bad.strip());
        assertTrue(!text.equals(HAND_WRITTEN), "the test must change the file");
        Path file = write("bad.las", text);
        LogFileFormatException e = assertThrows(LogFileFormatException.class, () -> LasReader.read(file));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ", line " + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void missingSectionNamesTheFile() throws IOException {
        String text = HAND_WRITTEN.substring(0, HAND_WRITTEN.indexOf("~A"));
        Path file = write("no-data.las", text);
        LogFileFormatException e = assertThrows(LogFileFormatException.class, () -> LasReader.read(file));
        assertEquals(file + ": no ~A (ASCII) section", e.getMessage());
    }

    @Test
    void malformedCsvNamesFileAndLine() throws IOException {
        Path file = write("bad.csv", "DEPT,GR\n1000,45\n\n1000.5,46,47\n");
        LogFileFormatException e = assertThrows(LogFileFormatException.class, () -> CsvReader.read(file));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("bad.csv, line 4: expected 2 fields, found 3"), e.getMessage());
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return file;
    }
}
