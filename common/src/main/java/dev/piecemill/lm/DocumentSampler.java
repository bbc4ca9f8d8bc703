package dev.piecemill.lm;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/** Samples documents and corpora from a model; every random choice comes from the caller. */
public final class DocumentSampler {
    private final NgramLanguageModel model;
    private final SamplingBias bias;
    private final int maxLength;

    /**
     * @param maxLength a document stops after this many content tokens if EOS has not come
     */
    public DocumentSampler(NgramLanguageModel model, SamplingBias bias, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("max document length must be >= 1, got " + maxLength);
        }
        if (!model.hasContent()) {
            throw new IllegalArgumentException(
                    "the model's support has no content token; it only makes empty documents");
        }
        this.model = model;
        this.bias = bias;
        this.maxLength = maxLength;
    }

    /** One document: tokens drawn until EOS (not included) or {@code maxLength} tokens. */
    public int[] sampleDocument(SplittableRandom random) {
        IntArrayList document = new IntArrayList();
        while (document.size() < maxLength) {
            int token = model.sampleNext(document.elements(), document.size(), bias, random);
            if (token == TokenIds.EOS) {
                break;
            }
            document.add(token);
        }
        return document.toIntArray();
    }

    /**
     * A corpus of exactly {@code tokens} content tokens: documents 0, 1, 2, ... are sampled until
     * the total reaches it, the last one cut. Document i draws only from
     * {@code randomForDocument.apply(i)}, so the corpus does not depend on how the work is split.
     * Empty documents (EOS drawn first) are kept: they are part of what the model generates.
     */
    public TokenCorpus sampleCorpus(long tokens, LongFunction<SplittableRandom> randomForDocument) {
        TokenCorpus.Builder builder = new TokenCorpus.Builder(tokens);
        for (long i = 0; !builder.isFull(); i++) {
            builder.add(sampleDocument(randomForDocument.apply(i)));
        }
        return builder.build();
    }
}
