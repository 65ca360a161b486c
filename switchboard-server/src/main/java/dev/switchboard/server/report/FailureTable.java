package dev.switchboard.server.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.store.FailureRow;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints failure report rows as an aligned text table or as JSON. */
public final class FailureTable {

    private static final int SAMPLE_WIDTH = 120;

    private FailureTable() {
    }

    public static void print(List<FailureRow> rows, List<String> groupBy, PrintStream out) {
        if (rows.isEmpty()) {
            out.println("no failed attempts in this window");
            return;
        }
        List<String> header = new ArrayList<>(groupBy);
        header.addAll(List.of("count", "share", "first_seen", "last_seen", "sample"));
        List<List<String>> table = new ArrayList<>();
        table.add(header);
        for (FailureRow row : rows) {
            List<String> cells = new ArrayList<>();
            for (String field : groupBy) {
                cells.add(String.valueOf(row.group().get(field)));
            }
            cells.add(Long.toString(row.count()));
            cells.add(String.format(Locale.ROOT, "%.1f%%", row.share() * 100));
            cells.add(String.valueOf(row.firstSeen()));
            cells.add(String.valueOf(row.lastSeen()));
            String sample = row.sampleErrorMessage() == null ? "" : row.sampleErrorMessage().replace('\n', ' ');
            cells.add(sample.length() > SAMPLE_WIDTH ? sample.substring(0, SAMPLE_WIDTH - 1) + "…" : sample);
            table.add(cells);
        }
        int[] widths = new int[header.size()];
        for (List<String> cells : table) {
            for (int i = 0; i < cells.size(); i++) {
                widths[i] = Math.max(widths[i], cells.get(i).length());
            }
        }
        for (List<String> cells : table) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.size(); i++) {
                String cell = cells.get(i);
                line.append(i == cells.size() - 1 ? cell : String.format("%-" + widths[i] + "s  ", cell));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    public static String json(List<FailureRow> rows, List<String> groupBy) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode array = mapper.createArrayNode();
        for (FailureRow row : rows) {
            ObjectNode node = array.addObject();
            for (String field : groupBy) {
                node.put(field, row.group().get(field));
            }
            node.put("count", row.count());
            node.put("share", row.share());
            node.put("first_seen", String.valueOf(row.firstSeen()));
            node.put("last_seen", String.valueOf(row.lastSeen()));
            node.put("sample_message", row.sampleErrorMessage());
        }
        return array.toPrettyString();
    }
}
