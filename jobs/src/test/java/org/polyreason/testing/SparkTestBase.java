package org.polyreason.testing;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;

/** One local SparkSession for all tests in the JVM: local[2], UI off, 2 shuffle partitions, UTC. */
public abstract class SparkTestBase {
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = session();
  }

  public static synchronized SparkSession session() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("polyreason-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.adaptive.enabled", "false")
        .getOrCreate();
  }
}
