package dev.switchboard.server.drill;

import java.util.ArrayList;
import java.util.List;

/** Picks series out of a Prometheus text exposition. */
final class MetricsText {

    private MetricsText() {
    }

    /** Returns the sample lines of metric {@code name} (exact name, any labels), comments left out. */
    static List<String> series(String exposition, String name) {
        List<String> lines = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Sums the values of the series of {@code name} whose labels contain every one of {@code labels}. */
    static double sum(String exposition, String name, String... labels) {
        double total = 0;
        for (String line : series(exposition, name)) {
            boolean matches = true;
            for (String label : labels) {
                matches &= line.contains(label);
            }
            if (matches) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
