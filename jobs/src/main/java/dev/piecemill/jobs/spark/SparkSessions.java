package dev.piecemill.jobs.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The one place sessions are made: spark-submit's settings win, local[*] otherwise. */
public final class SparkSessions {
    private SparkSessions() {}

    /**
     * @param master a master URL from the command line, or null to keep spark-submit's (or
     *               {@code spark.master}) and fall back to local[*]
     */
    public static SparkSession start(String appName, String master, Map<String, String> settings) {
        SparkConf conf = new SparkConf().setAppName(appName);
        settings.forEach(conf::set);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "true");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
