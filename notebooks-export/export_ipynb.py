#!/usr/bin/env python3
"""Regenerates polyreason.ipynb from the .sql notebooks in this folder (NotebooksTest keeps them in sync).

Usage: python3 notebooks-export/export_ipynb.py   (no dependencies; writes nbformat 4 JSON)
"""
import json
import pathlib
import re

HERE = pathlib.Path(__file__).resolve().parent
TABLES = ["problems", "generations", "scores", "metrics", "paired", "transfer", "scaling_fits", "runs"]


def blocks(sql_file):
    """(name, comments, sql) for every '-- name:' block; blocks are separated by blank lines."""
    out = []
    for block in re.split(r"\n\s*\n", sql_file.read_text(encoding="utf-8")):
        lines = block.strip("\n").split("\n")
        if not lines[0].startswith("-- name:"):
            continue
        name = lines[0][len("-- name:"):].strip()
        comments = [l for l in lines[1:] if l.startswith("--")]
        sql = "\n".join(l for l in lines[1:] if not l.startswith("--")).strip()
        out.append((name, comments, sql))
    return out


def cell(kind, text):
    c = {"cell_type": kind, "metadata": {}, "source": text.splitlines(keepends=True)}
    if kind == "code":
        c["execution_count"] = None
        c["outputs"] = []
    return c


def main():
    cells = [
        cell("markdown", "# polyreason output tables with Spark SQL\n\n"
             "Exported from `notebooks-export/*.sql` by `export_ipynb.py`: the same queries, run with PySpark over the "
             "Parquet tables under `WAREHOUSE`. Tables that do not exist yet are skipped (their queries then fail "
             "with 'table or view not found').\n"),
        cell("code", "import os\nfrom pyspark.sql import SparkSession\n\n"
             "WAREHOUSE = os.environ.get(\"POLYREASON_WAREHOUSE\", \"warehouse\")  # the polyreason.warehouse of your runs\n"
             "spark = SparkSession.builder.appName(\"polyreason-notebook\").config(\"spark.sql.session.timeZone\", \"UTC\").getOrCreate()\n\n"
             f"for table in {TABLES!r}:\n"
             "    try:\n"
             "        spark.read.parquet(f\"{WAREHOUSE}/{table}\").createOrReplaceTempView(table)\n"
             "    except Exception as e:  # the table was not written yet\n"
             "        print(f\"{table}: not registered ({e.__class__.__name__})\")\n"),
    ]
    for sql_file in sorted(HERE.glob("*.sql")):
        header = [l[3:] if l.startswith("-- ") else l.lstrip("-") for l in
                  sql_file.read_text(encoding="utf-8").split("\n\n")[0].splitlines() if l.startswith("--")]
        cells.append(cell("markdown", f"## {sql_file.name}\n\n" + "\n".join(header) + "\n"))
        for name, comments, sql in blocks(sql_file):
            doc = "".join(f"#{c[2:]}\n" for c in comments if not c.startswith("-- columns:"))
            cells.append(cell("code", f"# name: {name}\n{doc}df = spark.sql(\"\"\"\n{sql}\n\"\"\")\n"
                              "df.show(50, truncate=False)\n"))
    nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                                       "language_info": {"name": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    for i, c in enumerate(nb["cells"]):
        c["id"] = f"cell-{i:03d}"
    (HERE / "polyreason.ipynb").write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
