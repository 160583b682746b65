package org.polyreason.core;

import org.apache.spark.sql.SparkSession;
import org.polyreason.config.Settings;

/**
 * One polyreason job. Its kebab-case {@link #name()} is also its CLI name, its configuration subtree
 * ({@code polyreason.<name>}) and its Spark application name.
 *
 * @param <S> the job's validated settings record
 */
public interface Job<S> {
  String name();

  /** One line for {@code polyreason --help}. */
  String description();

  /** Reads and validates settings without Spark; bad values throw {@code UserException}. */
  S parse(Settings settings);

  /**
   * Checks that the settings name something to do (e.g. a non-empty list of pairs). Called by the CLI
   * before Spark starts; kept apart from {@link #parse} because environment files must validate for
   * every job even when they configure no such inputs.
   */
  default void requireInputs(S settings) {}

  /** Runs the job; returns input and output counts for the {@code runs} table. */
  JobResult run(SparkSession spark, S settings, RunContext context);
}
