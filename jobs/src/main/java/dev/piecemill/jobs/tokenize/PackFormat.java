package dev.piecemill.jobs.tokenize;

import dev.piecemill.util.UserError;
import java.util.Locale;

/** How tokenize --pack writes its rows: Parquet, or flat token shards for memory-mapping. */
public enum PackFormat {
    PARQUET,
    BIN;

    /** The format named as on the command line: parquet or bin (any case). */
    public static PackFormat parse(String name) {
        for (PackFormat format : values()) {
            if (format.cliName().equalsIgnoreCase(name)) {
                return format;
            }
        }
        throw new UserError("--pack-format must be parquet or bin, not \"" + name + "\"");
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
