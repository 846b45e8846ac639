package io.streambind.cli;

import io.streambind.core.config.ConfigKey;
import io.streambind.core.config.DnsConfig;
import io.streambind.core.config.Profile;
import io.streambind.learner.LearnerConfig;
import io.streambind.learner.ModelConfigs;
import io.streambind.schemas.registry.EmbeddedRegistryConfig;
import io.streambind.schemas.registry.RegistryClientConfig;
import io.streambind.schemas.topics.Topics;
import io.streambind.schemas.wire.DecodeLimits;
import io.streambind.schemas.wire.SerializerConfig;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints every StreamBind setting with its default and doc, from the definitions themselves. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = {
            "Lists every StreamBind setting (key, default, doc). Put them in a properties file and pass it",
            "with --config; Kafka client and Kafka Streams settings (security.protocol, sasl.*, ssl.*, ...) go there too."
        })
public final class ConfigCommand implements Runnable {
    @Option(names = "--markdown", description = "Print Markdown tables (for documentation).")
    boolean markdown;

    @Override
    public void run() {
        PrintStream out = System.out;
        section(out, "DNS math (dns.*; per model: " + ModelConfigs.PREFIX + "<modelId>.dns.*)");
        for (ConfigKey key : DnsConfig.KEYS) {
            String exact = key.defaultFor(Profile.EXACT);
            String paper = key.defaultFor(Profile.PAPER);
            row(
                    out,
                    key.name(),
                    key.type().configName(),
                    exact.equals(paper) ? exact : exact + " (exact) / " + paper + " (paper)",
                    key.validValues().toString(),
                    key.doc());
        }
        definitions(out, "Learner (learner.*)", LearnerConfig.definition());
        definitions(out, "Topics", Topics.CONFIG_DEF);
        definitions(out, "Avro decoding limits", DecodeLimits.CONFIG_DEF);
        definitions(out, "Schema registry client", RegistryClientConfig.CONFIG_DEF);
        definitions(out, "Avro serializers", SerializerConfig.CONFIG_DEF);
        definitions(out, "Embedded schema registry (the demo's and the tests')", EmbeddedRegistryConfig.CONFIG_DEF);
        formerNames(out, DnsConfig.RENAMED, LearnerConfig.RENAMED);
    }

    @SafeVarargs
    private void formerNames(PrintStream out, Map<String, String>... renamed) {
        if (markdown) {
            out.printf(Locale.ROOT, "%n#### Former names, still read%n%n| former name | current name |%n|---|---|%n");
        } else {
            out.printf(Locale.ROOT, "%nFormer names, still read%n");
        }
        for (Map<String, String> names : renamed) {
            new TreeMap<>(names)
                    .forEach((former, current) ->
                            out.printf(Locale.ROOT, markdown ? "| `%s` | `%s` |%n" : "  %-42s %s%n", former, current));
        }
    }

    private void definitions(PrintStream out, String title, ConfigDef definition) {
        section(out, title);
        for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
            String value = key.hasDefault() ? String.valueOf(key.defaultValue) : "(required)";
            String valid = key.validator == null ? "any" : key.validator.toString();
            row(out, key.name, key.type.name().toLowerCase(Locale.ROOT), value, valid, key.documentation);
        }
    }

    private void section(PrintStream out, String title) {
        if (markdown) {
            out.printf(
                    Locale.ROOT,
                    "%n#### %s%n%n| key | type | default | valid values | meaning |%n|---|---|---|---|---|%n",
                    title);
        } else {
            out.printf(Locale.ROOT, "%n%s%n", title);
        }
    }

    private void row(PrintStream out, String key, String type, String value, String valid, String doc) {
        if (markdown) {
            out.printf(
                    Locale.ROOT,
                    "| `%s` | %s | `%s` | %s | %s |%n",
                    key,
                    type,
                    value,
                    valid.replace("|", "\\|"),
                    doc.replace("|", "\\|"));
        } else {
            out.printf(Locale.ROOT, "  %-42s %-8s %-22s %s (valid: %s)%n", key, type, value, doc, valid);
        }
    }
}
