-- polyreason notebook: problems solved in English but failed in another language.
-- A problem counts as solved in a language when at least half of its samples are correct (the rule of
-- the paired table).

-- name: solved_in_english_failed_elsewhere
-- Each (model, problem, language) where English is solved and the language is not, with the question.
-- columns: model, benchmark, lang, problem_id, en_accuracy, accuracy, question
WITH per_problem AS (
  SELECT model, benchmark, lang, problem_id, AVG(CAST(correct AS DOUBLE)) AS acc
  FROM (SELECT DISTINCT sample_key, model, benchmark, lang, problem_id, correct FROM scores)
  GROUP BY model, benchmark, lang, problem_id
)
SELECT o.model, o.benchmark, o.lang, o.problem_id, ROUND(e.acc, 4) AS en_accuracy, ROUND(o.acc, 4) AS accuracy,
       p.question
FROM per_problem e
JOIN per_problem o
  ON o.model = e.model AND o.benchmark = e.benchmark AND o.problem_id = e.problem_id AND o.lang <> 'en'
LEFT JOIN problems p ON p.benchmark = o.benchmark AND p.lang = o.lang AND p.problem_id = o.problem_id
WHERE e.lang = 'en' AND e.acc >= 0.5 AND o.acc < 0.5
ORDER BY o.model, o.benchmark, o.lang, o.problem_id

-- name: lost_in_translation_by_language
-- How many problems each language loses against English, from the paired table (McNemar exact p on
-- only_reference vs only_target).
-- columns: model, benchmark, think_lang, lang, n_problems, only_english, only_target, share_lost, mcnemar_p
SELECT model, benchmark, think_lang, lang, n_problems, only_reference AS only_english, only_target,
       ROUND(only_reference / n_problems, 4) AS share_lost, mcnemar_p
FROM paired
WHERE reference_lang = 'en'
ORDER BY benchmark, model, think_lang, share_lost DESC, lang

-- name: lost_problem_outputs
-- The wrong outputs behind those losses: gold answer, extracted answer and the start of the output.
-- columns: model, benchmark, lang, problem_id, sample_idx, gold, extracted_answer, verdict, text_head
SELECT s.model, s.benchmark, s.lang, s.problem_id, s.sample_idx, p.answer AS gold, s.extracted_answer, s.verdict,
       substr(g.text, 1, 300) AS text_head
FROM scores s
JOIN generations g ON g.sample_key = s.sample_key
LEFT JOIN problems p ON p.benchmark = s.benchmark AND p.lang = s.lang AND p.problem_id = s.problem_id
WHERE s.lang <> 'en' AND NOT s.correct
  AND EXISTS (SELECT 1 FROM scores e WHERE e.model = s.model AND e.benchmark = s.benchmark
              AND e.problem_id = s.problem_id AND e.lang = 'en' AND e.correct)
ORDER BY s.model, s.benchmark, s.lang, s.problem_id, s.sample_idx
LIMIT 200
