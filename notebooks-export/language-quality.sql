-- polyreason notebook: truncation and off-target reasoning by language.

-- name: truncation_by_language
-- Samples that ran out of tokens (finish_reason = length) or never closed their reasoning block
-- (verdict truncated), per model and language, with the mean output length.
-- columns: model, benchmark, lang, n_samples, truncated, truncated_rate, mean_completion_tokens
SELECT model, benchmark, lang, COUNT(*) AS n_samples,
       SUM(IF(verdict = 'truncated' OR finish_reason = 'length', 1, 0)) AS truncated,
       ROUND(AVG(IF(verdict = 'truncated' OR finish_reason = 'length', 1.0, 0.0)), 4) AS truncated_rate,
       ROUND(AVG(completion_tokens), 1) AS mean_completion_tokens
FROM (SELECT DISTINCT sample_key, model, benchmark, lang, verdict, finish_reason, completion_tokens FROM scores)
GROUP BY model, benchmark, lang
ORDER BY truncated_rate DESC, model, benchmark, lang

-- name: off_target_by_language
-- Reasoning not in the expected language (the forced thinking language, else the question language),
-- among samples whose reasoning language was detected: the definition of metrics.off_target_rate.
-- columns: model, benchmark, lang, expected_lang, n_samples, detected, off_target, off_target_rate
SELECT model, benchmark, lang, expected_lang, COUNT(*) AS n_samples, COUNT(thinking_lang) AS detected,
       SUM(IF(thinking_lang IS NOT NULL AND thinking_lang <> expected_lang, 1, 0)) AS off_target,
       ROUND(SUM(IF(thinking_lang IS NOT NULL AND thinking_lang <> expected_lang, 1, 0)) / COUNT(thinking_lang), 4)
         AS off_target_rate
FROM (SELECT DISTINCT sample_key, model, benchmark, lang, coalesce(think_lang, lang) AS expected_lang, thinking_lang
      FROM scores)
GROUP BY model, benchmark, lang, expected_lang
ORDER BY off_target_rate DESC, model, benchmark, lang

-- name: off_target_destinations
-- Where off-target reasoning goes: the detected reasoning languages of off-target samples.
-- columns: model, benchmark, lang, expected_lang, thinking_lang, n_samples
SELECT model, benchmark, lang, coalesce(think_lang, lang) AS expected_lang, thinking_lang,
       COUNT(DISTINCT sample_key) AS n_samples
FROM scores
WHERE thinking_lang IS NOT NULL AND thinking_lang <> coalesce(think_lang, lang)
GROUP BY model, benchmark, lang, coalesce(think_lang, lang), thinking_lang
ORDER BY model, benchmark, lang, n_samples DESC, thinking_lang

-- name: rates_from_metrics
-- The aggregated rates as the aggregate job computed them.
-- columns: model, benchmark, lang, think_lang, truncated_rate, off_target_rate, no_answer_rate, mean_completion_tokens
SELECT model, benchmark, lang, think_lang, ROUND(truncated_rate, 4) AS truncated_rate,
       ROUND(off_target_rate, 4) AS off_target_rate, ROUND(no_answer_rate, 4) AS no_answer_rate,
       ROUND(mean_completion_tokens, 1) AS mean_completion_tokens
FROM metrics
WHERE source = 'scores' AND lang <> 'ALL'
ORDER BY benchmark, model, think_lang, lang
