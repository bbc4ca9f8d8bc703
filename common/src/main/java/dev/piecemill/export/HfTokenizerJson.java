package dev.piecemill.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.util.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} that encodes as our {@link dev.piecemill.piece.Tokenizer}:
 * NFC normalizer; pre-tokenizer = our chunks (a run of non-newlines with the newlines after it),
 * then ByteLevel without its regex, so each byte becomes one character and the Unigram model
 * segments bytes as ours does; Unigram scores = our ln p in double (HF's Viterbi adds and breaks
 * ties as ours does: the first, longest, of equal candidates); ByteLevel decoder. No
 * post-processor: {@code <bos>}/{@code <eos>} are added by the caller, as with {@code encode}.
 */
public final class HfTokenizerJson {
    /** Our chunks: the reference's {@code .*\n+|.+}, spelled without '.' so no regex flavour matters. */
    static final String CHUNK_PATTERN = "[^\\n]*\\n+|[^\\n]+";

    private HfTokenizerJson() {}

    /**
     * Writes the tokenizer.json of {@code model}.
     *
     * @throws IllegalArgumentException if a piece is spelled like a special token (HF would merge them)
     */
    public static void write(PieceModel model, OutputStream out) throws IOException {
        String[] vocab = vocabulary(model);
        double[] scores = model.logProbabilities();
        try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            json.writeStringField("version", "1.0");
            json.writeNullField("truncation");
            json.writeNullField("padding");
            writeAddedTokens(json);
            json.writeObjectFieldStart("normalizer");
            json.writeStringField("type", "NFC");
            json.writeEndObject();
            writePreTokenizer(json);
            json.writeNullField("post_processor");
            json.writeFieldName("decoder");
            writeByteLevel(json);
            json.writeObjectFieldStart("model");
            json.writeStringField("type", "Unigram");
            json.writeNullField("unk_id"); // every byte is a piece: nothing is ever unknown
            json.writeArrayFieldStart("vocab");
            for (int id = 0; id < vocab.length; id++) {
                json.writeRaw('\n');
                json.writeStartArray();
                json.writeString(vocab[id]);
                json.writeNumber(id < PieceModel.FIRST_PIECE_ID ? 0.0 : scores[id - PieceModel.FIRST_PIECE_ID]);
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeBooleanField("byte_fallback", false);
            json.writeEndObject();
            json.writeEndObject();
        }
        out.flush();
    }

    /** Every id's entry: the special names, then each piece spelled in the byte alphabet. */
    static String[] vocabulary(PieceModel model) {
        String[] vocab = new String[model.vocabSize()];
        Map<String, Integer> seen = new HashMap<>();
        for (int id = 0; id < vocab.length; id++) {
            vocab[id] =
                    id < PieceModel.FIRST_PIECE_ID ? SpecialTokens.name(id) : ByteLevelAlphabet.spell(model.piece(id));
            Integer before = seen.put(vocab[id], id);
            if (before != null) {
                throw new UserError("piece id " + id + " is spelled \"" + vocab[id] + "\" like special token id "
                        + before + "; the tokenizer.json would merge them");
            }
        }
        return vocab;
    }

    private static void writeAddedTokens(JsonGenerator json) throws IOException {
        json.writeArrayFieldStart("added_tokens");
        for (int id = 0; id < PieceModel.FIRST_PIECE_ID; id++) {
            json.writeStartObject();
            json.writeNumberField("id", id);
            json.writeStringField("content", SpecialTokens.name(id));
            json.writeBooleanField("single_word", false);
            json.writeBooleanField("lstrip", false);
            json.writeBooleanField("rstrip", false);
            json.writeBooleanField("normalized", false);
            json.writeBooleanField("special", true);
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writePreTokenizer(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("pre_tokenizer");
        json.writeStringField("type", "Sequence");
        json.writeArrayFieldStart("pretokenizers");
        json.writeStartObject();
        json.writeStringField("type", "Split");
        json.writeObjectFieldStart("pattern");
        json.writeStringField("Regex", CHUNK_PATTERN);
        json.writeEndObject();
        json.writeStringField("behavior", "Isolated");
        json.writeBooleanField("invert", false);
        json.writeEndObject();
        writeByteLevel(json);
        json.writeEndArray();
        json.writeEndObject();
    }

    /** ByteLevel as pre-tokenizer and decoder alike: no prefix space, no GPT-2 word regex. */
    private static void writeByteLevel(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "ByteLevel");
        json.writeBooleanField("add_prefix_space", false);
        json.writeBooleanField("trim_offsets", false);
        json.writeBooleanField("use_regex", false);
        json.writeEndObject();
    }
}
