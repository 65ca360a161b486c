package dev.switchboard.run;

/**
 * Where finished runs go, such as the JDBC run store.
 *
 * <p>{@link #submit} is called on the request path, so it must return at once: an
 * implementation queues the record and never blocks on I/O.
 */
public interface RunSink {

    /** A sink that keeps nothing. */
    RunSink DISCARD = run -> { };

    /** Accepts a finished run without blocking. */
    void submit(RunRecord run);
}
