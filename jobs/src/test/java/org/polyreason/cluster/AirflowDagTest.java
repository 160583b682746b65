package org.polyreason.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.polyreason.cli.JobRegistry;
import org.polyreason.core.Job;
import org.polyreason.core.Table;
import org.polyreason.testing.SharedData;

/**
 * Keeps submit-scripts/airflow/polyreason_dag.py in step with the launcher: it must be valid
 * Python, hold one task per stage (every job but {@code study}, {@code import-metrics} and the
 * training-side jobs), wire the data flow, and give both submit variants (launcher,
 * SparkSubmitOperator) the same application arguments. Airflow is not needed: python3's {@code ast}
 * module reads the DAG's literals and runs its argument builders.
 */
class AirflowDagTest {
  /** The stages of DESIGN.md's data flow, in order. */
  static final List<String> EXPECTED_STAGES =
      List.of(
          "ingest",
          "import",
          "generate",
          "score",
          "aggregate",
          "transfer",
          "scaling-law",
          "report");

  /** Jobs the DAG does not run as a stage. */
  static final Set<String> NOT_STAGES =
      Set.of("study", "import-metrics", "train", "parallel-data", "reward");

  /** Sample run parameters the tests render the task templates with. */
  static final Map<String, String> PARAMS =
      Map.of(
          "env",
          "gpu-cluster",
          "study",
          "hdfs:///studies/my study.conf",
          "home",
          "/opt/polyreason",
          "extra_args",
          "--set polyreason.generate.samples=4",
          "jar",
          "hdfs:///apps/polyreason-app.jar",
          "submit",
          "launcher");

  /**
   * Reads the DAG without Airflow: its literals, the calls it makes, and the task arguments of both
   * submit variants, from the module's own functions (run here with only the standard library; the
   * Airflow imports and the DAG body are left out) and rendered with {@link #PARAMS}.
   */
  static final String READER =
      """
      import ast, json, re, sys
      source = open(sys.argv[1], encoding='utf-8').read()
      tree = ast.parse(source, sys.argv[1])
      params = json.loads(sys.argv[2])
      values = {}
      pure = []
      for node in tree.body:
          if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
              try:
                  values[node.targets[0].id] = ast.literal_eval(node.value)
                  pure.append(node)
              except ValueError:
                  pass
          elif isinstance(node, ast.FunctionDef):
              pure.append(node)
          elif isinstance(node, ast.Import) and all(a.name in ('shlex',) for a in node.names):
              pure.append(node)
      ns = {}
      exec(compile(ast.Module(body=pure, type_ignores=[]), sys.argv[1], 'exec'), ns)
      def render(v):
          if isinstance(v, str):
              return re.sub(r'[{][{] *params[.]([a-z_]+) *[}][}]', lambda m: params[m.group(1)], v)
          if isinstance(v, list):
              return [render(x) for x in v]
          if isinstance(v, dict):
              return {k: render(x) for k, x in v.items()}
          return v
      calls = [n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
      print(json.dumps({
          'stages': values['STAGES'], 'upstream': values['UPSTREAM'],
          'operators': {op: calls.count(op) for op in ('BashOperator', 'SparkSubmitOperator', 'BranchPythonOperator')},
          'launcher': {s: render(ns['launcher_command'](s)) for s in values['STAGES']},
          'spark_submit': {s: render(ns['spark_submit_kwargs'](s)) for s in values['STAGES']},
          'first_task': {v: ns['first_task'](v) for v in values['SUBMIT_VARIANTS']},
      }))
      """;

  static List<String> stages;
  static Map<String, List<String>> upstream;
  static JsonObject dag;

  @BeforeAll
  static void readDag() throws IOException, InterruptedException {
    Path file = SharedData.repo().resolve("submit-scripts/airflow/polyreason_dag.py");
    dag = JsonParser.parseString(python(file)).getAsJsonObject();
    stages = new ArrayList<>();
    dag.getAsJsonArray("stages").forEach(e -> stages.add(e.getAsString()));
    upstream = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : dag.getAsJsonObject("upstream").entrySet()) {
      List<String> ups = new ArrayList<>();
      e.getValue().getAsJsonArray().forEach(u -> ups.add(u.getAsString()));
      upstream.put(e.getKey(), ups);
    }
  }

  static String python(Path dag) throws IOException, InterruptedException {
    Process p;
    try {
      p =
          new ProcessBuilder("python3", "-c", READER, dag.toString(), new Gson().toJson(PARAMS))
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      if (Boolean.getBoolean("polyreason.require-shared")) {
        throw new AssertionError(
            "python3 is needed to check the Airflow DAG and -Dpolyreason.require-shared=true", e);
      }
      assumeTrue(false, "python3 is absent; skipping the Airflow DAG check");
      throw e;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("python3 reading %s:\n%s", dag, out).isZero();
    return out.strip();
  }

  @Test
  void bothSubmitVariantsAreBuiltAndChosenByABranch() {
    JsonObject ops = dag.getAsJsonObject("operators");
    assertThat(ops.get("BashOperator").getAsInt()).as("BashOperator calls").isPositive();
    assertThat(ops.get("SparkSubmitOperator").getAsInt())
        .as("SparkSubmitOperator calls")
        .isPositive();
    assertThat(ops.get("BranchPythonOperator").getAsInt())
        .as("BranchPythonOperator calls")
        .isEqualTo(1);
    assertThat(dag.getAsJsonObject("first_task").get("launcher").getAsString())
        .isEqualTo("launcher.ingest");
    assertThat(dag.getAsJsonObject("first_task").get("spark-submit").getAsString())
        .isEqualTo("spark_submit.ingest");
  }

  @Test
  void launcherVariantRendersTheLauncherCommand() {
    assertThat(dag.getAsJsonObject("launcher").get("score").getAsString())
        .isEqualTo(
            "/opt/polyreason/submit-scripts/polyreason score --env 'gpu-cluster' --config-file"
                + " 'hdfs:///studies/my study.conf' --set polyreason.generate.samples=4");
    assertThat(dag.getAsJsonObject("launcher").get("scaling-law").getAsString())
        .startsWith("/opt/polyreason/submit-scripts/polyreason scaling-law --env ");
  }

  @Test
  void sparkSubmitVariantRendersJarClassAndTheSameApplicationArguments() {
    JsonObject generate = dag.getAsJsonObject("spark_submit").getAsJsonObject("generate");
    assertThat(generate.get("application").getAsString())
        .isEqualTo("hdfs:///apps/polyreason-app.jar");
    assertThat(generate.get("java_class").getAsString()).isEqualTo("org.polyreason.cli.Main");
    assertThat(generate.get("name").getAsString()).isEqualTo("polyreason-generate");
    assertThat(generate.get("properties_file").getAsString())
        .endsWith("/conf/gpu-cluster.spark.properties");
    assertThat(strings(generate.getAsJsonArray("application_args")))
        .containsExactly(
            "generate", "--env", "gpu-cluster", "--config-file", "hdfs:///studies/my study.conf");
    // Every stage: the same arguments in both variants (the launcher quotes them for bash and adds
    // the
    // launcher-only extra_args).
    for (String stage : stages) {
      List<String> args =
          strings(
              dag.getAsJsonObject("spark_submit")
                  .getAsJsonObject(stage)
                  .getAsJsonArray("application_args"));
      assertThat(args.get(0)).isEqualTo(stage);
      assertThat(dag.getAsJsonObject("launcher").get(stage).getAsString().replace("'", ""))
          .isEqualTo(
              "/opt/polyreason/submit-scripts/polyreason "
                  + String.join(" ", args)
                  + " --set polyreason.generate.samples=4");
    }
  }

  private static List<String> strings(com.google.gson.JsonArray array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.getAsString()));
    return out;
  }

  @Test
  void stagesAreTheDataFlowInOrder() {
    assertThat(stages).containsExactlyElementsOf(EXPECTED_STAGES);
  }

  @Test
  void everyRegisteredJobButStudyAndImportMetricsIsAStage() {
    // Jobs still being built on other branches are not registered yet; whatever is registered must
    // be
    // in the DAG, and a job that lands later must keep the name the DAG already uses.
    Set<String> registered = JobRegistry.all().keySet();
    for (String job : registered) {
      if (!NOT_STAGES.contains(job)) {
        assertThat(stages).as("job %s of JobRegistry", job).contains(job);
      }
    }
    assertThat(stages).doesNotContainAnyElementsOf(NOT_STAGES);
    List<String> registeredStages = stages.stream().filter(registered::contains).toList();
    List<String> registryOrder = registered.stream().filter(stages::contains).toList();
    assertThat(registeredStages)
        .as("stages in JobRegistry's data-flow order")
        .isEqualTo(registryOrder);
  }

  @Test
  void dependenciesFollowTheDataFlow() {
    assertThat(upstream.get("score")).containsExactlyInAnyOrder("import", "generate");
    assertThat(upstream.get("import")).containsExactly("ingest");
    assertThat(upstream.get("generate")).containsExactly("ingest");
    assertThat(upstream).doesNotContainKey("ingest");
    // Every stage but ingest has an upstream, and each upstream comes earlier in STAGES (so no
    // cycles).
    Set<String> seen = new HashSet<>();
    for (String stage : stages) {
      if (!stage.equals("ingest")) {
        assertThat(upstream.get(stage)).as("upstream of %s", stage).isNotEmpty();
        assertThat(seen).as("upstream of %s comes earlier", stage).containsAll(upstream.get(stage));
      }
      seen.add(stage);
    }
    assertThat(stages).containsAll(upstream.keySet());
  }

  @Test
  void dependenciesAreTheDeclaredJobGraphWithoutShortcuts() {
    // A stage depends on the stages that write what it reads (and does not write itself), less the
    // ones another of its upstream stages already depends on: the DAG draws no redundant edge.
    Map<String, Set<String>> direct = new LinkedHashMap<>();
    for (String stage : stages) {
      Job<?> job = JobRegistry.find(stage).orElseThrow();
      Set<String> ups = new TreeSet<>();
      for (Table input : job.reads()) {
        for (String other : stages) {
          if (!job.writes().contains(input)
              && JobRegistry.find(other).orElseThrow().writes().contains(input)) {
            ups.add(other);
          }
        }
      }
      direct.put(stage, ups);
    }
    for (String stage : stages) {
      Set<String> reduced = new TreeSet<>(direct.get(stage));
      for (String up : direct.get(stage)) {
        reduced.removeAll(closure(up, direct));
      }
      assertThat(new TreeSet<>(upstream.getOrDefault(stage, List.of())))
          .as("UPSTREAM of %s", stage)
          .isEqualTo(reduced);
    }
  }

  private static Set<String> closure(String stage, Map<String, Set<String>> direct) {
    Set<String> out = new TreeSet<>();
    for (String up : direct.get(stage)) {
      out.add(up);
      out.addAll(closure(up, direct));
    }
    return out;
  }
}
