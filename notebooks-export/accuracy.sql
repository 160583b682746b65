-- polyreason notebook: accuracy per language.
-- Run over the output tables registered as temp views named like the tables (problems, generations,
-- scores, metrics, paired, transfer, scaling_fits, runs). Each block: "-- name:", comments, "-- columns:"
-- (the result columns, checked by NotebooksTest), then one query.

-- name: accuracy_by_language
-- avg@k with its bootstrap CI per model, benchmark, language and forced reasoning language
-- (think_lang null = not forced). source = external marks published accuracies (import-metrics).
-- columns: model, benchmark, lang, think_lang, source, n_problems, k, avg_at_k, ci_low, ci_high
SELECT model, benchmark, lang, think_lang, source, n_problems, k,
       ROUND(avg_at_k, 4) AS avg_at_k, ROUND(ci_low, 4) AS ci_low, ROUND(ci_high, 4) AS ci_high
FROM metrics
WHERE lang <> 'ALL'
ORDER BY benchmark, model, think_lang, source, lang

-- name: accuracy_matrix
-- The same as a model x language matrix over the 11 MGSM languages (null where a model has no data);
-- all_langs is the ALL row (mean over the model's languages).
-- columns: model, benchmark, think_lang, source, en, es, ru, de, fr, bn, sw, th, ja, zh, te, all_langs
SELECT *
FROM (SELECT model, benchmark, coalesce(think_lang, '-') AS think_lang, source, lang, avg_at_k FROM metrics)
PIVOT (first(ROUND(avg_at_k, 3)) FOR lang IN ('en' AS en, 'es' AS es, 'ru' AS ru, 'de' AS de, 'fr' AS fr,
  'bn' AS bn, 'sw' AS sw, 'th' AS th, 'ja' AS ja, 'zh' AS zh, 'te' AS te, 'ALL' AS all_langs))
ORDER BY benchmark, model, think_lang, source

-- name: accuracy_from_scores
-- Accuracy recomputed from the per-sample scores (deduplicated by sample_key): the share of correct
-- samples. It equals avg@k when every problem has the same number of samples.
-- columns: model, benchmark, lang, n_problems, n_samples, accuracy
SELECT model, benchmark, lang, COUNT(DISTINCT problem_id) AS n_problems, COUNT(*) AS n_samples,
       ROUND(AVG(CAST(correct AS DOUBLE)), 4) AS accuracy
FROM (SELECT DISTINCT sample_key, model, benchmark, lang, problem_id, correct FROM scores)
GROUP BY model, benchmark, lang
ORDER BY model, benchmark, lang

-- name: first_step_by_language
-- Where wrong answers go wrong, for benchmarks with worked answers (the synthetic one): the shares of
-- answers whose first equation has the question's operands, its operator, and a right result for its
-- own left side. Empty when no benchmark has worked answers (MGSM and the others have none).
-- columns: model, benchmark, lang, accuracy, operands_rate, operator_rate, arithmetic_rate
SELECT model, benchmark, lang, ROUND(avg_at_k, 4) AS accuracy,
       ROUND(first_step_operands_rate, 4) AS operands_rate, ROUND(first_step_operator_rate, 4) AS operator_rate,
       ROUND(first_step_arithmetic_rate, 4) AS arithmetic_rate
FROM metrics
WHERE first_step_operator_rate IS NOT NULL AND think_lang IS NULL
ORDER BY benchmark, model, lang
