package dev.piecemill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Standard input read line by line, strictly UTF-8, with errors that name the line. */
final class JsonLinesIn {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedReader reader;
    private long lineNumber;

    JsonLinesIn(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    /** The next line, or null at the end. */
    String nextLine() throws IOException {
        try {
            String line = reader.readLine();
            if (line != null) {
                lineNumber++;
            }
            return line;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("stdin line " + (lineNumber + 1) + ": invalid UTF-8");
        }
    }

    /** The line as a JSON object with the named field, or an error naming the line. */
    JsonNode field(String line, String field) {
        return field(line, field, lineNumber);
    }

    /** The named field of a JSON object line, or an error naming the line. */
    static JsonNode field(String line, String field, long lineNumber) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("stdin line " + lineNumber + ": malformed JSON: "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage()));
        }
        JsonNode value = node == null || !node.isObject() ? null : node.get(field);
        if (value == null) {
            throw new IllegalArgumentException("stdin line " + lineNumber + ": no field \"" + field + "\"");
        }
        return value;
    }

    /** The named string field of a JSON object line, or an error naming the line. */
    static String textField(String line, String field, long lineNumber) {
        JsonNode value = field(line, field, lineNumber);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("stdin line " + lineNumber + ": \"" + field + "\" is not a string");
        }
        return value.textValue();
    }

    long lineNumber() {
        return lineNumber;
    }
}
