package io.veernet.data.io;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How config enums are written and read: lower-case labels, any case and '-' for '_' accepted, errors naming the key and the choices. */
public final class EnumNames {

    private EnumNames() {
    }

    /** The constant of {@code type} that {@code name} names; an error that says {@code key}, the choices and the value otherwise. */
    public static <E extends Enum<E>> E parse(Class<E> type, String key, String name) {
        try {
            return Enum.valueOf(type, name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(key + " must be one of " + names(type) + ", got '" + name + "'");
        }
    }

    /** The label a config file uses for {@code value}. */
    public static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** Every label of {@code type}, in declaration order. */
    public static <E extends Enum<E>> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(EnumNames::label).toList();
    }
}
