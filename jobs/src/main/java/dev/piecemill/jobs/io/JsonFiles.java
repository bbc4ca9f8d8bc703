package dev.piecemill.jobs.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/** Small JSON documents (summaries) written next to job outputs, on any Hadoop file system. */
public final class JsonFiles {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    private JsonFiles() {}

    public static void write(Object value, String path, Configuration conf) throws IOException {
        AtomicFiles.write(
                path,
                conf,
                out -> MAPPER.writer()
                        .without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                        .writeValue(out, value));
    }

    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
