package dev.piecemill.jobs.tokenize;

import dev.piecemill.jobs.io.CorpusRecord;
import dev.piecemill.jobs.io.LazyIterator;
import dev.piecemill.jobs.io.RecordFilter;
import dev.piecemill.jobs.spark.ExecutorTokenizers;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.piece.Tokenizer;
import dev.piecemill.util.Seeds;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * Tokenizes one partition's records into output rows, streaming (one document in memory at a
 * time); bad records go through the job's RecordFilter.
 */
final class TokenizePartition implements FlatMapFunction<Iterator<CorpusRecord>, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<PieceModel> model;
    private final TokenizeOptions options;
    private final RecordFilter filter;
    private final TokenizeCounters counters;

    TokenizePartition(
            Broadcast<PieceModel> model, TokenizeOptions options, RecordFilter filter, TokenizeCounters counters) {
        this.model = model;
        this.options = options;
        this.filter = filter;
        this.counters = counters;
    }

    @Override
    public Iterator<Row> call(Iterator<CorpusRecord> records) {
        Tokenizer tokenizer = ExecutorTokenizers.of(model);
        IntArrayList ids = new IntArrayList();
        return new LazyIterator<>() {
            @Override
            protected Row computeNext() {
                while (records.hasNext()) {
                    CorpusRecord.Document doc = filter.accept(records.next());
                    if (doc != null) {
                        return tokenize(tokenizer, doc, ids);
                    }
                }
                return null;
            }
        };
    }

    /** The output row of a document. */
    private Row tokenize(Tokenizer tokenizer, CorpusRecord.Document doc, IntArrayList ids) {
        ids.clear();
        byte[] text = doc.utf8();
        long bytes = tokenizer.encodeUtf8(
                text,
                0,
                text.length,
                options.addBos(),
                options.addEos(),
                options.alpha(),
                options.alpha() >= 0 ? Seeds.forRecord(options.seed(), doc.id()) : null,
                ids);
        int tokens = ids.size() - (options.addBos() ? 1 : 0) - (options.addEos() ? 1 : 0);
        counters.documents.add(1);
        counters.bytes.add(bytes);
        counters.tokens.add(tokens);
        counters.tokensPerDocument.add((long) tokens);
        return TokenizedTable.row(doc.id(), ids.toIntArray(), bytes, tokens, doc.kept());
    }
}
