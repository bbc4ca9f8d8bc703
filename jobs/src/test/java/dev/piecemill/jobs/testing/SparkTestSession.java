package dev.piecemill.jobs.testing;

import org.apache.spark.sql.SparkSession;

/** A small local Spark session for a test class: two cores, no UI, loopback only. */
public final class SparkTestSession {
    private SparkTestSession() {}

    public static SparkSession start() {
        return builder("local[2]").getOrCreate();
    }

    /** The same settings on another master (say {@code local[2,2]}: tasks may fail once), to add to. */
    public static SparkSession.Builder builder(String master) {
        return SparkSession.builder()
                .appName("piecemill test")
                .master(master)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4");
    }
}
