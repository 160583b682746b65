package org.polyreason.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.ScoresBuilder;
import org.polyreason.testing.SparkTestBase;
import org.polyreason.udfs.language.LanguageTable;

/**
 * The report on a small fixture warehouse built the way users build one: hand-made scores (a base
 * model and models p1..p4 trained on N = 1..4 parallel languages, bn and sw held out), then
 * aggregate, transfer and scaling-law through the CLI, then report.
 */
class ReportJobTest extends SparkTestBase {
  private static final List<String> LANGS = List.of("en", "de", "ja", "bn", "sw");
  private static final Map<String, Double> BASE =
      Map.of("en", 0.5, "de", 0.4, "ja", 0.3, "bn", 0.3, "sw", 0.2);
  @TempDir static Path dir;
  static String wh;

  private static double target(int n, String lang) {
    if (n == 0) {
      return BASE.get(lang);
    }
    if (lang.equals("sw") || lang.equals("bn")) {
      return n == 1 ? 0.25 : 0.3 * Math.pow(n, 0.4);
    }
    return BASE.get(lang) + (LANGS.indexOf(lang) < n ? 0.25 : 0.05 * n);
  }

  @BeforeAll
  static void buildWarehouse() {
    wh = dir.resolve("wh").toString();
    ScoresBuilder b = new ScoresBuilder();
    for (int n = 0; n <= 4; n++) {
      String model = n == 0 ? "base" : "p" + n;
      for (String lang : LANGS) {
        long cut = Math.round(48 * target(n, lang));
        b.group(model, "bench", lang, null);
        for (int i = 0; i < 12; i++) {
          boolean[] correct = new boolean[4];
          for (int j = 0; j < 4; j++) {
            correct[j] = (7 * (4 * i + j)) % 48 < cut;
          }
          for (int j = 0; j < 4; j++) {
            // the base model drifts into English on a quarter of the bn/ja samples; sw runs out of
            // tokens
            boolean offTarget = n == 0 && j == 0 && (lang.equals("bn") || lang.equals("ja"));
            boolean truncated = lang.equals("sw") && !correct[j] && j == 3;
            b.sample(
                String.format("q%02d", i),
                j,
                correct[j],
                correct[j] ? "ok" : truncated ? null : "x" + j,
                correct[j] ? "correct" : truncated ? "truncated" : "wrong",
                truncated ? "length" : "stop",
                100,
                offTarget ? "en" : lang);
          }
        }
      }
    }
    b.build(spark).write().partitionBy("model", "benchmark", "lang").parquet(wh + "/scores");
    String whSet = "polyreason.warehouse=" + wh;
    run("aggregate", "--set", whSet, "--set", "polyreason.aggregate.bootstrap-samples=100");
    // p4 vs p3 trained on en: both have the same English accuracy, so MTI is null with a reason
    run(
        "transfer",
        "--set",
        whSet,
        "--set",
        "polyreason.transfer.bootstrap-samples=100",
        "--set",
        "polyreason.transfer.pairs=[{ model = p2, base = base, train-languages = [en, de] },"
            + " { model = p4, base = p3, train-languages = [en] }]");
    run(
        "scaling-law",
        "--set",
        whSet,
        "--set",
        "polyreason.scaling-law.bootstrap-samples=50",
        "--set",
        "polyreason.scaling-law.series=[{ name = heldout, benchmark = bench, held-out-languages = [bn, sw], points = ["
            + " { model = p1, n = 1 }, { model = p2, n = 2 }, { model = p3, n = 3 }, { model = p4, n = 4 } ] }]");
  }

  private static void run(String... args) {
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
  }

  private static Path report(String name) {
    Path out = dir.resolve(name);
    run(
        "report",
        "--set",
        "polyreason.warehouse=" + wh,
        "--set",
        "polyreason.report.out=" + out,
        "--set",
        "polyreason.report.title=Fixture report");
    return out;
  }

  @Test
  void reportHasSelfContainedHtmlSummaryAndDecodableFigures() throws Exception {
    Path out = report("out");
    String html = Files.readString(out.resolve("report.html"));
    String md = Files.readString(out.resolve("summary.md"));
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<h1>Fixture report</h1>")
        .doesNotContain("src=\"http")
        .doesNotContain("href=\"http")
        .doesNotContain("<link")
        .doesNotContain("<script")
        .contains("src=\"data:image/png;base64,");
    // values of the tables appear in both documents
    Row en = spark.read().parquet(wh + "/metrics").filter("model = 'p2' and lang = 'en'").first();
    String acc =
        String.format(
            Locale.ROOT,
            "%.3f [%.3f, %.3f]",
            en.<Double>getAs("avg_at_k"),
            en.<Double>getAs("ci_low"),
            en.<Double>getAs("ci_high"));
    Row t = spark.read().parquet(wh + "/transfer").filter("model = 'p2'").first();
    String mti = String.format(Locale.ROOT, "%.3f", t.<Double>getAs("mti"));
    Row nullMti = spark.read().parquet(wh + "/transfer").filter("model = 'p4'").first();
    assertThat(nullMti.<Double>getAs("mti")).isNull();
    Row fit = spark.read().parquet(wh + "/scaling_fits").first();
    String b = String.format(Locale.ROOT, "%.3f", fit.<Double>getAs("b"));
    String mgg = String.format(Locale.ROOT, "%.3f", fit.<Double>getAs("mgg"));
    for (String doc : List.of(html, md)) {
      assertThat(doc)
          .contains(mti)
          .contains(b)
          .contains(mgg)
          .contains("Monolingual Generalization Gap")
          .contains("Definitions");
    }
    // summary.md escapes Markdown in every value (brackets, underscores, pipes); the HTML escapes
    // HTML
    assertThat(html).contains(acc).contains("Δ(l) = Acc_M(l) − Acc_B(l)");
    assertThat(md).contains(Doc.md(acc)).contains(Doc.md("Δ(l) = Acc_M(l) − Acc_B(l)"));
    assertThat(md).contains(Doc.md(nullMti.<String>getAs("mti_null_reason")));
    assertThat(html).contains(Doc.esc(nullMti.<String>getAs("mti_null_reason")));

    List<String> names;
    try (Stream<Path> files = Files.list(out.resolve("figures"))) {
      names = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(names)
        .containsExactly(
            "accuracy-heatmap-bench.png",
            "accuracy-heatmap-bench.svg",
            "mti.png",
            "mti.svg",
            "rates-bench.png",
            "rates-bench.svg",
            "scaling-heldout.png",
            "scaling-heldout.svg");
    var dbf = DocumentBuilderFactory.newInstance();
    dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    for (String name : names) {
      Path f = out.resolve("figures").resolve(name);
      if (name.endsWith(".png")) {
        BufferedImage img = ImageIO.read(f.toFile());
        assertThat(img).as(name).isNotNull();
        assertThat(img.getWidth()).isGreaterThan(300);
        assertThat(md).contains("figures/" + name);
      } else {
        var svg = dbf.newDocumentBuilder().parse(f.toFile());
        assertThat(svg.getDocumentElement().getTagName()).as(name).isEqualTo("svg");
      }
    }
  }

  @Test
  void outputIsDeterministic() throws IOException {
    Path a = report("a");
    Path b = report("b");
    assertThat(Files.readString(a.resolve("report.html")))
        .isEqualTo(Files.readString(b.resolve("report.html")));
    assertThat(Files.readAllBytes(a.resolve("figures/scaling-heldout.png")))
        .isEqualTo(Files.readAllBytes(b.resolve("figures/scaling-heldout.png")));
  }

  @Test
  void missingTablesAreNamedInTheirSections(@TempDir Path empty) throws IOException {
    Path out = empty.resolve("out");
    run(
        "report",
        "--set",
        "polyreason.warehouse=" + empty.resolve("wh"),
        "--set",
        "polyreason.report.out=" + out);
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html)
        .contains("No metrics table")
        .contains("No transfer table")
        .contains("No scaling_fits table")
        .contains("No paired table")
        .contains("<h1>polyreason report</h1>");
  }

  @Test
  void nonLatinLabelsGetAFontThatDisplaysThem() {
    ReportFonts fonts = new ReportFonts();
    String reason =
        "no Noto Sans CJK font installed (Debian fonts-noto-cjk); language labels fall back to codes";
    if ("true".equals(System.getenv("CI"))) {
      assertThat(fonts.hasCjk()).as(reason + " (CI installs them: .ci/run)").isTrue();
    }
    assumeTrue(fonts.hasCjk(), reason);
    for (String code : List.of("ja", "zh", "bn")) {
      String label = fonts.languageLabel(code);
      assertThat(label)
          .as(code)
          .isEqualTo(code + " " + LanguageTable.find(code).orElseThrow().endonym());
      Font f = fonts.fontFor(label, Font.PLAIN, 12f);
      assertThat(f).as(label).isNotNull();
      assertThat(f.canDisplayUpTo(label)).as(label + " in " + f.getFamily()).isEqualTo(-1);
    }
  }

  @Test
  void allRowsOfPerLanguageForcedGroupsAreLeftOut() {
    var schema = org.polyreason.core.MetricsTable.SCHEMA;
    List<Row> rows =
        spark
            .createDataFrame(
                List.of(
                    metric("same", "en", "en", 0.7),
                    metric("same", "ALL", "en", 0.7), // reasoning forced to the question language
                    metric("same", "de", "de", 0.6),
                    metric("same", "ALL", "de", 0.6),
                    metric("free", "en", null, 0.8),
                    metric("free", "de", null, 0.6),
                    metric("free", "ALL", null, 0.7),
                    metric("enonly", "de", "en", 0.5),
                    metric("enonly", "ALL", "en", 0.5)),
                schema)
            .collectAsList();
    assertThat(ReportData.metrics(rows))
        .extracting(m -> m.model() + "/" + m.lang() + "/" + m.thinkLang())
        .containsExactly(
            "enonly/de/en",
            "enonly/ALL/en",
            "free/en/null",
            "free/de/null",
            "free/ALL/null",
            "same/en/en",
            "same/de/de");
  }

  private static Row metric(String model, String lang, String thinkLang, double acc) {
    return org.apache.spark.sql.RowFactory.create(
        model, "mgsm", lang, thinkLang, 10, 1, 10L, acc, null, null, null, null, null, null, null,
        null, null, null, null, "scores", null);
  }

  @Test
  void labelsFallBackToCodesWithoutFonts() {
    ReportFonts none = new ReportFonts(java.util.Set.of());
    // the JDK's logical SansSerif may or may not cover Bengali; either way the label is displayable
    // or the code
    String label = none.languageLabel("bn");
    assertThat(label.equals("bn") || none.fontFor(label, Font.PLAIN, 12f) != null).isTrue();
  }
}
