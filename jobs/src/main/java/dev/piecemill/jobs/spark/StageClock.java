package dev.piecemill.jobs.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/** Times a job's stages and logs one line as each ends ("job: stage done in 1.2 s: detail"). */
public final class StageClock {
    private final Logger log;
    private final String job;
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private long last = System.nanoTime();

    public StageClock(Logger log, String job) {
        this.log = log;
        this.job = job;
    }

    public void lap(String stage, String detail) {
        long now = System.nanoTime();
        double s = (now - last) / 1e9;
        seconds.merge(stage, s, Double::sum);
        last = now;
        log.info("{}: {} done in {} s: {}", job, stage, String.format("%.1f", s), detail);
    }

    /** Seconds per stage, in the order they first ended. */
    public Map<String, Double> seconds() {
        return seconds;
    }
}
