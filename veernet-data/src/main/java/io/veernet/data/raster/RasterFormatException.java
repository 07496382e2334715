package io.veernet.data.raster;

import java.nio.file.Path;

/** A raster file that cannot be read as what it should be; the message names the file. */
public class RasterFormatException extends RuntimeException {

    public RasterFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public RasterFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
