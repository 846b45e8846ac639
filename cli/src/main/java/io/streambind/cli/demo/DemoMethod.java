package io.streambind.cli.demo;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.config.Method;
import io.streambind.core.config.Profile;
import io.streambind.learner.ModelConfigs;
import java.util.Locale;
import java.util.Map;

/** One compared configuration of the demo: a method and profile, trained as its own model. */
public record DemoMethod(String name, Method method, Profile profile) {
    /** Model id prefix; the demo's models are {@code demo-<name>}. */
    public static final String MODEL_PREFIX = "demo-";

    /**
     * Parses {@code dns}, {@code dns-exact}, {@code dns-paper}, {@code vanilla}, {@code input-null}, {@code ewc}
     * (optionally with {@code -exact}/{@code -paper}); a name without profile uses {@code defaultProfile}.
     */
    public static DemoMethod parse(String spec, Profile defaultProfile) {
        String name = spec.trim().toLowerCase(Locale.ROOT);
        Profile profile = defaultProfile;
        String methodName = name;
        for (Profile p : Profile.values()) {
            String suffix = "-" + p.name().toLowerCase(Locale.ROOT);
            if (name.endsWith(suffix)) {
                profile = p;
                methodName = name.substring(0, name.length() - suffix.length());
            }
        }
        Method method = Method.parse(methodName);
        String canonical = method.configName()
                + (method == Method.VANILLA ? "" : "-" + profile.name().toLowerCase(Locale.ROOT));
        return new DemoMethod(canonical, method, profile);
    }

    public String modelId() {
        return MODEL_PREFIX + name;
    }

    /** The {@code dns.*} settings of this method and profile. */
    public Map<String, String> dnsSettings() {
        return Map.of(
                DnsConfig.METHOD,
                method.configName(),
                DnsConfig.PROFILE,
                profile.name().toLowerCase(Locale.ROOT));
    }

    /** The learner's per-model overrides that give this model its method and profile. */
    public Map<String, String> learnerOverrides() {
        Map<String, String> overrides = new java.util.TreeMap<>();
        dnsSettings().forEach((key, value) -> overrides.put(ModelConfigs.PREFIX + modelId() + "." + key, value));
        return overrides;
    }
}
