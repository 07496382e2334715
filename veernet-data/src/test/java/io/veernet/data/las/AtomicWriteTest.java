package io.veernet.data.las;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {

    @TempDir
    Path dir;

    @Test
    void replacesAnExistingFileWhole() throws IOException {
        Path file = dir.resolve("well.las");
        Files.writeString(file, "old content");
        new LasWriter().write(file, LasRoundTripTest.sample());
        assertEquals(LasRoundTripTest.sample(), LasReader.read(file));
        assertEquals(List.of(file), list(dir));
    }

    @Test
    void failureWhileWritingLeavesTheTargetAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("well.las");
        Files.writeString(file, "old content");
        // A real value that would be written as the NULL value is found only while formatting the data.
        LasFile clash = new LasFile(List.of(), List.of(LasEntry.curve("DEPT", "M", ""), LasEntry.curve("GR", "API", "")),
                List.of(), new double[][] {{1, 2}, {5, LasWriter.NULL_VALUE}});
        var e = assertThrows(IllegalArgumentException.class, () -> new LasWriter().write(file, clash));
        assertTrue(e.getMessage().contains("NULL value"), e.getMessage());
        assertEquals("old content", Files.readString(file));
        assertEquals(List.of(file), list(dir));
    }

    @Test
    void failureToRenameLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("taken.csv");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "x"); // a non-empty folder cannot be replaced by a file
        IOException e = assertThrows(IOException.class, () -> new CsvWriter().write(target, LasRoundTripTest.sample()));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertEquals(List.of(target), list(dir));
    }

    @Test
    void missingFolderCreatesNothing() {
        Path target = dir.resolve("absent").resolve("well.las");
        assertThrows(IOException.class, () -> new LasWriter().write(target, LasRoundTripTest.sample()));
        assertFalse(Files.exists(target.getParent()));
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
