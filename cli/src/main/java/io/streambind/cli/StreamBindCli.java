package io.streambind.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./streambind}: only wires the subcommands. */
@Command(
        name = "streambind",
        mixinStandardHelpOptions = true,
        version = "StreamBind 0.1.0",
        description = "Continual multimodal embedding alignment from a Kafka stream (DNS).",
        subcommands = {
            CommandLine.HelpCommand.class,
            DemoCommand.class,
            LearnerCommand.class,
            SnapshotCommand.class,
            BenchCommand.class,
            ReportCommand.class,
            TopicsCommand.class,
            ConfigCommand.class,
            ReplayCommand.class,
            DatasetCommand.class,
            ProduceCommand.class,
            StepCommand.class,
        })
public final class StreamBindCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamBindCli()).execute(args));
    }
}
