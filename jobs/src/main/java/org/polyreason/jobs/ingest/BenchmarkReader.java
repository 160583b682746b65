package org.polyreason.jobs.ingest;

import java.util.List;

/** Reads one benchmark's files into problem records, one language at a time. */
public interface BenchmarkReader {
  String name();

  /** Languages whose files exist under the data root. */
  List<String> availableLanguages(SourceFiles files);

  /** All problems of one language, in file order; malformed input throws {@code UserException}. */
  List<ProblemRecord> read(SourceFiles files, String lang);

  /** False for generated benchmarks, which run without {@code polyreason.data-root}. */
  default boolean needsFiles() {
    return true;
  }

  /** True when every language of the benchmark must carry the same answer for a problem id. */
  default boolean answersAligned() {
    return true;
  }
}
