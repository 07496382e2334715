package io.veernet.data.las;

import java.io.IOException;
import java.nio.file.Path;

/** A LAS or CSV log file that does not follow its format, with the file and line at fault. */
public final class LogFileFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    /**
     * @param line 1-based line number, or 0 when the problem is the file as a whole (e.g. a missing section)
     */
    public LogFileFormatException(Path file, int line, String problem) {
        super(line > 0 ? file + ", line " + line + ": " + problem : file + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number, 0 when the problem has no single line. */
    public int line() {
        return line;
    }
}
