package io.streambind.cli;

import io.streambind.core.config.Profile;
import picocli.CommandLine.Option;

/** {@code --profile}: the DNS profile of the methods a command trains. */
final class ProfileOption {
    @Option(
            names = "--profile",
            defaultValue = "exact",
            description =
                    "Profile of the methods, exact or paper, where a method does not name its own (default: ${DEFAULT-VALUE}).")
    String profile;

    Profile value() {
        return Profile.parse(profile);
    }
}
