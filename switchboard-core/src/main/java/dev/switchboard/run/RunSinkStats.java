package dev.switchboard.run;

/**
 * Counters of a run sink since it started.
 *
 * @param queued records accepted into the in-memory queue
 * @param written records written to the database (replayed ones included)
 * @param spilled records written to the local spill file because the database was down or the queue was full
 * @param replayed spilled records later written to the database
 * @param dropped records lost because neither the queue nor the spill file could take them
 * @param queueDepth records waiting in the queue now
 */
public record RunSinkStats(long queued, long written, long spilled, long replayed, long dropped, long queueDepth) {
}
