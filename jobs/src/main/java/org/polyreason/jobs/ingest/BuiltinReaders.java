package org.polyreason.jobs.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.polyreason.common.Languages;
import org.polyreason.common.UserException;

/** Readers for the benchmarks shipped in the ../shared/data/benchmarks layout. */
final class BuiltinReaders {
  private BuiltinReaders() {}

  static List<BenchmarkReader> all() {
    return List.of(new Mgsm(), new Msvamp(), new Mmath(), new Polymath(), new Xreasoning());
  }

  /** Languages whose file name matches {@code pattern} (group 1 = code) in {@code dir}. */
  static List<String> codesIn(SourceFiles files, String dir, Pattern pattern) {
    List<String> codes = new ArrayList<>();
    for (String name : files.list(dir)) {
      Matcher m = pattern.matcher(name);
      if (m.matches() && Languages.isKnown(m.group(1))) {
        codes.add(m.group(1));
      }
    }
    return codes;
  }

  /** MGSM: {@code mgsm/mgsm_<lang>.tsv}, question TAB answer, no header, no quote handling. */
  static final class Mgsm implements BenchmarkReader {
    public String name() {
      return "mgsm";
    }

    public List<String> availableLanguages(SourceFiles files) {
      return codesIn(files, "mgsm", Pattern.compile("mgsm_([a-z]{2})\\.tsv"));
    }

    public List<ProblemRecord> read(SourceFiles files, String lang) {
      String file = "mgsm/mgsm_" + lang + ".tsv";
      List<ProblemRecord> out = new ArrayList<>();
      Records.lines(
          files,
          file,
          name(),
          (n, line) -> {
            String[] cols = line.split("\t", -1);
            if (cols.length != 2) {
              throw new UserException(
                  "Cannot read benchmark mgsm: "
                      + file
                      + " line "
                      + n
                      + " has "
                      + cols.length
                      + (cols.length == 1 ? " column" : " columns")
                      + ", expected 2 (question<TAB>answer)");
            }
            out.add(
                Records.problem(
                    name(),
                    String.valueOf(out.size()),
                    lang,
                    cols[0],
                    cols[1].strip(),
                    null,
                    null,
                    file,
                    n));
          });
      return out;
    }
  }

  /** MSVAMP: {@code msvamp/test_<Language>.json}, JSON Lines; fields m_query and response. */
  static final class Msvamp implements BenchmarkReader {
    public String name() {
      return "msvamp";
    }

    public List<String> availableLanguages(SourceFiles files) {
      List<String> codes = new ArrayList<>();
      Pattern p = Pattern.compile("test_([A-Za-z]+)\\.json");
      for (String f : files.list("msvamp")) {
        Matcher m = p.matcher(f);
        if (m.matches()) {
          Languages.fromName(m.group(1)).ifPresent(codes::add);
        }
      }
      return codes;
    }

    public List<ProblemRecord> read(SourceFiles files, String lang) {
      String file = "msvamp/test_" + Languages.name(lang) + ".json";
      List<ProblemRecord> out = new ArrayList<>();
      Records.jsonLines(
          files,
          file,
          name(),
          (n, node) ->
              out.add(
                  Records.problem(
                      name(),
                      String.valueOf(out.size()),
                      lang,
                      Records.field(node, "m_query", name(), file, n),
                      Records.field(node, "response", name(), file, n),
                      null,
                      null,
                      file,
                      n)));
      return out;
    }
  }

  /**
   * MMATH: {@code mmath/<lang>.json}, one JSON array; gid aligns languages, data_source is the
   * subset.
   */
  static final class Mmath implements BenchmarkReader {
    public String name() {
      return "mmath";
    }

    public List<String> availableLanguages(SourceFiles files) {
      return codesIn(files, "mmath", Pattern.compile("([a-z]{2})\\.json"));
    }

    public List<ProblemRecord> read(SourceFiles files, String lang) {
      String file = "mmath/" + lang + ".json";
      List<ProblemRecord> out = new ArrayList<>();
      Records.jsonArray(
          files,
          file,
          name(),
          (n, node) ->
              out.add(
                  Records.problem(
                      name(),
                      Records.field(node, "gid", name(), file, n),
                      lang,
                      Records.field(node, "question", name(), file, n),
                      Records.field(node, "answer", name(), file, n),
                      Records.field(node, "data_source", name(), file, n),
                      null,
                      file,
                      n)));
      return out;
    }
  }

  /**
   * PolyMath: {@code polymath/<lang>/<level>.jsonl}; id {@code <level>-<lang>-<n>} becomes {@code
   * <level>-<n>}.
   */
  static final class Polymath implements BenchmarkReader {
    static final List<String> LEVELS = List.of("low", "medium", "high", "top");

    public String name() {
      return "polymath";
    }

    public List<String> availableLanguages(SourceFiles files) {
      List<String> codes = new ArrayList<>();
      for (String d : files.list("polymath")) {
        if (Languages.isKnown(d) && files.exists("polymath/" + d + "/low.jsonl")) {
          codes.add(d);
        }
      }
      return codes;
    }

    public List<ProblemRecord> read(SourceFiles files, String lang) {
      List<ProblemRecord> out = new ArrayList<>();
      for (String level : LEVELS) {
        String file = "polymath/" + lang + "/" + level + ".jsonl";
        Records.jsonLines(
            files,
            file,
            name(),
            (n, node) -> {
              String id = Records.field(node, "id", name(), file, n);
              String prefix = level + "-" + lang + "-";
              if (!id.startsWith(prefix)) {
                throw new UserException(
                    "Cannot read benchmark polymath: "
                        + file
                        + " line "
                        + n
                        + " has id "
                        + id
                        + ", expected "
                        + prefix
                        + "<n>");
              }
              out.add(
                  Records.problem(
                      name(),
                      level + "-" + id.substring(prefix.length()),
                      lang,
                      Records.field(node, "question", name(), file, n),
                      Records.field(node, "answer", name(), file, n),
                      level,
                      level,
                      file,
                      n));
            });
      }
      return out;
    }
  }

  /**
   * XReasoning AIME: {@code xreasoning/aime2024|aime2025/<lang>.jsonl}; fields id, problem, answer.
   */
  static final class Xreasoning implements BenchmarkReader {
    static final List<String> SUBSETS = List.of("aime2024", "aime2025");

    public String name() {
      return "xreasoning";
    }

    public List<String> availableLanguages(SourceFiles files) {
      return codesIn(files, "xreasoning/aime2024", Pattern.compile("([a-z]{2})\\.jsonl"));
    }

    public List<ProblemRecord> read(SourceFiles files, String lang) {
      List<ProblemRecord> out = new ArrayList<>();
      for (String subset : SUBSETS) {
        String file = "xreasoning/" + subset + "/" + lang + ".jsonl";
        Records.jsonLines(
            files,
            file,
            name(),
            (n, node) ->
                out.add(
                    Records.problem(
                        name(),
                        subset + "-" + Records.field(node, "id", name(), file, n),
                        lang,
                        Records.field(node, "problem", name(), file, n),
                        Records.field(node, "answer", name(), file, n),
                        subset,
                        null,
                        file,
                        n)));
      }
      return out;
    }
  }
}
