package dev.piecemill.lm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.piece.Tokenizer;
import dev.piecemill.testing.TestData;
import dev.piecemill.util.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Corpora for the language-model and collapse tests. */
public final class TestCorpora {
    private TestCorpora() {}

    /** Zipf(1) over {@code types} content tokens: p(rank r) proportional to 1/r, token id = r + 2. */
    public static double[] zipfProbabilities(int types) {
        double[] p = new double[types];
        double sum = 0;
        for (int r = 1; r <= types; r++) {
            sum += 1.0 / r;
        }
        for (int r = 1; r <= types; r++) {
            p[r - 1] = 1.0 / r / sum;
        }
        return p;
    }

    public static int zipfToken(int index) {
        return TokenIds.FIRST_CONTENT + index;
    }

    /**
     * Exactly {@code tokens} i.i.d. Zipf(1) tokens over {@code types} types, in documents of
     * 5..30 tokens (the last one shorter).
     */
    public static TokenCorpus zipf(int types, long tokens, long seed) {
        double[] cumulative = zipfProbabilities(types);
        for (int i = 1; i < types; i++) {
            cumulative[i] += cumulative[i - 1];
        }
        SplittableRandom random = Seeds.forRecord(seed, "zipf-corpus");
        TokenCorpus.Builder builder = new TokenCorpus.Builder(tokens);
        while (!builder.isFull()) {
            int[] document = new int[random.nextInt(5, 31)];
            for (int i = 0; i < document.length; i++) {
                double u = random.nextDouble() * cumulative[types - 1];
                int index = java.util.Arrays.binarySearch(cumulative, u);
                document[i] = zipfToken(Math.min(types - 1, index >= 0 ? index + 1 : -index - 1));
            }
            builder.add(document);
        }
        return builder.build();
    }

    /**
     * Real token documents: the paragraphs of the golden Europarl texts, encoded by the
     * pretrained plus.40k tokenizer (content ids only).
     */
    public static List<int[]> europarlParagraphs(int maxDocuments) {
        Tokenizer tokenizer = new Tokenizer(TestData.model("plus.40k"));
        List<int[]> documents = new ArrayList<>();
        for (JsonNode line : TestData.jsonLines("golden/tokenize-europarl.jsonl.gz")) {
            for (String paragraph : line.get("text").asText().split("\n\n")) {
                String text = paragraph.strip();
                if (!text.isEmpty() && documents.size() < maxDocuments) {
                    documents.add(tokenizer.encode(text));
                }
            }
        }
        return documents;
    }
}
