package dev.piecemill.tokenize;

import dev.piecemill.io.BadRecordException;
import dev.piecemill.io.CorpusRecord;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.piece.Tokenizer;
import dev.piecemill.util.Seeds;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Tokenizes one partition's records into output rows, streaming (one document in memory at a
 * time). Bad records stop the job, or with skipBadRecords are counted for the quarantine pass.
 */
final class TokenizePartition implements FlatMapFunction<Iterator<CorpusRecord>, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<PieceModel> model;
    private final TokenizeOptions options;
    private final TokenizeCounters counters;

    TokenizePartition(Broadcast<PieceModel> model, TokenizeOptions options, TokenizeCounters counters) {
        this.model = model;
        this.options = options;
        this.counters = counters;
    }

    @Override
    public Iterator<Row> call(Iterator<CorpusRecord> records) {
        Tokenizer tokenizer = TokenizerCache.get(model);
        IntArrayList ids = new IntArrayList();
        return new Iterator<>() {
            private Row next = advance();

            private Row advance() {
                while (records.hasNext()) {
                    CorpusRecord record = records.next();
                    counters.records.add(1);
                    CorpusRecord.Bad bad;
                    if (record instanceof CorpusRecord.Document doc) {
                        try {
                            return tokenize(tokenizer, doc, ids);
                        } catch (IllegalArgumentException noUtf8Form) {
                            bad = doc.asBad(noUtf8Form.getMessage());
                        }
                    } else {
                        bad = (CorpusRecord.Bad) record;
                    }
                    if (!options.skipBadRecords()) {
                        throw new BadRecordException(bad);
                    }
                    counters.quarantined.add(1);
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Row next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Row r = next;
                next = advance();
                return r;
            }
        };
    }

    /** The output row of a document; IllegalArgumentException when its text has no UTF-8 form. */
    private Row tokenize(Tokenizer tokenizer, CorpusRecord.Document doc, IntArrayList ids) {
        ids.clear();
        long bytes = tokenizer.encode(doc.text(), options.addBos(), options.addEos(), options.alpha(),
                options.alpha() >= 0 ? Seeds.forRecord(options.seed(), doc.id()) : null, ids);
        int tokens = ids.size() - (options.addBos() ? 1 : 0) - (options.addEos() ? 1 : 0);
        counters.documents.add(1);
        counters.bytes.add(bytes);
        counters.tokens.add(tokens);
        return RowFactory.create(doc.id(), ids.toIntArray(), bytes, tokens);
    }
}
