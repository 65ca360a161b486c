package dev.switchboard.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import dev.switchboard.telemetry.Telemetry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * The destination of the {@code switchboard.llm} attempt events in the benchmarks. Both writing
 * sinks encode every event with the logstash {@link LogstashEncoder}, as the gateway does.
 */
public enum LogSink {
    /** A Logback {@link FileAppender} that flushes after every event, truncated at each iteration. */
    FILE,
    /** An appender that encodes every event and writes the bytes to a stream that drops them. */
    DISCARD,
    /** The logger switched off, so an attempt costs its metric updates and one level check. */
    OFF;

    private static final Path DIRECTORY = Path.of(System.getProperty("java.io.tmpdir"), "switchboard-bench");

    /** Returns the file the FILE sink writes, one per process so that concurrent forks do not share it. */
    public static Path file() {
        return DIRECTORY.resolve("llm-attempts-" + ProcessHandle.current().pid() + ".log");
    }

    /** Replaces the appenders of the attempt logger with this sink. */
    public void install() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger logger = context.getLogger(Telemetry.ATTEMPT_LOGGER);
        logger.detachAndStopAllAppenders();
        logger.setAdditive(false);
        if (this == OFF) {
            logger.setLevel(Level.OFF);
            return;
        }
        logger.setLevel(Level.INFO);
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender =
                this == FILE ? new FileAppender<>() : new OutputStreamAppender<>();
        appender.setName("bench-" + name().toLowerCase(Locale.ROOT));
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setImmediateFlush(true);
        if (appender instanceof FileAppender<ILoggingEvent> fileAppender) {
            createDirectory();
            fileAppender.setFile(file().toString());
            fileAppender.setAppend(false);
        } else {
            appender.setOutputStream(OutputStream.nullOutputStream());
        }
        appender.start();
        logger.addAppender(appender);
    }

    /** Stops the sink's appender and deletes the FILE sink's file. */
    public void uninstall() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Telemetry.ATTEMPT_LOGGER).detachAndStopAllAppenders();
        try {
            Files.deleteIfExists(file());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file(), e);
        }
    }

    private static void createDirectory() {
        try {
            Files.createDirectories(DIRECTORY);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + DIRECTORY, e);
        }
    }
}
