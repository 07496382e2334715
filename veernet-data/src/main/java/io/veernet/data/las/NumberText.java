package io.veernet.data.las;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Decimal text for data values: rounded to a number of significant digits, plain notation (LAS 2.0
 * allows no exponents), no trailing zeros. A value with at most that many significant digits
 * reads back as the same double; any other within half a unit of its last written digit.
 */
final class NumberText {

    static final int MAX_DIGITS = 17;

    /** A decimal number; unlike Double.parseDouble's grammar no NaN, Infinity, hex or 'd'/'f' suffix. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final MathContext context;

    NumberText(int significantDigits) {
        if (significantDigits < 1 || significantDigits > MAX_DIGITS) {
            throw new IllegalArgumentException("significant digits must be 1.." + MAX_DIGITS + ", got "
                    + significantDigits);
        }
        this.context = new MathContext(significantDigits, RoundingMode.HALF_EVEN);
    }

    /** The text of a finite value. */
    String format(double value) {
        if (value == 0) {
            return "0"; // also for -0.0, which LAS has no use for
        }
        // new BigDecimal(double) is the exact binary value, so this rounds once, correctly.
        return new BigDecimal(value).round(context).stripTrailingZeros().toPlainString();
    }

    /** The value of a decimal number (exponents accepted on reading). */
    static double parse(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            throw new NumberFormatException("'" + text + "' is not a decimal number");
        }
        double v = Double.parseDouble(text);
        if (Double.isInfinite(v)) {
            throw new NumberFormatException("'" + text + "' is out of range");
        }
        return v;
    }
}
