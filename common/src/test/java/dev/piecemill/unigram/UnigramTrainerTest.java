package dev.piecemill.unigram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.piece.Tokenizer;
import dev.piecemill.testing.TestData;
import dev.piecemill.text.TextNormalizer;
import dev.piecemill.util.ByteString;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UnigramTrainerTest {
    private static List<String> texts;
    private static List<byte[]> chunks;

    @BeforeAll
    static void corpus() throws Exception {
        texts = TestData.europarlTexts().subList(0, 120);
        chunks = new ArrayList<>();
        for (String t : texts) {
            chunks.addAll(UnigramChunks.of(t));
        }
    }

    private static List<UnigramTrainer.Result> train(List<byte[]> corpus, int... sizes) {
        UnigramOptions options = new UnigramOptions(sizes, new SeedRules(16, 2), 8 * sizes[0], 0.75, 2, 8);
        return UnigramTraining.inMemory(options, corpus, r -> {});
    }

    @Test
    void theLikelihoodNeverDecreasesOverEmIterationsAtAFixedVocabulary() {
        List<byte[]> small = chunks.subList(0, 30);
        Object2LongOpenHashMap<ByteString> seeds = new SeedExtractor(new SeedRules(12, 2)).candidates(small, 3000);
        Vocabulary v = UnigramTraining.initialVocabulary(SeedExtractor.best(seeds, 3000), SymbolCounts.of(small));
        InMemoryCorpus pass = new InMemoryCorpus(small);
        double previous = Double.NEGATIVE_INFINITY;
        for (int it = 0; it < 8; it++) {
            PassTotals totals = pass.run(v, PassKind.EXPECTED, 1);
            assertTrue(
                    totals.logLikelihood() >= previous - 1e-3,
                    "iteration " + it + ": " + totals.logLikelihood() + " after " + previous);
            previous = totals.logLikelihood();
            v = UnigramTrainer.mStep(v, totals);
        }
    }

    @Test
    void modelsHaveExactlyTheAskedSizesLoadAndRoundTrip() throws Exception {
        List<UnigramTrainer.Result> results = train(chunks, 1000, 400);
        assertEquals(1000, results.get(0).model().vocabSize());
        assertEquals(400, results.get(1).model().vocabSize());
        for (UnigramTrainer.Result r : results) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ModelFile.write(r.model(), out);
            PieceModel loaded = ModelFile.read(new java.io.ByteArrayInputStream(out.toByteArray()), "trained");
            Tokenizer tokenizer = new Tokenizer(loaded);
            for (String t : texts.subList(0, 20)) {
                assertEquals(TextNormalizer.nfc(t), tokenizer.decode(tokenizer.encode(t)));
            }
        }
        assertTrue(
                results.get(0).bytesPerToken() > results.get(1).bytesPerToken(),
                "the larger vocabulary compresses its corpus better");
    }

    @Test
    void theModelDoesNotDependOnTheOrderOfChunksOrHowPassesAreSplit() throws Exception {
        UnigramOptions options = new UnigramOptions(new int[] {700}, new SeedRules(16, 2), 5000, 0.75, 2, 8);
        List<List<byte[]>> blocks = List.of(chunks.subList(0, 250), chunks.subList(250, chunks.size()));
        byte[] expected = modelBytes(
                UnigramTraining.inBlocks(options, blocks, r -> {}).get(0).model());
        // The same blocks, each in another order, and every pass summed from seven uneven parts.
        Random random = new Random(1);
        List<List<byte[]>> shuffled = new ArrayList<>();
        for (List<byte[]> block : blocks) {
            List<byte[]> copy = new ArrayList<>(block);
            Collections.shuffle(copy, random);
            shuffled.add(copy);
        }
        byte[] actual = modelBytes(
                UnigramTraining.inBlocks(options, shuffled, 7, r -> {}).get(0).model());
        assertEquals(new String(expected), new String(actual));
    }

    @Test
    void whitespaceRunsUnseenInTrainingAreOneTokenEach() {
        List<byte[]> noRuns = chunks.stream()
                .filter(c -> !new String(c, java.nio.charset.StandardCharsets.UTF_8).contains("  "))
                .toList();
        UnigramOptions options = new UnigramOptions(new int[] {800}, new SeedRules(16, 2), 6400, 0.75, 1, 8);
        Tokenizer tokenizer = new Tokenizer(
                UnigramTraining.inMemory(options, noRuns, r -> {}).get(0).model());
        for (int k = 2; k <= 8; k++) {
            String run = " ".repeat(k);
            int[] ids = tokenizer.encode(run);
            assertEquals(1, ids.length, k + " spaces");
            assertEquals(run, tokenizer.decode(ids));
        }
        assertEquals(1, tokenizer.encode("\t\t").length);
        assertEquals(2, tokenizer.encode(" ".repeat(9)).length, "longer runs take two");
    }

    @Test
    void everyCharacterOfTheTrainingTextIsOneToken() {
        Tokenizer tokenizer = new Tokenizer(train(chunks, 600).get(0).model());
        List<SymbolCounts.Character> characters = SymbolCounts.of(chunks).characters();
        assertTrue(characters.size() > 20, characters.size() + " characters");
        for (SymbolCounts.Character c : characters) {
            String s = new String(c.bytes().bytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(1, tokenizer.encode(s).length, s + " (seen " + c.count() + " times)");
        }
    }

    @Test
    void tooLargeASizeForTheCorpusIsRefusedWithTheLargestPossible() {
        var e = assertThrows(IllegalArgumentException.class, () -> train(chunks.subList(0, 2), 5000));
        assertTrue(e.getMessage().contains("ask for at most"), e.getMessage());
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new UnigramOptions(new int[] {259}, new SeedRules(16, 2), 1000, 0.75, 2, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new UnigramOptions(new int[] {270}, new SeedRules(16, 2), 1000, 0.75, 2, 16),
                "the whitespace runs take ids too");
        assertThrows(IllegalArgumentException.class, () -> new SeedRules(0, 2));
        assertThrows(
                IllegalArgumentException.class,
                () -> new UnigramOptions(new int[] {1000}, new SeedRules(16, 2), 1000, 1.5, 2, 0));
    }

    private static byte[] modelBytes(PieceModel model) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.write(model, out);
        return out.toByteArray();
    }
}
