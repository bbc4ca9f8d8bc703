package dev.piecemill.jobs.cli;

import dev.piecemill.jobs.spark.SparkSessions;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Prints a Parquet output (any piecemill table) as JSON Lines.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PATH", description = "a Parquet file or folder")
    String path;

    @Option(
            names = "--limit",
            defaultValue = "20",
            paramLabel = "N",
            description = "rows to print (default: ${DEFAULT-VALUE}; 0: all)")
    int limit;

    @Option(names = "--schema", description = "print the schema first")
    boolean schema;

    @Override
    public Integer call() throws Exception {
        // A small local session with no UI: reading a table needs no cluster, and it starts faster.
        try (SparkSession spark = SparkSessions.start(
                "piecemill inspect",
                "local[1]",
                Map.of("spark.ui.enabled", "false", "spark.ui.showConsoleProgress", "false"))) {
            Dataset<Row> table = spark.read().parquet(path);
            if (schema) {
                System.out.print(table.schema().treeString());
            }
            Dataset<String> json = (limit > 0 ? table.limit(limit) : table).toJSON();
            json.toLocalIterator().forEachRemaining(System.out::println);
        }
        return 0;
    }
}
