package io.streambind.core.config;

import java.util.function.Function;

/** One configuration knob: its name, what it does, and its default (which may depend on the profile). */
public record ConfigKey(String name, String doc, Function<Profile, String> defaults) {

    static ConfigKey fixed(String name, String defaultValue, String doc) {
        return new ConfigKey(name, doc, profile -> defaultValue);
    }

    static ConfigKey byProfile(String name, String exactDefault, String paperDefault, String doc) {
        return new ConfigKey(name, doc, profile -> profile == Profile.EXACT ? exactDefault : paperDefault);
    }

    public String defaultFor(Profile profile) {
        return defaults.apply(profile);
    }
}
