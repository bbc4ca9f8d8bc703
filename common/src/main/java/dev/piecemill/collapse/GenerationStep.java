package dev.piecemill.collapse;

import dev.piecemill.lm.DocumentSampler;
import dev.piecemill.lm.NgramLanguageModel;
import dev.piecemill.lm.SamplingBias;
import dev.piecemill.lm.Smoothing;
import dev.piecemill.lm.TokenCorpus;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/** One turn of a self-consuming loop: train a model on a corpus, sample a new corpus from it. */
public final class GenerationStep {
    private final int order;
    private final Smoothing smoothing;
    private final SamplingBias bias;
    private final int maxDocumentLength;

    public GenerationStep(int order, Smoothing smoothing, SamplingBias bias, int maxDocumentLength) {
        this.order = order;
        this.smoothing = smoothing;
        this.bias = bias;
        this.maxDocumentLength = maxDocumentLength;
    }

    public static GenerationStep of(CollapseSettings settings) {
        return new GenerationStep(
                settings.recursion().order(),
                settings.recursion().smoothing(),
                settings.recursion().bias(),
                settings.recursion().maxDocumentLength());
    }

    public NgramLanguageModel train(TokenCorpus training) {
        return NgramLanguageModel.train(training, order, smoothing);
    }

    /** Exactly {@code tokens} tokens sampled from the model of {@code training}; document i uses randomForDocument(i). */
    public TokenCorpus next(TokenCorpus training, long tokens, LongFunction<SplittableRandom> randomForDocument) {
        return new DocumentSampler(train(training), bias, maxDocumentLength).sampleCorpus(tokens, randomForDocument);
    }
}
