package dev.switchboard.server.cli;

import dev.switchboard.server.simulator.Simulator;
import dev.switchboard.server.simulator.SimulatorConfig;
import dev.switchboard.server.simulator.SimulatorConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard simulate}: runs the provider simulator in the foreground until the process
 * gets SIGINT or SIGTERM, or the running thread is interrupted, and then stops it.
 *
 * <p>Exit codes: 0 after a clean stop, 1 when the simulator cannot listen, 2 for an invalid
 * config file or option.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a simulator of the Gemini, Ollama and OpenAI-compatible APIs on loopback, for drills, tests "
                    + "and benchmarks. It is not a real LLM provider.",
            "Faults, latency and accepted keys come from the simulator: section of the config file."
        })
public final class SimulateCommand implements Callable<Integer> {

    private static final long STOP_WAIT_SECONDS = 15;

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML file whose simulator: section configures the simulator; other sections are "
                    + "ignored. Without it: 127.0.0.1:9100, no key check, no latency, no faults.")
    private Path configFile;

    @Option(names = "--port", paramLabel = "N",
            description = "TCP port to listen on, overriding the config file; 0 picks a free port.")
    private Integer port;

    /** Creates the command; picocli fills in the options. */
    public SimulateCommand() {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SimulatorConfig config;
        try {
            config = readConfig();
        } catch (NoSuchFileException e) {
            err.println("simulate: config file not found: " + configFile);
            return CommandLine.ExitCode.USAGE;
        } catch (IOException e) {
            err.println("simulate: cannot read config file " + configFile + ": " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        } catch (SimulatorConfigException e) {
            err.println("simulate: invalid config" + (configFile == null ? "" : " in " + configFile) + ": "
                    + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }

        Simulator simulator;
        try {
            simulator = Simulator.start(config);
        } catch (IllegalStateException e) {
            err.println("simulate: " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
        out.println(simulator.summary());
        out.flush();
        runUntilStopped(simulator, out);
        return CommandLine.ExitCode.OK;
    }

    private SimulatorConfig readConfig() throws IOException {
        SimulatorConfig config = configFile == null ? SimulatorConfig.defaults() : SimulatorConfig.load(configFile);
        if (port != null) {
            if (port < 0 || port > 65_535) {
                throw new SimulatorConfigException("--port", "invalid value " + port
                        + "; allowed values: 0 to 65535 (0 picks a free port)");
            }
            config = config.withPort(port);
        }
        return config;
    }

    /**
     * Blocks until a shutdown signal or an interrupt, then closes the simulator. On a signal the JVM
     * runs the shutdown hook, which waits for the close to finish before the JVM halts.
     */
    private static void runUntilStopped(Simulator simulator, PrintWriter out) {
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "switchboard-simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            simulator.close();
            out.println("switchboard-simulator stopped");
            out.flush();
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already running its hooks, ours included.
            }
        }
    }
}
