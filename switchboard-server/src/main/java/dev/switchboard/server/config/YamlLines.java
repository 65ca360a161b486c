package dev.switchboard.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Maps each JSON pointer of a YAML document to the line where its value starts. */
final class YamlLines {

    private final Map<String, Integer> lines = new HashMap<>();

    YamlLines(String yaml) {
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME || token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    continue;
                }
                lines.putIfAbsent(parser.getParsingContext().pathAsPointer().toString(),
                        parser.currentTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            // The document was already parsed once; a failure here only costs line numbers.
        }
    }

    /** Returns the line of {@code pointer}, or of its nearest ancestor that has one, or 0. */
    int lineOf(String pointer) {
        String current = pointer;
        while (true) {
            Integer line = lines.get(current);
            if (line != null) {
                return line;
            }
            int slash = current.lastIndexOf('/');
            if (slash < 0) {
                return 0;
            }
            current = current.substring(0, slash);
        }
    }
}
