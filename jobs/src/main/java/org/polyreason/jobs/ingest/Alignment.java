package org.polyreason.jobs.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cross-language alignment of one benchmark: every language must hold the same problem ids, and the
 * same normalised answer where the benchmark guarantees it. Reference = the first language (English
 * when present). Pure: returns the mismatches as messages with file:line.
 */
final class Alignment {
  private Alignment() {}

  static List<String> check(
      String benchmark, Map<String, List<ProblemRecord>> byLang, boolean answers) {
    List<String> problems = new ArrayList<>();
    if (byLang.size() < 2) {
      return problems;
    }
    String refLang = byLang.containsKey("en") ? "en" : byLang.keySet().iterator().next();
    Map<String, ProblemRecord> ref = index(byLang.get(refLang), benchmark, problems);
    for (Map.Entry<String, List<ProblemRecord>> e : byLang.entrySet()) {
      if (e.getKey().equals(refLang)) {
        continue;
      }
      Map<String, ProblemRecord> other = index(e.getValue(), benchmark, problems);
      for (ProblemRecord r : other.values()) {
        ProblemRecord twin = ref.get(r.problemId());
        if (twin == null) {
          problems.add(
              benchmark
                  + " "
                  + r.location()
                  + ": problem "
                  + r.problemId()
                  + " has no "
                  + refLang
                  + " twin");
        } else if (answers && !twin.answer().equals(r.answer())) {
          problems.add(
              benchmark
                  + " "
                  + r.location()
                  + ": problem "
                  + r.problemId()
                  + " answer "
                  + r.rawAnswer()
                  + " differs from "
                  + refLang
                  + " answer "
                  + twin.rawAnswer()
                  + " at "
                  + twin.location());
        }
      }
      for (ProblemRecord r : ref.values()) {
        if (!other.containsKey(r.problemId())) {
          problems.add(
              benchmark
                  + " "
                  + r.location()
                  + ": problem "
                  + r.problemId()
                  + " is missing in "
                  + e.getKey()
                  + " ("
                  + e.getValue().size()
                  + " problems)");
        }
      }
    }
    return problems;
  }

  private static Map<String, ProblemRecord> index(
      List<ProblemRecord> records, String benchmark, List<String> problems) {
    Map<String, ProblemRecord> map = new LinkedHashMap<>();
    for (ProblemRecord r : records) {
      ProblemRecord prev = map.putIfAbsent(r.problemId(), r);
      if (prev != null) {
        problems.add(
            benchmark
                + " "
                + r.location()
                + ": duplicate problem id "
                + r.problemId()
                + " (first at "
                + prev.location()
                + ")");
      }
    }
    return map;
  }
}
