package io.veernet.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.veernet.data.io.EnumNames;
import io.veernet.data.raster.GrayImage;
import io.veernet.data.raster.InkStretch;
import io.veernet.data.raster.RuleLevelling;

import java.util.List;

/**
 * What the network reads of a scan (config key {@code model.input}): part of the model, so training
 * and serving always agree. Both are ink density, (255 - gray) / 255: paper 0, black ink 1.
 */
public enum InkInput {
    /** The scan as it is. */
    DENSITY,
    /** The scan after {@link RuleLevelling}: rows' and columns' lines, paper tone and shading levelled out. */
    LEVELLED,
    /** The scan flat-fielded ({@link RuleLevelling#flatten}): lines and paper divided out, so traces keep their contrast across lines. */
    FLAT,
    /** The flat-fielded scan with its ink brought to one contrast ({@link InkStretch}). */
    FLAT_STRETCHED;

    /** The picture the network reads of {@code image}, as gray levels. */
    public GrayImage picture(GrayImage image) {
        return switch (this) {
            case DENSITY -> image;
            case LEVELLED -> RuleLevelling.level(image);
            case FLAT -> RuleLevelling.flatten(image);
            case FLAT_STRETCHED -> InkStretch.stretch(RuleLevelling.flatten(image));
        };
    }

    /** The network's input values of {@code image}, row-major, {@code height * width} of them. */
    public float[] of(GrayImage image) {
        byte[] gray = picture(image).pixels();
        float[] ink = new float[gray.length];
        for (int i = 0; i < gray.length; i++) {
            ink[i] = (255 - (gray[i] & 0xFF)) / 255f;
        }
        return ink;
    }

    @JsonCreator
    public static InkInput parse(String name) {
        return EnumNames.parse(InkInput.class, "input", name);
    }

    @JsonValue
    public String label() {
        return EnumNames.label(this);
    }

    public static List<String> names() {
        return EnumNames.names(InkInput.class);
    }
}
