package org.polyreason.jobs.report;

import java.util.List;
import java.util.Map;

/**
 * The metric definitions shown in the report, copied from DESIGN.md ("Metrics"); keep them in sync.
 * "First step" and "Translation probe" are this project's diagnostics of the miniature (README).
 */
final class Definitions {
  private Definitions() {}

  static final List<Map.Entry<String, String>> ITEMS =
      List.of(
          Map.entry(
              "avg@k",
              "(pass@1 estimated from k samples) = mean over problems of c_i / k, where c_i is the number of "
                  + "correct samples of problem i."),
          Map.entry(
              "pass@k",
              "(unbiased, Chen et al. 2021) = mean over problems of 1 − C(n−c, k) / C(n, k), n samples per "
                  + "problem, for each k in a configured list with k ≤ n."),
          Map.entry(
              "maj@k",
              "correctness of the most frequent extracted answer among k samples (ties: smallest sample index)."),
          Map.entry(
              "Confidence intervals",
              "percentile bootstrap over problems (seeded, default 1000 resamples); problems "
                  + "are aligned across languages, so cross-language comparisons use paired resampling."),
          Map.entry(
              "Rates",
              "no_answer_rate, truncated_rate (finish_reason = length, or the reasoning block never closed), "
                  + "off_target_rate (share of samples whose reasoning is not in the expected language: the forced thinking "
                  + "language if any, else the question language), lang_consistent (thinking and answer both in the expected language); "
                  + "per sample, thinking_target_share (share of the reasoning's letters in the expected language or its script) and "
                  + "the consistency flags consistent_polymath (reasoning and answer detected separately, LaTeX stripped, very short "
                  + "text counts as consistent), consistent_xreasoning (the dominant language before </think> is the forced one) and "
                  + "consistent_strict (exactly one language, and it is the target)."),
          Map.entry(
              "First step",
              "where the reference is a worked answer (the synthetic benchmark: 50+7=57. #57), the "
                  + "response's first equation a op b=c is checked against the reference's first one: operands (the same "
                  + "two numbers, either order), operator (the same operation), arithmetic (its own result right for its "
                  + "own left side); an answer without an equation fails all three. The rates are shares of the "
                  + "language's samples; null for benchmarks without worked answers."),
          Map.entry(
              "Translation probe",
              "for every model the train job trains, on held-out test problems whose English question "
                  + "has an operation partner (the synthetic add / subtract templates): after the question in language L and "
                  + "<par>, whether log p(English statement) exceeds log p(foil), the foil being the same statement with its "
                  + "first number one higher (numbers) or with the other operation's wording (operation); share of items, "
                  + "chance 0.5, beyond chance when outside 0.5 ± 1.96·√(0.25 / items)."),
          Map.entry(
              "MTI — Multilingual Transferability Index",
              "for model M trained from base B on training languages T, "
                  + "evaluated on languages L, Δ(l) = Acc_M(l) − Acc_B(l); MTI = mean over l ∈ L∖T of Δ(l) ÷ mean over l ∈ T of Δ(l) "
                  + "— the share of the in-language gain that reaches unseen languages (1 = full transfer, 0 = none, < 0 = harm). "
                  + "relative mode uses Δ(l)/Acc_B(l). MTI is null, with the reason recorded, when |mean_T Δ| is below a configured "
                  + "minimum (default 0.02), or when per-problem data exist and the paired bootstrap CI of mean_T Δ contains 0. "
                  + "Per-language transfer ratio TR(l) = Δ(l) ÷ mean_T Δ. CI by paired bootstrap over problems."),
          Map.entry(
              "Gap change",
              "the English-minus-unseen accuracy gap of M minus that of B, "
                  + "(Acc_M(T) − Acc_M(L∖T)) − (Acc_B(T) − Acc_B(L∖T)), means over languages. Positive = the training widened the "
                  + "advantage of the training languages (over-reliance on them)."),
          Map.entry(
              "Parallel scaling law",
              "a series of models trained with N = 1 (English only), 2, …, K parallel languages. "
                  + "y(N) is a chosen metric (default: mean accuracy over languages that are in no training set of the series; also: "
                  + "MTI, all-language mean, each language). Fit y = a·N^b on the parallel points (N ≥ 2 by default) by non-linear "
                  + "least squares (Levenberg–Marquardt, started from a log–log OLS fit); optional saturating form y = c − a·N^(−b). "
                  + "Report parameters, their standard errors, bootstrap CIs (resampling problems), R², RMSE and leave-one-out "
                  + "prediction error. The CI band in the figures is the envelope of the law over the corners of the a × b CI box."),
          Map.entry(
              "First-Parallel Leap",
              "= y(2) − y(1), also as a ratio to the mean later step y(N+1) − y(N), N ≥ 2."),
          Map.entry(
              "Monolingual Generalization Gap",
              "= f(1) − y(1): the law's prediction for the English-only model minus "
                  + "its measured value (positive: the monolingual model falls short of the law)."));
}
