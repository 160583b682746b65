package org.polyreason.core;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.polyreason.config.Settings;

/**
 * One polyreason job. Its kebab-case {@link #name()} is also its CLI name, its configuration
 * subtree ({@code polyreason.<name>}) and its Spark application name.
 *
 * @param <S> the job's validated settings record
 */
public interface Job<S> {
  String name();

  /** One line for {@code polyreason --help}. */
  String description();

  /**
   * The tables the job reads, its own outputs included when it reads them back (e.g. the stored
   * keys it skips). The study fingerprints a stage by the tables it reads and does not write.
   */
  List<Table> reads();

  /** The tables (and artifacts) the job writes; the {@code runs} row of every run is not listed. */
  List<Table> writes();

  /**
   * Configuration keys that name input files outside the warehouse whose state the study
   * fingerprints (e.g. {@code polyreason.import.path}); none by default.
   */
  default List<String> sourceKeys() {
    return List.of();
  }

  /** Reads and validates settings without Spark; bad values throw {@code UserException}. */
  S parse(Settings settings);

  /**
   * Checks that the settings name something to do (e.g. a non-empty list of pairs). Called by the
   * CLI before Spark starts; kept apart from {@link #parse} because environment files must validate
   * for every job even when they configure no such inputs.
   */
  default void requireInputs(S settings) {}

  /** Runs the job; returns input and output counts for the {@code runs} table. */
  JobResult run(SparkSession spark, S settings, RunContext context);
}
