package org.polyreason.core;

import org.apache.spark.sql.SparkSession;
import org.polyreason.udfs.scoring.sql.ScoringUdfs;

/** Builds the job's SparkSession. spark-submit's settings win; the config only fills the gaps. */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession forJob(String appName, CommonSettings common) {
    SparkSession.Builder builder = SparkSession.builder().appName("polyreason-" + appName);
    boolean masterGiven = System.getProperty("spark.master") != null;
    if (!masterGiven) {
      builder.master(common.sparkMaster().isEmpty() ? "local[*]" : common.sparkMaster());
    }
    builder.config("spark.sql.session.timeZone", "UTC");
    builder.config("spark.sql.parquet.compression.codec", "zstd");
    SparkSession spark = builder.getOrCreate();
    ScoringUdfs.registerAll(
        spark); // SQL users of the session get extract_answer, detect_language, ...
    return spark;
  }
}
