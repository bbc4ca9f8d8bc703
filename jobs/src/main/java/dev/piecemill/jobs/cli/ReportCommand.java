package dev.piecemill.jobs.cli;

import dev.piecemill.jobs.report.ReportPage;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes one HTML page (self-contained, inline SVG) of collapse runs: each run's settings, then "
                    + "one plot per metric over the generations, a line per run. No Spark.",
            "Reads RUN/metrics.csv and, if present, RUN/run.json."
        })
final class ReportCommand implements Callable<Integer> {
    @Parameters(
            arity = "1..*",
            paramLabel = "RUN",
            description = "collapse run folders, local or on any Hadoop file system")
    List<String> runs;

    @Option(
            names = "--output",
            defaultValue = "report.html",
            paramLabel = "FILE",
            description = "the page to write, replaced if it exists (default: ${DEFAULT-VALUE})")
    String output;

    @Override
    public Integer call() throws Exception {
        ReportPage page = ReportPage.write(runs, output, new Configuration());
        int n = page.runs().size();
        int m = page.metrics().size();
        System.out.println("report: wrote " + output + " (" + n + (n == 1 ? " run, " : " runs, ") + m
                + (m == 1 ? " metric)" : " metrics)"));
        return 0;
    }
}
