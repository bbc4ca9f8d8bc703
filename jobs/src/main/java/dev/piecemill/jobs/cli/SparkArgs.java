package dev.piecemill.jobs.cli;

import dev.piecemill.jobs.spark.SparkSessions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Spark options shared by the Spark commands; spark-submit's own settings are kept when absent. */
final class SparkArgs {
    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "a Spark setting; repeatable")
    Map<String, String> conf = new LinkedHashMap<>();

    SparkSession start(String appName) {
        return SparkSessions.start(appName, master, conf);
    }
}
