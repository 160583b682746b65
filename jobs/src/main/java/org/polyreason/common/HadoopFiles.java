package org.polyreason.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import scala.Tuple2;

/**
 * Locations that may be Hadoop URIs ({@code hdfs://}, {@code s3a://}, {@code gs://}, {@code
 * abfs://}, {@code file:/}) or plain local paths, and the Hadoop configuration to open them with.
 */
public final class HadoopFiles {
  /** A scheme of at least two letters then ':/' (so that a Windows drive letter is not one). */
  private static final Pattern URI = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:/.*");

  private HadoopFiles() {}

  /** Whether {@code location} names a URI (read through Hadoop) rather than a local path. */
  public static boolean isUri(String location) {
    return location != null && URI.matcher(location).matches();
  }

  /**
   * Hadoop's configuration (core-site.xml and friends from the classpath) plus every {@code
   * spark.hadoop.*} property of this JVM's Spark configuration, the way Spark builds its own: on an
   * executor from {@link SparkEnv}, elsewhere from the {@code spark.*} system properties that
   * spark-submit sets (so it works before any SparkSession exists).
   */
  public static Configuration configuration() {
    Configuration conf = new Configuration();
    SparkEnv env = SparkEnv.get();
    SparkConf spark = env != null ? env.conf() : new SparkConf();
    for (Tuple2<String, String> kv : spark.getAll()) {
      if (kv._1().startsWith("spark.hadoop.")) {
        conf.set(kv._1().substring("spark.hadoop.".length()), kv._2());
      }
    }
    return conf;
  }

  /**
   * The files under {@code dir}, depth first in listing order, by one {@code listStatus} per
   * directory; an entry whose name {@code keep} rejects is skipped (a directory with everything in
   * it). Plain listings rather than {@code FileSystem.listFiles}: on the local file system that
   * builds a LocatedFileStatus per file, which reads the file's permissions, and Hadoop without its
   * native library does so by running {@code ls -ld} in a new process per file.
   */
  public static List<FileStatus> filesUnder(FileSystem fs, Path dir, Predicate<String> keep)
      throws IOException {
    List<FileStatus> out = new ArrayList<>();
    collect(fs, dir, keep, out);
    return out;
  }

  private static void collect(FileSystem fs, Path dir, Predicate<String> keep, List<FileStatus> out)
      throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      if (!keep.test(s.getPath().getName())) {
        continue;
      }
      if (s.isDirectory()) {
        collect(fs, s.getPath(), keep, out);
      } else {
        out.add(s);
      }
    }
  }
}
