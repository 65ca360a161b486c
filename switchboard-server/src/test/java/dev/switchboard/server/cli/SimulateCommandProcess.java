package dev.switchboard.server.cli;

import picocli.CommandLine;

/** Runs {@link SimulateCommand} as its own JVM, so a test can send it a real SIGTERM. */
final class SimulateCommandProcess {

    private SimulateCommandProcess() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulateCommand()).execute(args));
    }
}
