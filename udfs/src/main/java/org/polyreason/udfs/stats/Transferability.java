package org.polyreason.udfs.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * MTI — Multilingual Transferability Index, from per-language accuracies (DESIGN.md, "Metrics").
 *
 * <p>For model M trained from base B on training languages T, evaluated on languages L: Δ(l) =
 * Acc_M(l) − Acc_B(l) ({@link Mode#ABSOLUTE}) or Δ(l) = (Acc_M(l) − Acc_B(l)) / Acc_B(l) ({@link
 * Mode#RELATIVE}; undefined when Acc_B(l) = 0, so l is excluded with a reason); <b>MTI = mean over
 * l ∈ L∖T of Δ(l) ÷ mean over l ∈ T of Δ(l)</b>. MTI is null, with the reason recorded, when
 * |mean_T Δ| &lt; the minimum denominator (default 0.02), when no training or no unseen language
 * has data, or (per-problem variant, {@link TransferabilityBootstrap}) when the paired bootstrap CI
 * of mean_T Δ contains 0. Transfer ratio TR(l) = Δ(l) ÷ mean_T Δ for every l with a gain; null when
 * the denominator is missing or below the minimum. Gap change = (Acc_M(T) − Acc_M(L∖T)) − (Acc_B(T)
 * − Acc_B(L∖T)), means of accuracies over languages; defined whenever both sets have a language
 * with both accuracies.
 *
 * <p>T is intersected with L: a training language that was not evaluated is excluded with a reason.
 */
public final class Transferability {

  /** Default minimum |mean_T Δ| below which MTI is null. */
  public static final double DEFAULT_MIN_DENOMINATOR = 0.02;

  /** How Δ(l) is formed. */
  public enum Mode {
    ABSOLUTE,
    RELATIVE;

    /** Parses {@code absolute} / {@code relative} (any case). */
    public static Mode parse(String text) {
      return switch (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)) {
        case "absolute" -> ABSOLUTE;
        case "relative" -> RELATIVE;
        default ->
            throw new IllegalArgumentException(
                "Unknown transfer mode '" + text + "', expected absolute or relative");
      };
    }
  }

  /**
   * MTI with its parts. {@code gain} and {@code excluded} (language → why it has no gain) are
   * sorted by language; {@code transferRatio} is null exactly when the in-language gain cannot be a
   * denominator.
   */
  public record Result(
      Double mti,
      String nullReason,
      Double meanGainTrain,
      Double meanGainUnseen,
      Map<String, Double> gain,
      Map<String, Double> transferRatio,
      Double gapChange,
      Map<String, String> excluded) {

    /** A copy with MTI and the transfer ratios nulled for the given reason. */
    public Result withNullMti(String reason) {
      return new Result(
          null, reason, meanGainTrain, meanGainUnseen, gain, null, gapChange, excluded);
    }
  }

  private Transferability() {}

  /** Absolute mode, minimum denominator 0.02. */
  public static Result compute(
      Map<String, Double> accModel,
      Map<String, Double> accBase,
      Set<String> train,
      Set<String> evaluated) {
    return compute(accModel, accBase, train, evaluated, Mode.ABSOLUTE, DEFAULT_MIN_DENOMINATOR);
  }

  /**
   * MTI from per-language accuracies in [0, 1] (maps language → accuracy; missing/null = no data).
   */
  public static Result compute(
      Map<String, Double> accModel,
      Map<String, Double> accBase,
      Set<String> train,
      Set<String> evaluated,
      Mode mode,
      double minDenominator) {
    if (accModel == null || accBase == null || train == null || evaluated == null || mode == null) {
      throw new IllegalArgumentException(
          "MTI needs model and base accuracies, training and evaluated "
              + "languages, and a mode; got a null");
    }
    if (!(minDenominator >= 0.0)) {
      throw new IllegalArgumentException(
          "MTI minimum denominator must be >= 0, got " + minDenominator);
    }
    Map<String, String> excluded = new TreeMap<>();
    Map<String, Double> gain = new TreeMap<>();
    List<Double> accMTrain = new ArrayList<>();
    List<Double> accBTrain = new ArrayList<>();
    List<Double> accMUnseen = new ArrayList<>();
    List<Double> accBUnseen = new ArrayList<>();
    for (String lang : new TreeSet<>(train)) {
      if (!evaluated.contains(lang)) {
        excluded.put(lang, "training language not evaluated");
      }
    }
    for (String lang : new TreeSet<>(evaluated)) {
      Double m = checkedAccuracy(accModel, lang, "model");
      Double b = checkedAccuracy(accBase, lang, "base");
      if (m == null || b == null) {
        excluded.put(lang, m == null ? "no accuracy for the model" : "no accuracy for the base");
        continue;
      }
      boolean inTrain = train.contains(lang);
      (inTrain ? accMTrain : accMUnseen).add(m);
      (inTrain ? accBTrain : accBUnseen).add(b);
      if (mode == Mode.RELATIVE && b == 0.0) {
        excluded.put(lang, "relative gain undefined: base accuracy is 0");
      } else {
        gain.put(lang, mode == Mode.ABSOLUTE ? m - b : (m - b) / b);
      }
    }
    Double meanT = meanOf(gain, train, true);
    Double meanU = meanOf(gain, train, false);
    Double gapChange =
        accMTrain.isEmpty() || accMUnseen.isEmpty()
            ? null
            : (mean(accMTrain) - mean(accMUnseen)) - (mean(accBTrain) - mean(accBUnseen));

    String reason = null;
    if (meanT == null) {
      reason = "no training language with a gain";
    } else if (Math.abs(meanT) < minDenominator) {
      reason =
          "in-language gain |mean_T Δ| = "
              + format(Math.abs(meanT))
              + " < min "
              + format(minDenominator);
    }
    Map<String, Double> ratio = null;
    if (reason == null) {
      ratio = new TreeMap<>();
      for (var e : gain.entrySet()) {
        ratio.put(e.getKey(), e.getValue() / meanT);
      }
      if (meanU == null) {
        reason = "no unseen languages";
      }
    }
    Double mti = reason == null ? meanU / meanT : null;
    return new Result(mti, reason, meanT, meanU, gain, ratio, gapChange, excluded);
  }

  /**
   * Human-readable number for null reasons: 4 significant digits, no exponent, no trailing zeros.
   */
  static String format(double x) {
    return new BigDecimal(x).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  private static Double checkedAccuracy(Map<String, Double> acc, String lang, String who) {
    Double a = acc.get(lang);
    if (a != null && !(a >= 0.0 && a <= 1.0)) {
      throw new IllegalArgumentException(
          "Accuracy of the " + who + " on " + lang + " is " + a + ", expected a value in [0, 1]");
    }
    return a;
  }

  private static Double meanOf(Map<String, Double> gain, Set<String> train, boolean inTrain) {
    List<Double> values = new ArrayList<>();
    gain.forEach(
        (lang, g) -> {
          if (train.contains(lang) == inTrain) {
            values.add(g);
          }
        });
    return values.isEmpty() ? null : mean(values);
  }

  private static double mean(List<Double> values) {
    double sum = 0.0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.size();
  }
}
