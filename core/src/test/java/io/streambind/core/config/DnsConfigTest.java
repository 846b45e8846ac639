package io.streambind.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DnsConfigTest {

    @Test
    void defaultsFollowTheSpecAndRhoDependsOnTheProfile() {
        DnsConfig exact = DnsConfig.defaults();
        assertThat(exact.profile()).isEqualTo(Profile.EXACT);
        assertThat(exact.method()).isEqualTo(Method.DNS);
        assertThat(exact.lambdaMin()).isEqualTo(0.01);
        assertThat(exact.rho()).isEqualTo(1e-4);
        assertThat(exact.learningRate()).isEqualTo(1e-4);
        assertThat(exact.weightDecay()).isEqualTo(1e-3);
        assertThat(exact.clipNorm()).isEqualTo(1.0);
        assertThat(exact.normalization()).isEqualTo(Normalization.NONE);
        assertThat(DnsConfig.parse(Map.of(DnsConfig.PROFILE, "paper")).rho()).isZero();
        assertThat(exact.with(Map.of(DnsConfig.PROFILE, "paper")).rho()).isZero();
    }

    @Test
    void mapRoundTripsAndEveryKeyIsDocumented() {
        DnsConfig config = DnsConfig.parse(Map.of(
                DnsConfig.METHOD, "input-null", DnsConfig.RHO, "0.002", DnsConfig.SEED, "42", "other.key", "ignored"));
        assertThat(DnsConfig.parse(config.toMap())).isEqualTo(config);
        assertThat(config.toMap()).containsEntry(DnsConfig.METHOD, "input-null").doesNotContainKey("other.key");
        // the relative threshold and the precision are recorded only away from their defaults, so states that
        // do not use them keep their bytes
        assertThat(config.toMap().keySet())
                .hasSize(DnsConfig.KEYS.size() - 2)
                .doesNotContain(DnsConfig.LAMBDA_MIN_RELATIVE, DnsConfig.PRECISION);
        DnsConfig relative = config.with(Map.of(DnsConfig.LAMBDA_MIN_RELATIVE, "1e-3", DnsConfig.PRECISION, "float64"));
        assertThat(relative.toMap().keySet()).hasSize(DnsConfig.KEYS.size());
        assertThat(DnsConfig.parse(relative.toMap())).isEqualTo(relative).isNotEqualTo(config);
        assertThat(relative.with(Map.of(DnsConfig.LAMBDA_MIN_RELATIVE, "0", DnsConfig.PRECISION, "float32")))
                .isEqualTo(config);
        assertThat(DnsConfig.KEYS).allSatisfy(k -> assertThat(k.doc()).isNotBlank());
    }

    @Test
    void theRelativeThresholdIsOffByDefaultAndAShareBelowOne() {
        assertThat(DnsConfig.defaults().lambdaMinRelative()).isZero();
        assertThat(DnsConfig.parse(Map.of(DnsConfig.PROFILE, "paper")).lambdaMinRelative())
                .isZero();
        assertThat(DnsConfig.parse(Map.of(DnsConfig.LAMBDA_MIN_RELATIVE, "0.001"))
                        .lambdaMinRelative())
                .isEqualTo(1e-3);
        assertThatThrownBy(() -> DnsConfig.parse(Map.of(DnsConfig.LAMBDA_MIN_RELATIVE, "1")))
                .hasMessageContaining(DnsConfig.LAMBDA_MIN_RELATIVE)
                .hasMessageContaining("must be in [0, 1)");
        assertThatThrownBy(() -> DnsConfig.parse(Map.of(DnsConfig.LAMBDA_MIN_RELATIVE, "-0.1")))
                .hasMessageContaining(DnsConfig.LAMBDA_MIN_RELATIVE)
                .hasMessageContaining("must be in [0, 1)");
        assertThatThrownBy(() -> DnsConfig.parse(Map.of(DnsConfig.LAMBDA_MIN, "-0.1")))
                .hasMessageContaining(DnsConfig.LAMBDA_MIN)
                .hasMessageContaining("must not be negative");
    }

    @Test
    void badValuesAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> DnsConfig.parse(Map.of(DnsConfig.LEARNING_RATE, "-1")))
                .hasMessageContaining(DnsConfig.LEARNING_RATE)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> DnsConfig.parse(Map.of(DnsConfig.BETA2, "1")))
                .hasMessageContaining(DnsConfig.BETA2)
                .hasMessageContaining("must be in [0, 1)");
        assertThatThrownBy(() -> DnsConfig.parse(Map.of(DnsConfig.OUTPUT_WIDTH, "-3")))
                .hasMessageContaining(DnsConfig.OUTPUT_WIDTH)
                .hasMessageContaining("must be in [0, 2147483648)");
        assertThatThrownBy(() -> DnsConfig.parse(Map.of(DnsConfig.SEED, "1.5"))).hasMessageContaining("not an integer");
        assertThatThrownBy(() -> DnsConfig.parse(Map.of(DnsConfig.TEMPERATURE, "Infinity")))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> DnsConfig.parse(Map.of(DnsConfig.METHOD, "gem")))
                .hasMessageContaining("unknown method 'gem'");
        assertThatThrownBy(() -> DnsConfig.parse(Map.of(DnsConfig.LAMBDA_MIN, "abc")))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> DnsConfig.parse(Map.of("dns.lamda.min", "0.1")))
                .hasMessageContaining("unknown configuration key 'dns.lamda.min'");
    }

    @Test
    void formerNamesAreReadAndStatesStoreThem() {
        DnsConfig config = DnsConfig.parse(Map.of("dns.lr", "0.02", "dns.eps", "1e-6"));
        assertThat(config.learningRate()).isEqualTo(0.02);
        assertThat(config.epsilon()).isEqualTo(1e-6);
        assertThat(config.toMap())
                .containsEntry(DnsConfig.LEARNING_RATE, "0.02")
                .doesNotContainKeys("dns.lr", "dns.eps");
        assertThat(config.toStoredMap())
                .containsEntry("dns.lr", "0.02")
                .containsEntry("dns.eps", "1.0E-6")
                .doesNotContainKeys(DnsConfig.LEARNING_RATE, DnsConfig.EPSILON)
                .hasSameSizeAs(config.toMap());
        assertThat(DnsConfig.parse(config.toStoredMap())).isEqualTo(config);
        assertThat(DnsConfig.currentNames(config.toStoredMap())).isEqualTo(config.toMap());
        assertThat(config.with(Map.of("dns.lr", "0.5")).learningRate()).isEqualTo(0.5);
        assertThatThrownBy(() -> DnsConfig.parse(Map.of("dns.lr", "0.02", DnsConfig.LEARNING_RATE, "0.03")))
                .hasMessageContaining("set only " + DnsConfig.LEARNING_RATE);
    }

    @Test
    void everyKeyHasATypeAndTheValuesItAccepts() {
        assertThat(DnsConfig.KEYS).allSatisfy(key -> {
            assertThat(key.type()).isNotNull();
            assertThat(key.validValues().toString()).isNotBlank();
            // every default is accepted by its own key
            DnsConfig.parse(Map.of(key.name(), key.defaultFor(io.streambind.core.config.Profile.EXACT)));
        });
        assertThat(DnsConfig.key(DnsConfig.METHOD).validValues().toString()).isEqualTo("dns, vanilla, input-null, ewc");
        assertThat(DnsConfig.key(DnsConfig.BETA1).validValues().toString()).isEqualTo("[0, 1)");
        assertThat(DnsConfig.key(DnsConfig.LEARNING_RATE).validValues().toString())
                .isEqualTo("(0, inf)");
    }
}
