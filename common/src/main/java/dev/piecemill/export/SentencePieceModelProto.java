package dev.piecemill.export;

import dev.piecemill.piece.PieceModel;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A SentencePiece {@code .model}: the ModelProto with its pieces, a trainer_spec saying unigram
 * with byte fallback and where the special ids are, and an identity normalizer_spec without
 * dummy prefix, whitespace trimming or escaping, so the text reaches the model as it is (NFC is
 * the caller's: SentencePiece's NFC rules would also fold compatibility characters, NFKC-like).
 */
public final class SentencePieceModelProto {
    // ModelProto, SentencePiece, TrainerSpec and NormalizerSpec field numbers (sentencepiece_model.proto)
    private static final int MODEL_PIECES = 1;
    private static final int MODEL_TRAINER_SPEC = 2;
    private static final int MODEL_NORMALIZER_SPEC = 3;
    private static final int PIECE_PIECE = 1;
    private static final int PIECE_SCORE = 2;
    private static final int PIECE_TYPE = 3;
    private static final int TRAINER_MODEL_TYPE = 3;
    private static final int TRAINER_VOCAB_SIZE = 4;
    private static final int TRAINER_BYTE_FALLBACK = 35;
    private static final int TRAINER_UNK_ID = 40;
    private static final int TRAINER_BOS_ID = 41;
    private static final int TRAINER_EOS_ID = 42;
    private static final int TRAINER_PAD_ID = 43;
    private static final int TRAINER_UNK_PIECE = 45;
    private static final int TRAINER_BOS_PIECE = 46;
    private static final int TRAINER_EOS_PIECE = 47;
    private static final int TRAINER_PAD_PIECE = 48;
    private static final int MODEL_TYPE_UNIGRAM = 1;
    private static final int NORMALIZER_NAME = 1;
    private static final int NORMALIZER_ADD_DUMMY_PREFIX = 3;
    private static final int NORMALIZER_REMOVE_EXTRA_WHITESPACES = 4;
    private static final int NORMALIZER_ESCAPE_WHITESPACES = 5;

    private SentencePieceModelProto() {}

    /** The serialized ModelProto of {@code vocabulary}. */
    public static byte[] bytes(SentencePieceVocabulary vocabulary) {
        ProtobufWriter model = new ProtobufWriter();
        for (SentencePieceVocabulary.Entry e : vocabulary.entries()) {
            model.message(
                    MODEL_PIECES,
                    new ProtobufWriter()
                            .string(PIECE_PIECE, e.piece())
                            .float32(PIECE_SCORE, e.score())
                            .int32(PIECE_TYPE, e.type().number));
        }
        model.message(
                MODEL_TRAINER_SPEC,
                new ProtobufWriter()
                        .int32(TRAINER_MODEL_TYPE, MODEL_TYPE_UNIGRAM)
                        .int32(TRAINER_VOCAB_SIZE, vocabulary.entries().size())
                        .bool(TRAINER_BYTE_FALLBACK, true)
                        .int32(TRAINER_UNK_ID, vocabulary.unkId())
                        .int32(TRAINER_BOS_ID, PieceModel.BOS_ID)
                        .int32(TRAINER_EOS_ID, PieceModel.EOS_ID)
                        .int32(TRAINER_PAD_ID, PieceModel.PAD_ID)
                        .string(TRAINER_UNK_PIECE, SentencePieceVocabulary.UNK)
                        .string(TRAINER_BOS_PIECE, SpecialTokens.name(PieceModel.BOS_ID))
                        .string(TRAINER_EOS_PIECE, SpecialTokens.name(PieceModel.EOS_ID))
                        .string(TRAINER_PAD_PIECE, SpecialTokens.name(PieceModel.PAD_ID)));
        model.message(
                MODEL_NORMALIZER_SPEC,
                new ProtobufWriter()
                        .string(NORMALIZER_NAME, "identity")
                        .bool(NORMALIZER_ADD_DUMMY_PREFIX, false)
                        .bool(NORMALIZER_REMOVE_EXTRA_WHITESPACES, false)
                        .bool(NORMALIZER_ESCAPE_WHITESPACES, false));
        return model.toByteArray();
    }

    public static void write(SentencePieceVocabulary vocabulary, OutputStream out) throws IOException {
        out.write(bytes(vocabulary));
        out.flush();
    }
}
