package org.polyreason.core;

import org.apache.spark.sql.SparkSession;

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
    return builder.getOrCreate();
  }
}
