-- polyreason notebook: run history from the runs table (one row per job run, success or failure).

-- name: run_history
-- Every run, newest first, with its duration and counts.
-- columns: run_id, job, status, started_at, finished_at, duration_s, code_version, counts, error
SELECT run_id, job, status, started_at, finished_at,
       ROUND(unix_timestamp(finished_at) - unix_timestamp(started_at), 0) AS duration_s, code_version,
       to_json(counts) AS counts, error
FROM runs
ORDER BY started_at DESC, run_id

-- name: failed_runs
-- Runs that did not succeed: bad-input (exit code 2) or failed (exit code 1), with the error.
-- columns: run_id, job, status, finished_at, error
SELECT run_id, job, status, finished_at, error
FROM runs
WHERE status <> 'success'
ORDER BY finished_at DESC, run_id

-- name: latest_success_per_job
-- The last successful run of each job and the hash of its configuration (equal hash = equal config).
-- columns: job, run_id, finished_at, config_hash, code_version
SELECT job, run_id, finished_at, config_hash, code_version
FROM (SELECT *, row_number() OVER (PARTITION BY job ORDER BY finished_at DESC, run_id DESC) AS rn
      FROM runs WHERE status = 'success')
WHERE rn = 1
ORDER BY job
