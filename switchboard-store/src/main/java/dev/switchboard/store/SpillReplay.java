package dev.switchboard.store;

import dev.switchboard.run.RunRecord;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a replaying spill file in chunks, resuming after the lines already committed. */
final class SpillReplay implements Closeable {

    private final BufferedReader reader;
    private final SpillCodec codec;
    private long lineNumber;

    private SpillReplay(BufferedReader reader, SpillCodec codec) {
        this.reader = reader;
        this.codec = codec;
    }

    /** Opens the file and skips its first {@code committedLines} lines. */
    static SpillReplay open(Path file, SpillCodec codec, long committedLines) throws IOException {
        SpillReplay replay = new SpillReplay(Files.newBufferedReader(file, StandardCharsets.UTF_8), codec);
        try {
            while (replay.lineNumber < committedLines && replay.reader.readLine() != null) {
                replay.lineNumber++;
            }
        } catch (IOException e) {
            replay.close();
            throw e;
        }
        return replay;
    }

    /**
     * Reads up to {@code max} runs. A line that does not decode (such as one cut short by a crash
     * during its write) is skipped and counted in {@link Chunk#unreadable()}.
     */
    Chunk next(int max) throws IOException {
        List<RunRecord> runs = new ArrayList<>(max);
        int unreadable = 0;
        while (runs.size() < max) {
            String line = reader.readLine();
            if (line == null) {
                return new Chunk(runs, unreadable, lineNumber, true);
            }
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                runs.add(codec.decode(line));
            } catch (RuntimeException e) {
                unreadable++;
            }
        }
        return new Chunk(runs, unreadable, lineNumber, false);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /**
     * Runs read from the file.
     *
     * @param runs the decoded runs
     * @param unreadable lines that did not decode
     * @param endLine the number of lines read from the start of the file through this chunk
     * @param endOfFile whether the file has no lines after this chunk
     */
    record Chunk(List<RunRecord> runs, int unreadable, long endLine, boolean endOfFile) {
    }
}
