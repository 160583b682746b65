package org.polyreason.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts a job reports (e.g. {@code input_rows}, {@code output_rows}); stored in the runs table.
 */
public final class JobResult {
  private final Map<String, Long> counts = new LinkedHashMap<>();

  public JobResult count(String name, long value) {
    counts.put(name, value);
    return this;
  }

  public Map<String, Long> counts() {
    return Map.copyOf(counts);
  }

  @Override
  public String toString() {
    return counts.toString();
  }
}
