package io.veernet.model.io;

import ai.djl.MalformedModelException;
import io.veernet.model.tensor.Mismatch;

import java.util.List;

/** A weights file that does not fit the model: missing, unexpected or differently shaped parameters. */
public class IncompatibleWeightsException extends MalformedModelException {

    private static final long serialVersionUID = 1L;

    /** How many problems the message spells out; {@link #problems()} has them all. */
    private static final int SHOWN = 5;

    private final List<String> problems;

    /**
     * @param source the file (or other origin) of the weights
     * @param problems one line per mismatch, e.g. "enc1_conv1_weight: file has (32, 16, 3, 3), model has (16, 16, 3, 3)"
     */
    public IncompatibleWeightsException(String source, List<String> problems) {
        super(message(source, problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * The exception for weights from {@code source} that do not fit the model's parameters, one
     * line per mismatch: {@code missing parameter <name> (model has <shape>)},
     * {@code unexpected parameter <name> <shape>}, {@code <name>: file has <shape or type>, model has <...>}.
     */
    public static IncompatibleWeightsException of(String source, List<Mismatch> mismatches) {
        return new IncompatibleWeightsException(source, mismatches.stream().map(m -> switch (m.kind()) {
            case MISSING -> "missing parameter " + m.name() + " (model has " + m.expected() + ")";
            case UNEXPECTED -> "unexpected parameter " + m.name() + " " + m.actual();
            case SHAPE, DATA_TYPE -> m.name() + ": file has " + m.actual() + ", model has " + m.expected();
        }).toList());
    }

    /** Every mismatch, one line each. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String source, List<String> problems) {
        StringBuilder text = new StringBuilder(source).append(" does not fit the model (")
                .append(problems.size()).append(problems.size() == 1 ? " problem): " : " problems): ");
        text.append(String.join("; ", problems.subList(0, Math.min(SHOWN, problems.size()))));
        if (problems.size() > SHOWN) {
            text.append("; and ").append(problems.size() - SHOWN).append(" more");
        }
        return text.toString();
    }
}
