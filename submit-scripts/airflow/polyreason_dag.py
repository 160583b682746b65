"""Airflow 2.x DAG: the polyreason pipeline, one task per stage.

    ingest ──> import ───┐
       └─────> generate ─┴─> score ─> aggregate ─> transfer ─> scaling-law ─> report

Each stage runs in one of two ways, chosen per run by the `submit` parameter:
  * `launcher` (default): the checkout's launcher (`submit-scripts/polyreason`) on the Airflow worker,
    with `conf/<env>.spark.properties`; `params.home` is the checkout (with a built jar).
  * `spark-submit`: the Apache Spark provider's SparkSubmitOperator with the application jar alone
    (`params.jar`, a path or URI), the Airflow connection SPARK_CONN_ID (master, and deploy mode in its
    extras, e.g. {"deploy-mode": "cluster"}) and the properties file SPARK_PROPERTIES. Needs
    `apache-airflow-providers-apache-spark` and a `spark-submit` on the worker; nothing of the checkout.
Both variants pass the same application arguments, built by `app_args` from the one stage list below.

Trigger it with a study file (`airflow dags trigger polyreason --conf '{"study": "hdfs:///studies/s.conf"}'`):
a HOCON overlay of the `polyreason` configuration, given to every job as `--config-file` (a local path or a
Hadoop URI; in cluster deploy mode the driver reads it, so use a URI there), e.g.

    polyreason {
      warehouse = "hdfs:///polyreason/warehouse"
      ingest.benchmarks = [mgsm]
      models.qwen3-8b { path = "hdfs:///models/qwen3-8b-onnx", template = qwen }
      generate.models = [qwen3-8b]
    }

Every job reads exactly the same settings, and unknown keys fail the task in seconds (exit code 2).
Retries: exit code 1 (a failure, e.g. a lost executor) is worth a retry; exit code 2 (bad input) fails
again quickly. Every job replaces its output tables atomically and `generate` resumes from the samples
already stored, so a retried task repeats no finished work.
"""
import shlex
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models.param import Param
from airflow.operators.bash import BashOperator
from airflow.operators.python import BranchPythonOperator
from airflow.utils.task_group import TaskGroup

try:
    from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
except ImportError:  # the launcher variant works without the provider
    SparkSubmitOperator = None

# The stages in data-flow order: every job of the launcher except `study` (this DAG replaces it),
# `import-metrics` (published accuracy tables, loaded once by hand) and the training side (`train`,
# `parallel-data`, `reward`: run around a trainer, see the README's "Training with verl"). Checked by
# AirflowDagTest. Both variants' tasks are built from this list and UPSTREAM; nothing else names a stage.
STAGES = ["ingest", "import", "generate", "score", "aggregate", "transfer", "scaling-law", "report"]

# Each stage's upstream stages: those that write what it reads (the jobs' reads()/writes() in the
# code), less the edges implied through another upstream stage; AirflowDagTest checks this. `import`
# (external model outputs) and `generate` (DJL on GPU executors) both write `generations`, which `score`
# reads.
UPSTREAM = {
    "import": ["ingest"],
    "generate": ["ingest"],
    "score": ["import", "generate"],
    "aggregate": ["score"],
    "transfer": ["aggregate"],
    "scaling-law": ["transfer"],
    "report": ["scaling-law"],
}

MAIN_CLASS = "org.polyreason.cli.Main"
# The spark-submit variant: the Airflow connection to submit with, and the Spark properties of the
# environment (a copy of conf/gpu-cluster.spark.properties on the Airflow workers).
SPARK_CONN_ID = "polyreason_spark"
SPARK_PROPERTIES = "/opt/polyreason/conf/gpu-cluster.spark.properties"
SUBMIT_VARIANTS = ["launcher", "spark-submit"]


def task_id(stage):
    return stage.replace("-", "_")


def app_args(stage):
    """The application arguments of one stage, the same for both variants (Jinja-templated)."""
    return [stage, "--env", "{{ params.env }}", "--config-file", "{{ params.study }}"]


def launcher_command(stage):
    """The launcher variant's bash command."""
    args = " ".join(shlex.quote(a) for a in app_args(stage))
    return "{{ params.home }}/submit-scripts/polyreason " + args + " {{ params.extra_args }}"


def spark_submit_kwargs(stage):
    """The spark-submit variant's SparkSubmitOperator arguments (application, class, arguments)."""
    return {
        "application": "{{ params.jar }}",
        "java_class": MAIN_CLASS,
        "application_args": app_args(stage),
        "name": "polyreason-" + stage,
        "conn_id": SPARK_CONN_ID,
        "properties_file": SPARK_PROPERTIES,
    }


def first_task(variant):
    """The task the branch follows for a variant: its group's first stage."""
    return variant.replace("-", "_") + "." + task_id(STAGES[0])


def choose_variant(params, **_):
    variant = params["submit"]
    if variant == "spark-submit" and SparkSubmitOperator is None:
        raise ValueError("submit=spark-submit needs apache-airflow-providers-apache-spark")
    return first_task(variant)


with DAG(
    dag_id="polyreason",
    description="Cross-lingual reasoning transfer and the parallel scaling law (polyreason)",
    start_date=datetime(2026, 1, 1),
    schedule=None,  # triggered per study
    catchup=False,
    max_active_runs=1,  # runs of one warehouse must not overlap: each job swaps whole tables
    params={
        "submit": Param("launcher", enum=SUBMIT_VARIANTS, description="how each stage is submitted"),
        "env": Param("gpu-cluster", enum=["local", "standalone", "gpu-cluster"], description="--env"),
        "study": Param("/opt/polyreason/studies/study.conf", type="string",
                       description="study file (HOCON overlay; a path or a Hadoop URI)"),
        "home": Param("/opt/polyreason", type="string", description="launcher: checkout on the workers"),
        "extra_args": Param("", type="string", description="launcher: more arguments, e.g. --set k=v"),
        "jar": Param("/opt/polyreason/polyreason-jobs-app.jar", type="string",
                     description="spark-submit: the application jar (a path or URI)"),
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
    branch = BranchPythonOperator(task_id="choose_submit", python_callable=choose_variant)
    for variant in SUBMIT_VARIANTS:
        if variant == "spark-submit" and SparkSubmitOperator is None:
            continue
        with TaskGroup(group_id=variant.replace("-", "_")):
            if variant == "launcher":
                tasks = {
                    stage: BashOperator(
                        task_id=task_id(stage),
                        bash_command=launcher_command(stage),
                        # the launcher needs no Airflow-specific environment; keep PATH, JAVA, HOME
                        append_env=True,
                        env={"POLYREASON_SUBMIT_ARGS": "{{ var.value.get('polyreason_submit_args', '') }}"},
                    )
                    for stage in STAGES
                }
            else:
                tasks = {
                    stage: SparkSubmitOperator(task_id=task_id(stage), **spark_submit_kwargs(stage))
                    for stage in STAGES
                }
        branch >> tasks[STAGES[0]]
        for stage, upstream in UPSTREAM.items():
            for up in upstream:
                tasks[up] >> tasks[stage]
