package dev.piecemill.jobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.piecemill.util.UserError;

/** A field of a JSON Lines input line, or an error that names the line. */
final class JsonFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFields() {}

    static JsonNode field(String line, String field, long lineNumber) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new UserError("stdin line " + lineNumber + ": malformed JSON: " + e.getOriginalMessage());
        }
        JsonNode value = node == null || !node.isObject() ? null : node.get(field);
        if (value == null) {
            throw new UserError("stdin line " + lineNumber + ": no field \"" + field + "\"");
        }
        return value;
    }

    static String text(String line, String field, long lineNumber) {
        JsonNode value = field(line, field, lineNumber);
        if (!value.isTextual()) {
            throw new UserError("stdin line " + lineNumber + ": \"" + field + "\" is not a string");
        }
        return value.textValue();
    }
}
