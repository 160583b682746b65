package org.polyreason.jobs.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.polyreason.inference.ChatTemplate;

/**
 * Pure construction of the two training mixtures from aligned problems (no Spark, no IO).
 *
 * <p>Pretraining sees no solved problem: statements in each language, parallel pairs {@code Q_L1
 * <par> Q_L2} (the same problem in two languages) and bare equations (the worked answer without its
 * {@code #answer}), loss on every token. Post-training sees {@code prompt + worked answer + </s>}
 * with the loss on the answer only; the prompt is exactly what {@code generate} builds with the
 * {@code plain} template and {@code user-template = "{question}"}.
 */
public final class TrainingData {
  private TrainingData() {}

  /** One row of a training set: a problem in one language with its worked answer. */
  public record Row(String problemId, String lang, String question, String worked)
      implements Serializable {}

  /** One problem in every language it has. */
  public record Problem(String id, Map<String, String> questions, String worked)
      implements Serializable {}

  /** A training sequence; targets at positions {@code >= lossFrom} count in the loss. */
  public record Doc(int[] ids, int lossFrom) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Doc d && d.lossFrom == lossFrom && Arrays.equals(d.ids, ids);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(ids) + lossFrom;
    }

    /** Tokens whose prediction counts in the loss. */
    public int lossTokens() {
      return Math.max(0, ids.length - Math.max(1, lossFrom));
    }
  }

  /** Groups rows by problem id (sorted by id, so the result does not depend on row order). */
  public static List<Problem> align(List<Row> rows) {
    Map<String, Map<String, String>> questions = new TreeMap<>();
    Map<String, String> worked = new LinkedHashMap<>();
    for (Row r : rows) {
      questions.computeIfAbsent(r.problemId(), k -> new TreeMap<>()).put(r.lang(), r.question());
      worked.putIfAbsent(r.problemId(), r.worked());
    }
    List<Problem> out = new ArrayList<>();
    questions.forEach((id, q) -> out.add(new Problem(id, Map.copyOf(q), worked.get(id))));
    return out;
  }

  /** The generation prompt of a question (plain template, no system message, not forced). */
  public static String prompt(String question) {
    return ChatTemplate.PLAIN.render(null, question, null);
  }

  /** {@code 50+7=57. #57} → {@code 50+7=57.} */
  static String equations(String worked) {
    int hash = worked.lastIndexOf(" #");
    return hash < 0 ? worked : worked.substring(0, hash);
  }

  /**
   * The pretraining pool: every statement in every language, one parallel pair per problem and
   * language (the partner language drawn from {@code seed}), and every problem's bare equations.
   */
  public static List<Doc> pretraining(
      List<Problem> problems, List<String> langs, CharVocab vocab, int context, long seed) {
    Random random = new Random(seed);
    int eos = vocab.id(CharVocab.EOS);
    List<Doc> docs = new ArrayList<>();
    for (Problem p : problems) {
      List<String> have = langs.stream().filter(p.questions()::containsKey).toList();
      for (String l : have) {
        docs.add(doc(vocab.encode(p.questions().get(l)), eos, 0, context));
        if (have.size() > 1) {
          String other = have.get(random.nextInt(have.size() - 1));
          other = other.equals(l) ? have.get(have.size() - 1) : other;
          docs.add(
              doc(
                  vocab.encode(p.questions().get(l) + CharVocab.PAR + p.questions().get(other)),
                  eos,
                  0,
                  context));
        }
      }
      docs.add(doc(vocab.encode(equations(p.worked())), eos, 0, context));
    }
    return docs;
  }

  /** One equation of a worked answer: {@code 54+24=78.} */
  private static final Pattern EQUATION = Pattern.compile("(\\d+)([+*-])(\\d+)=(-?\\d+)\\.");

  /** What the pool's equations of one operator span. */
  private static final class OperatorRange {
    int minA = Integer.MAX_VALUE;
    int maxA = Integer.MIN_VALUE;
    int minB = Integer.MAX_VALUE;
    int maxB = Integer.MIN_VALUE;
    int uses;
    boolean negativeResult;

    void add(int a, int b, int c) {
      minA = Math.min(minA, a);
      maxA = Math.max(maxA, a);
      minB = Math.min(minB, b);
      maxB = Math.max(maxB, b);
      uses++;
      negativeResult |= c < 0;
    }
  }

  /**
   * {@code count} arithmetic drills, {@code perDocument} to a document separated by spaces ({@code
   * 54+24=78. 7*8=56.}; the last document may hold fewer): bare equations with fresh operands, each
   * operator as often as in the pool's worked answers and its operands drawn uniformly from the
   * ranges seen there ({@code a >= b} for subtraction when the pool has no negative result). No
   * statement, so still no solved problem; they give a small model the arithmetic that 1 equation
   * per problem cannot. Empty when {@code count} is 0 or the pool's answers hold no equation.
   */
  public static List<Doc> drills(
      List<Problem> problems, int count, int perDocument, CharVocab vocab, int context, long seed) {
    if (count == 0) {
      return List.of();
    }
    Map<Character, OperatorRange> ranges = new TreeMap<>();
    for (Problem p : problems) {
      if (p.worked() == null) {
        continue;
      }
      Matcher m = EQUATION.matcher(p.worked());
      while (m.find()) {
        ranges
            .computeIfAbsent(m.group(2).charAt(0), k -> new OperatorRange())
            .add(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)));
      }
    }
    List<Doc> docs = new ArrayList<>(Math.max(0, count / Math.max(1, perDocument) + 1));
    int total = ranges.values().stream().mapToInt(r -> r.uses).sum();
    if (total == 0) {
      return docs;
    }
    Random random = new Random(seed ^ 0x5DEECE66DL);
    int eos = vocab.id(CharVocab.EOS);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      int pick = random.nextInt(total);
      char op = 0;
      OperatorRange r = null;
      for (Map.Entry<Character, OperatorRange> e : ranges.entrySet()) {
        pick -= e.getValue().uses;
        if (pick < 0) {
          op = e.getKey();
          r = e.getValue();
          break;
        }
      }
      int a = r.minA + random.nextInt(r.maxA - r.minA + 1);
      int b = r.minB + random.nextInt(r.maxB - r.minB + 1);
      if (op == '-' && !r.negativeResult && a < b) {
        int t = a;
        a = b;
        b = t;
      }
      int c = op == '+' ? a + b : op == '-' ? a - b : a * b;
      text.append(text.isEmpty() ? "" : " ").append(a).append(op).append(b).append('=').append(c);
      text.append('.');
      if ((i + 1) % perDocument == 0 || i + 1 == count) {
        docs.add(doc(vocab.encode(text.toString()), eos, 0, context));
        text.setLength(0);
      }
    }
    return docs;
  }

  /**
   * The documents of the drill phase: the drills and, when {@code replay > 0}, a seeded sample of
   * the mixture's other documents making up that fraction of the phase's pool (without repeats, at
   * most all of them), so that the drill phase does not train on drills alone.
   */
  public static List<Doc> drillPhase(
      List<Doc> drills, List<Doc> mixture, double replay, long seed) {
    if (replay <= 0 || drills.isEmpty() || mixture.isEmpty()) {
      return drills;
    }
    int want = (int) Math.min(mixture.size(), Math.round(drills.size() * replay / (1 - replay)));
    List<Doc> sample = new ArrayList<>(mixture);
    Collections.shuffle(sample, new Random(seed ^ 0x2545F4914F6CDD1DL));
    List<Doc> out = new ArrayList<>(drills.size() + want);
    out.addAll(drills);
    out.addAll(sample.subList(0, want));
    return out;
  }

  /**
   * The post-training documents of one {@code parallel-data} set (its fixed budget: M / N problems,
   * each in N languages): {@code prompt + worked answer + </s>}, the loss on the answer, in the
   * set's order (the seed of a model orders its batches, not its data).
   */
  public static List<Doc> postTraining(List<Row> set, CharVocab vocab, int context) {
    int eos = vocab.id(CharVocab.EOS);
    List<Doc> docs = new ArrayList<>(set.size());
    for (Row r : set) {
      int[] prompt = vocab.encode(prompt(r.question()));
      int[] answer = vocab.encode(r.worked());
      int[] ids = Arrays.copyOf(prompt, prompt.length + answer.length);
      System.arraycopy(answer, 0, ids, prompt.length, answer.length);
      docs.add(doc(ids, eos, prompt.length, context));
    }
    return docs;
  }

  /** The languages of a set's rows, in order of first appearance. */
  public static List<String> languages(List<Row> set) {
    return set.stream().map(Row::lang).distinct().toList();
  }

  private static Doc doc(int[] ids, int eos, int lossFrom, int context) {
    int[] withEos = Arrays.copyOf(ids, ids.length + 1);
    withEos[ids.length] = eos;
    // a sequence of context + 1 tokens gives context inputs and context targets
    int[] cut = withEos.length > context + 1 ? Arrays.copyOf(withEos, context + 1) : withEos;
    return new Doc(cut, lossFrom);
  }

  /** Docs sorted by length (stable), for length-bucketed batches. */
  static List<Doc> byLength(List<Doc> docs) {
    List<Doc> sorted = new ArrayList<>(docs);
    sorted.sort(Comparator.comparingInt(d -> d.ids().length));
    return sorted;
  }
}
