package dev.piecemill.jobs.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Decompression by file extension: .gz, .bz2, .zst/.zstd (commons-compress, which Spark ships;
 * zstd through zstd-jni). Concatenated gzip and bzip2 members are read to the end.
 */
public enum Compression {
    NONE(""),
    GZIP(".gz"),
    BZIP2(".bz2"),
    ZSTD(".zst");

    private final String extension;

    Compression(String extension) {
        this.extension = extension;
    }

    public static Compression of(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            return GZIP;
        }
        if (n.endsWith(".bz2")) {
            return BZIP2;
        }
        if (n.endsWith(".zst") || n.endsWith(".zstd")) {
            return ZSTD;
        }
        return NONE;
    }

    static String stripExtension(String fileName) {
        Compression c = of(fileName);
        if (c == NONE) {
            return fileName;
        }
        return fileName.substring(0, fileName.lastIndexOf('.'));
    }

    /** Whether a reader can start in the middle of the file (only uncompressed files here). */
    public boolean splittable() {
        return this == NONE;
    }

    public InputStream open(InputStream raw) throws IOException {
        return switch (this) {
            case NONE -> raw;
            case GZIP -> new GzipCompressorInputStream(raw, true);
            case BZIP2 -> new BZip2CompressorInputStream(raw, true);
            case ZSTD -> new ZstdCompressorInputStream(raw);
        };
    }

    @Override
    public String toString() {
        return this == NONE ? "uncompressed" : extension;
    }
}
