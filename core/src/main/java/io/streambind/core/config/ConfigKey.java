package io.streambind.core.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One configuration knob, defined once: its name, type, the values it accepts, its default (which may depend
 * on the profile) and what it does. Parsing through the key checks the type and the bounds and names the key
 * in any error, as Kafka's ConfigDef does for the settings of the other modules.
 */
public record ConfigKey(
        String name, Type type, ValidValues validValues, String doc, Function<Profile, String> defaults) {

    public enum Type {
        /** One of a fixed set of words. */
        CHOICE,
        DOUBLE,
        LONG;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The values a key accepts; {@code config} prints them with their toString. */
    public sealed interface ValidValues permits Bounds, Choices {}

    /** Numbers from {@code min} (inclusive or not) up to {@code max} (exclusive), or any finite number. */
    public record Bounds(double min, boolean minIncluded, double max) implements ValidValues {
        public static final Bounds ANY = new Bounds(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY);

        public static Bounds atLeast(double min) {
            return new Bounds(min, true, Double.POSITIVE_INFINITY);
        }

        public static Bounds above(double min) {
            return new Bounds(min, false, Double.POSITIVE_INFINITY);
        }

        /** [min, max): a share or a decay rate. */
        public static Bounds from(double min, double below) {
            return new Bounds(min, true, below);
        }

        /** Null when {@code value} is accepted, else why not. */
        public String rejection(double value) {
            boolean aboveMin = minIncluded ? value >= min : value > min;
            if (aboveMin && value < max) {
                return null;
            }
            if (max != Double.POSITIVE_INFINITY) {
                return "must be in " + this;
            }
            if (min == 0) {
                return minIncluded ? "must not be negative" : "must be positive";
            }
            return "must be " + (minIncluded ? "at least " : "above ") + number(min);
        }

        @Override
        public String toString() {
            if (this.equals(ANY)) {
                return "any";
            }
            String upper = max == Double.POSITIVE_INFINITY ? "inf)" : number(max) + ")";
            return (minIncluded ? "[" : "(") + number(min) + ", " + upper;
        }

        private static String number(double value) {
            return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
        }
    }

    /** The words of a choice key: the config names of an enum's constants, which parse them. */
    public record Choices(List<String> words) implements ValidValues {
        static <E extends Enum<E>> Choices of(E[] constants, Function<E, String> configName) {
            return new Choices(Arrays.stream(constants).map(configName).toList());
        }

        @Override
        public String toString() {
            return String.join(", ", words);
        }
    }

    static ConfigKey choice(String name, Choices choices, String defaultValue, String doc) {
        return new ConfigKey(name, Type.CHOICE, choices, doc, profile -> defaultValue);
    }

    static ConfigKey number(String name, Type type, Bounds bounds, String defaultValue, String doc) {
        return new ConfigKey(name, type, bounds, doc, profile -> defaultValue);
    }

    static ConfigKey numberByProfile(
            String name, Type type, Bounds bounds, String exactDefault, String paperDefault, String doc) {
        return new ConfigKey(
                name, type, bounds, doc, profile -> profile == Profile.EXACT ? exactDefault : paperDefault);
    }

    public String defaultFor(Profile profile) {
        return defaults.apply(profile);
    }

    /** A DOUBLE key's value: finite and within its bounds. */
    double parseDouble(String value) {
        double parsed;
        try {
            parsed = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(value, "is not a number");
        }
        if (!Double.isFinite(parsed)) {
            throw invalid(value, "must be a finite number");
        }
        return checked(value, parsed);
    }

    /** A LONG key's value, within its bounds. */
    long parseLong(String value) {
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(value, "is not an integer");
        }
        checked(value, parsed);
        return parsed;
    }

    private double checked(String value, double parsed) {
        String rejection = ((Bounds) validValues).rejection(parsed);
        if (rejection != null) {
            throw invalid(value, rejection);
        }
        return parsed;
    }

    IllegalArgumentException invalid(String value, String why) {
        return new IllegalArgumentException("invalid value '" + value + "' for " + name + ": " + why);
    }
}
