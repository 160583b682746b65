-- polyreason notebook: transfer gaps, MTI and the parallel scaling law.

-- name: transfer_summary
-- One row per (model, base, benchmark): MTI with its CI (null with the reason when the in-language gain
-- is too small or not significant), mean gains and the gap change.
-- columns: model, base_model, benchmark, train_langs, mti, mti_ci_low, mti_ci_high, mti_null_reason, mean_gain_train, mean_gain_unseen, gap_change, source
SELECT model, base_model, benchmark, array_join(train_langs, ',') AS train_langs, ROUND(mti, 4) AS mti,
       ROUND(mti_ci_low, 4) AS mti_ci_low, ROUND(mti_ci_high, 4) AS mti_ci_high, mti_null_reason,
       ROUND(mean_gain_train, 4) AS mean_gain_train, ROUND(mean_gain_unseen, 4) AS mean_gain_unseen,
       ROUND(gap_change, 4) AS gap_change, source
FROM transfer
ORDER BY benchmark, model, base_model

-- name: transfer_gain_by_language
-- Per-language gain over the base and transfer ratio TR(l) = gain / mean gain on the training languages.
-- columns: model, base_model, benchmark, lang, trained, gain, transfer_ratio
SELECT t.model, t.base_model, t.benchmark, g.lang, array_contains(t.train_langs, g.lang) AS trained,
       ROUND(g.gain, 4) AS gain, ROUND(t.transfer_ratio[g.lang], 4) AS transfer_ratio
FROM transfer t
LATERAL VIEW explode(t.gain) g AS lang, gain
ORDER BY t.benchmark, t.model, t.base_model, trained DESC, g.lang

-- name: gap_to_english
-- English accuracy minus each other language's, per model (same benchmark, reasoning mode and source).
-- columns: model, benchmark, think_lang, source, lang, en_accuracy, accuracy, gap_to_english
SELECT m.model, m.benchmark, m.think_lang, m.source, m.lang, ROUND(e.avg_at_k, 4) AS en_accuracy,
       ROUND(m.avg_at_k, 4) AS accuracy, ROUND(e.avg_at_k - m.avg_at_k, 4) AS gap_to_english
FROM metrics m
JOIN metrics e
  ON e.model = m.model AND e.benchmark = m.benchmark AND e.source = m.source AND e.lang = 'en'
 AND (e.think_lang <=> m.think_lang OR (e.think_lang = 'en' AND m.think_lang = m.lang))
WHERE m.lang NOT IN ('en', 'ALL')
ORDER BY m.benchmark, m.model, m.think_lang, gap_to_english DESC

-- name: scaling_fits_summary
-- The parallel scaling law per series: parameters with CIs, fit quality, First-Parallel Leap and the
-- Monolingual Generalization Gap (f(1) - y(1)).
-- columns: series, benchmark, metric, form, n_points, a, a_ci_low, a_ci_high, b, b_ci_low, b_ci_high, c, r2, rmse, loo_error, first_parallel_leap, leap_ratio, mgg
SELECT series, benchmark, metric, form, n_points, ROUND(a, 4) AS a, ROUND(a_ci_low, 4) AS a_ci_low,
       ROUND(a_ci_high, 4) AS a_ci_high, ROUND(b, 4) AS b, ROUND(b_ci_low, 4) AS b_ci_low,
       ROUND(b_ci_high, 4) AS b_ci_high, ROUND(c, 4) AS c, ROUND(r2, 4) AS r2, ROUND(rmse, 4) AS rmse,
       ROUND(loo_error, 4) AS loo_error, ROUND(first_parallel_leap, 4) AS first_parallel_leap,
       ROUND(leap_ratio, 4) AS leap_ratio, ROUND(mgg, 4) AS mgg
FROM scaling_fits
ORDER BY series, benchmark

-- name: scaling_points
-- The measured y(N) of each series beside the law's f(N); fitted = false for N below fit_from.
-- columns: series, n, model, y, y_fit, residual, fitted
SELECT f.series, p.n, p.model, ROUND(p.y, 4) AS y, ROUND(p.y_fit, 4) AS y_fit, ROUND(p.y - p.y_fit, 4) AS residual,
       p.fitted
FROM scaling_fits f
LATERAL VIEW explode(f.points) pts AS p
ORDER BY f.series, p.n
