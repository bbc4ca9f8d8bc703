package dev.piecemill.lm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** An immutable list of documents of content token ids, with its total token count. */
public final class TokenCorpus implements Iterable<int[]> {
    private static final TokenCorpus EMPTY = new TokenCorpus(List.of(), 0);
    private final List<int[]> documents;
    private final long tokenCount;

    private TokenCorpus(List<int[]> documents, long tokenCount) {
        this.documents = documents;
        this.tokenCount = tokenCount;
    }

    /** A corpus of copies of the documents, which must hold content ids only. */
    public static TokenCorpus of(List<int[]> documents) {
        List<int[]> copies = new ArrayList<>(documents.size());
        long tokens = 0;
        for (int[] document : documents) {
            TokenIds.requireContent(document);
            copies.add(document.clone());
            tokens += document.length;
        }
        return new TokenCorpus(Collections.unmodifiableList(copies), tokens);
    }

    public static TokenCorpus empty() {
        return EMPTY;
    }

    /** The documents in order; callers must not modify the arrays. */
    public List<int[]> documents() {
        return documents;
    }

    public int documentCount() {
        return documents.size();
    }

    public long tokenCount() {
        return tokenCount;
    }

    /** This corpus's documents followed by the other's. */
    public TokenCorpus concat(TokenCorpus other) {
        List<int[]> joined = new ArrayList<>(documents.size() + other.documents.size());
        joined.addAll(documents);
        joined.addAll(other.documents);
        return new TokenCorpus(Collections.unmodifiableList(joined), tokenCount + other.tokenCount);
    }

    @Override
    public Iterator<int[]> iterator() {
        return documents.iterator();
    }

    /** Same documents with the same tokens in the same order. */
    public boolean sameDocuments(TokenCorpus other) {
        if (documents.size() != other.documents.size()) {
            return false;
        }
        for (int i = 0; i < documents.size(); i++) {
            if (!Arrays.equals(documents.get(i), other.documents.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Collects documents up to an exact token budget: the document that crosses the budget is
     * cut there (the cut document still ends, so a model trained on it sees EOS after the cut).
     */
    public static final class Builder {
        private final long budget;
        private final List<int[]> documents = new ArrayList<>();
        private long tokens;

        public Builder(long budget) {
            if (budget < 0) {
                throw new IllegalArgumentException("negative token budget " + budget);
            }
            this.budget = budget;
        }

        /** Adds the document, or its head that fits the budget; ignored once full. */
        public void add(int[] document) {
            if (isFull()) {
                return;
            }
            TokenIds.requireContent(document);
            int take = (int) Math.min(document.length, budget - tokens);
            documents.add(take == document.length ? document.clone() : Arrays.copyOf(document, take));
            tokens += take;
        }

        public boolean isFull() {
            return tokens == budget;
        }

        public long tokens() {
            return tokens;
        }

        public TokenCorpus build() {
            return new TokenCorpus(Collections.unmodifiableList(new ArrayList<>(documents)), tokens);
        }
    }
}
