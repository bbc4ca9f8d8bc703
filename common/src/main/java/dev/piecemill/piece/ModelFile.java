package dev.piecemill.piece;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.piecemill.text.Utf8;
import dev.piecemill.util.UserError;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The reference model format: one JSON object, key = base64 of the piece's bytes, value =
 * {@code [id, text, count]}. Reads it plain or as the published {@code .zip} holding one such
 * file; writes it exactly as the reference does ({@code json.dump(indent=4, ensure_ascii=False)}).
 */
public final class ModelFile {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE)
            // every key is a different piece: a symbol table of them would only cost time (LargeModelTest)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build();

    private ModelFile() {}

    /** Reads a model file, plain JSON or a zip holding one. Errors name the file. */
    public static PieceModel read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new UserError("model file " + path + " does not exist");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString());
        }
    }

    /**
     * The most a model's JSON may hold (plain, or inflated from its zip): 256 MiB, some fifty
     * times the largest published model; more is refused as it is read, so a zip bomb or a
     * wrong file never fills the memory.
     */
    public static final long MAX_MODEL_BYTES = 256L << 20;

    /** Reads a model from a stream; {@code name} is used in error messages. */
    public static PieceModel read(InputStream raw, String name) throws IOException {
        return read(raw, name, MAX_MODEL_BYTES);
    }

    static PieceModel read(InputStream raw, String name, long maxBytes) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        // A local file header (PK\3\4), or the end record alone (PK\5\6): a zip with no entries.
        if (magic.length == 4
                && magic[0] == 'P'
                && magic[1] == 'K'
                && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6))) {
            return readZip(in, name, maxBytes);
        }
        return readJson(new BoundedInput(in, name, maxBytes), name);
    }

    private static PieceModel readZip(InputStream in, String name, long maxBytes) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        PieceModel model = null;
        try {
            for (ZipEntry entry; (entry = nextEntry(zip, name)) != null; ) {
                if (entry.isDirectory()) {
                    continue;
                }
                if (model != null) {
                    throw new ModelFormatException(name + ": the zip holds more than one file; expected one model");
                }
                String entryName = name + "!" + entry.getName();
                model = readJson(new BoundedInput(zip, entryName, maxBytes), entryName);
            }
        } catch (java.util.zip.ZipException e) {
            throw new ModelFormatException(name + ": corrupt zip: " + e.getMessage(), e);
        } catch (java.io.EOFException e) {
            throw new ModelFormatException(name + ": corrupt zip: it ends inside a compressed entry", e);
        }
        if (model == null) {
            throw new ModelFormatException(name + ": the zip holds no model file");
        }
        return model;
    }

    private static ZipEntry nextEntry(ZipInputStream zip, String name) throws IOException {
        try {
            return zip.getNextEntry();
        } catch (IllegalArgumentException e) { // the JDK's way of saying an entry's name is not UTF-8
            throw new ModelFormatException(name + ": corrupt zip: an entry's name is not valid UTF-8", e);
        }
    }

    private static PieceModel readJson(InputStream in, String name) throws IOException {
        ModelEntries entries = new ModelEntries(name);
        try (JsonParser parser = JSON.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ModelFormatException(name + ": not a BytePiece model (expected a JSON object)");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                byte[] piece;
                try {
                    piece = Base64.getDecoder().decode(key);
                } catch (IllegalArgumentException e) {
                    throw new ModelFormatException(name + ": key \"" + key + "\" is not valid base64");
                }
                if (parser.nextToken() != JsonToken.START_ARRAY || !nextIsLong(parser)) {
                    throw badValue(name, key);
                }
                long id = parser.getLongValue();
                if (parser.nextToken() != JsonToken.VALUE_STRING || !nextIsLong(parser)) {
                    throw badValue(name, key);
                }
                long count = parser.getLongValue();
                if (parser.nextToken() != JsonToken.END_ARRAY) {
                    throw badValue(name, key);
                }
                entries.add(key, piece, id, count);
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new ModelFormatException(name + ": trailing content after the model object");
            }
        } catch (JsonProcessingException e) { // a syntax error or a parser limit
            String where =
                    e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ModelFormatException(name + ": malformed JSON: " + e.getOriginalMessage() + where, e);
        } catch (java.io.CharConversionException e) { // the first bytes looked like UTF-32 or UTF-16, the rest not
            throw new ModelFormatException(name + ": not UTF-8 JSON: " + e.getMessage(), e);
        }
        return entries.toModel();
    }

    /** Advances; true when the token is an integer that fits a long (getLongValue would throw otherwise). */
    private static boolean nextIsLong(JsonParser parser) throws IOException {
        return parser.nextToken() == JsonToken.VALUE_NUMBER_INT
                && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
    }

    private static ModelFormatException badValue(String name, String key) {
        return new ModelFormatException(
                name + ": the value of \"" + key + "\" is not [id, text, count] with integer id and count");
    }

    /** Writes the model in the reference's exact JSON layout. */
    public static void write(PieceModel model, Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(path)) {
            write(model, out);
        }
    }

    public static void write(PieceModel model, OutputStream out) throws IOException {
        Writer w = new java.io.BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write('{');
        for (int id = PieceModel.FIRST_PIECE_ID; id < model.vocabSize(); id++) {
            byte[] piece = model.piece(id);
            w.write(id == PieceModel.FIRST_PIECE_ID ? "\n    \"" : ",\n    \"");
            w.write(Base64.getEncoder().encodeToString(piece));
            w.write("\": [\n        ");
            w.write(Integer.toString(id));
            w.write(",\n        ");
            writePythonJsonString(w, Utf8.decodeIgnoringErrors(piece, 0, piece.length));
            w.write(",\n        ");
            w.write(Long.toString(model.count(id)));
            w.write("\n    ]");
        }
        w.write("\n}");
        w.flush();
    }

    /** A JSON string as Python's json module writes it with ensure_ascii=False. */
    private static void writePythonJsonString(Writer w, String s) throws IOException {
        w.write('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> w.write("\\\"");
                case '\\' -> w.write("\\\\");
                case '\n' -> w.write("\\n");
                case '\r' -> w.write("\\r");
                case '\t' -> w.write("\\t");
                case '\b' -> w.write("\\b");
                case '\f' -> w.write("\\f");
                default -> {
                    if (c < 0x20) {
                        w.write(String.format("\\u%04x", (int) c));
                    } else {
                        w.write(c);
                    }
                }
            }
        }
        w.write('"');
    }

    /** Collects entries while reading and checks that ids are exactly 3 .. n+2. */
    private static final class ModelEntries {
        private final String name;
        private final java.util.ArrayList<byte[]> pieces = new java.util.ArrayList<>();
        private final it.unimi.dsi.fastutil.longs.LongArrayList ids = new it.unimi.dsi.fastutil.longs.LongArrayList();
        private final it.unimi.dsi.fastutil.longs.LongArrayList counts =
                new it.unimi.dsi.fastutil.longs.LongArrayList();

        ModelEntries(String name) {
            this.name = name;
        }

        void add(String key, byte[] piece, long id, long count) throws ModelFormatException {
            if (piece.length == 0) {
                throw new ModelFormatException(name + ": key \"" + key + "\" is an empty piece");
            }
            if (count <= 0) {
                throw new ModelFormatException(name + ": piece \"" + key + "\" has a non-positive count " + count);
            }
            pieces.add(piece);
            ids.add(id);
            counts.add(count);
        }

        PieceModel toModel() throws ModelFormatException {
            int n = pieces.size();
            byte[][] byId = new byte[n][];
            long[] countById = new long[n];
            for (int i = 0; i < n; i++) {
                long id = ids.getLong(i);
                if (id < PieceModel.FIRST_PIECE_ID || id >= n + PieceModel.FIRST_PIECE_ID) {
                    String key = Base64.getEncoder().encodeToString(pieces.get(i));
                    throw new ModelFormatException(name + ": piece \"" + key + "\" has id " + id
                            + "; ids must run from 3 to " + (n + 2) + " without gaps");
                }
                int index = (int) id - PieceModel.FIRST_PIECE_ID;
                if (byId[index] != null) {
                    throw new ModelFormatException(name + ": id " + id + " is used twice");
                }
                byId[index] = pieces.get(i);
                countById[index] = counts.getLong(i);
            }
            try {
                return new PieceModel(byId, countById);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(name + ": " + e.getMessage(), e);
            }
        }
    }

    /** Passes bytes through until {@code maxBytes} have been read, then refuses the model. */
    private static final class BoundedInput extends java.io.FilterInputStream {
        private final String name;
        private final long maxBytes;
        private long read;

        BoundedInput(InputStream in, String name, long maxBytes) {
            super(in);
            this.name = name;
            this.maxBytes = maxBytes;
        }

        private void count(long n) throws ModelFormatException {
            read += n;
            if (read > maxBytes) {
                throw new ModelFormatException(name + ": more than " + maxBytes + " bytes (the limit,"
                        + " ModelFile.MAX_MODEL_BYTES); not a BytePiece model, or a zip that inflates without end");
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }
    }
}
