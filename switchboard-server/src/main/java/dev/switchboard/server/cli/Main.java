package dev.switchboard.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code switchboard} command line. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, version = "switchboard 0.1.0",
        description = "LLM gateway and service layer with built-in telemetry.",
        subcommands = {ServeCommand.class, ConfigCommand.class, ReportCommand.class, RedactCommand.class,
            SimulateCommand.class, DrillCommand.class, AdminCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        String command = args.length == 0 ? "" : args[0];
        if (!command.equals("serve") && !command.equals("simulate") && !command.equals("drill")) {
            // Tools whose standard output is their result (a report, redacted text, JSON) keep log
            // lines on standard error, and only warnings. This must run before the first logger exists.
            System.setProperty("switchboard.log.target", "JSON_STDERR");
            System.setProperty("switchboard.log.level", "WARN");
        }
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
