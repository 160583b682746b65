"""Airflow 2.x DAG: the polyreason pipeline, one task per stage, each a call of the launcher.

    ingest ──> import ───┐
       └─────> generate ─┴─> score ─> aggregate ─> transfer ─> scaling-law ─> report

Trigger it with a study file (`airflow dags trigger polyreason --conf '{"study": "/path/study.conf"}'`):
a HOCON file holding keys of the `polyreason` subtree *without* the `polyreason { }` wrapper, e.g.

    warehouse = "hdfs:///polyreason/warehouse"
    ingest.benchmarks = [mgsm]
    generate.models = [qwen3-8b]

Every task passes it to the launcher as `--set 'polyreason={include file("<study>")}'`, so each job
reads exactly the same settings and unknown keys fail the task in seconds (exit code 2).
Install: copy this file into the Airflow dags folder; `params.home` is the polyreason checkout (with a
built jar) on the workers. Retries: exit code 1 (a failure, e.g. a lost executor) is worth a retry; exit
code 2 (bad input) fails again quickly. Every job replaces its output tables atomically and `generate`
resumes from the samples already stored, so a retried task repeats no finished work.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models.param import Param
from airflow.operators.bash import BashOperator

# The stages in data-flow order: every job of the launcher except `study` (this DAG replaces it),
# `import-metrics` (published accuracy tables, loaded once by hand) and the training side
# (`parallel-data`, `reward`: run around a trainer, see the README's "Training with verl").
# Checked by AirflowDagTest.
STAGES = ["ingest", "import", "generate", "score", "aggregate", "transfer", "scaling-law", "report"]

# Each stage's upstream stages: what it reads was written by them. `import` (external model outputs) and
# `generate` (DJL on GPU executors) both write `generations`, which `score` reads.
UPSTREAM = {
    "import": ["ingest"],
    "generate": ["ingest"],
    "score": ["import", "generate"],
    "aggregate": ["score"],
    "transfer": ["aggregate"],
    "scaling-law": ["transfer"],
    "report": ["scaling-law"],
}

LAUNCH = (
    "{{ params.home }}/submit-scripts/polyreason %s --env {{ params.env }} "
    "--set 'polyreason={include file(\"{{ params.study }}\")}' {{ params.extra_args }}"
)

with DAG(
    dag_id="polyreason",
    description="Cross-lingual reasoning transfer and the parallel scaling law (polyreason)",
    start_date=datetime(2026, 1, 1),
    schedule=None,  # triggered per study
    catchup=False,
    max_active_runs=1,  # runs of one warehouse must not overlap: each job swaps whole tables
    params={
        "env": Param("gpu-cluster", enum=["local", "standalone", "gpu-cluster"], description="launcher --env"),
        "study": Param("/opt/polyreason/studies/study.conf", type="string", description="study file (HOCON)"),
        "home": Param("/opt/polyreason", type="string", description="polyreason checkout on the workers"),
        "extra_args": Param("", type="string", description="more launcher arguments, e.g. --set k=v"),
    },
    default_args={
        "owner": "polyreason",
        "retries": 2,
        "retry_delay": timedelta(minutes=5),
        "retry_exponential_backoff": True,
        "execution_timeout": timedelta(hours=12),
    },
    tags=["polyreason", "spark"],
) as dag:
    tasks = {
        stage: BashOperator(
            task_id=stage.replace("-", "_"),
            bash_command=LAUNCH % stage,
            # the launcher needs no Airflow-specific environment; keep the worker's PATH, JAVA, HOME
            append_env=True,
            env={"POLYREASON_SUBMIT_ARGS": "{{ var.value.get('polyreason_submit_args', '') }}"},
        )
        for stage in STAGES
    }
    for stage, upstream in UPSTREAM.items():
        for up in upstream:
            tasks[up] >> tasks[stage]
