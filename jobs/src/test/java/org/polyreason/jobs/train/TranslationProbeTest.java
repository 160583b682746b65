package org.polyreason.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.polyreason.inference.BlockGptConfig;
import org.polyreason.inference.BlockGptModel;
import org.polyreason.synthetic.SyntheticLexicon;

class TranslationProbeTest {
  static final List<String> LANGS = List.of("en", "de", "th");

  /** Problems p0..p5 of templates 0, 1, 2, 3 (with operation partners), 4 and 6 (without). */
  static Map<String, Map<String, String>> questions() {
    int[] templates = {0, 1, 2, 3, 4, 6};
    Map<String, Map<String, String>> q = new TreeMap<>();
    for (int i = 0; i < templates.length; i++) {
      Map<String, String> byLang = new LinkedHashMap<>();
      for (String lang : LANGS) {
        byLang.put(
            lang,
            SyntheticLexicon.render(
                lang, templates[i], i % 4, (i + 1) % 4, i % 4, new int[] {20 + i, 3 + i, 2}));
      }
      q.put("p" + i, byLang);
    }
    return q;
  }

  static CharVocab vocab(Map<String, Map<String, String>> q) {
    List<String> texts = new ArrayList<>();
    q.values().forEach(m -> texts.addAll(m.values()));
    return CharVocab.of(texts);
  }

  @Test
  void itemsPairEachNonEnglishQuestionWithTheEnglishStatementAndTwoFoils() {
    Map<String, Map<String, String>> q = questions();
    List<TranslationProbe.Item> items = TranslationProbe.items(q, LANGS, 100, vocab(q), 1000);
    // 4 problems with a partner x 2 source languages x 2 probes
    assertThat(items).hasSize(16);
    assertThat(items).extracting(TranslationProbe.Item::problemId).doesNotContain("p4", "p5");
    assertThat(items).extracting(TranslationProbe.Item::lang).containsOnly("de", "th");
    for (TranslationProbe.Item it : items) {
      Map<String, String> p = q.get(it.problemId());
      assertThat(it.source()).isEqualTo(p.get(it.lang()));
      assertThat(it.target()).isEqualTo(p.get("en"));
      assertThat(it.foil()).isNotEqualTo(it.target());
      if (it.probe().equals(TranslationProbe.NUMBERS)) {
        // the same text but the first number
        assertThat(it.foil().replaceAll("\\d+", "#"))
            .isEqualTo(it.target().replaceAll("\\d+", "#"));
        assertThat(it.foil()).startsWith(it.target().substring(0, it.target().indexOf("2")));
      } else {
        assertThat(it.probe()).isEqualTo(TranslationProbe.OPERATION);
        assertThat(SyntheticLexicon.withOtherOperation("en", it.foil())).contains(it.target());
      }
    }
    assertThat(TranslationProbe.firstNumberPlusOne("Anna has 9 apples and 9 pears."))
        .isEqualTo("Anna has 10 apples and 9 pears.");
  }

  @Test
  void itemsStopAtTheProblemLimitAndLeaveOutWhatDoesNotFitTheContext() {
    Map<String, Map<String, String>> q = questions();
    CharVocab vocab = vocab(q);
    assertThat(TranslationProbe.items(q, LANGS, 2, vocab, 1000))
        .extracting(TranslationProbe.Item::problemId)
        .containsOnly("p0", "p1")
        .hasSize(8);
    // Thai questions are shorter than German ones: a context between the two keeps only Thai
    String de = q.get("p0").get("de");
    String th = q.get("p0").get("th");
    String en = q.get("p0").get("en");
    int longestEnglish =
        List.of(
                en,
                SyntheticLexicon.withOtherOperation("en", en).orElseThrow(),
                TranslationProbe.firstNumberPlusOne(en))
            .stream()
            .mapToInt(t -> vocab.encode(t).length)
            .max()
            .orElseThrow();
    int fitsThai = vocab.encode(th + CharVocab.PAR).length + longestEnglish;
    assertThat(vocab.encode(de + CharVocab.PAR).length + longestEnglish).isGreaterThan(fitsThai);
    List<TranslationProbe.Item> some =
        TranslationProbe.items(Map.of("p0", q.get("p0")), LANGS, 10, vocab, fitsThai);
    assertThat(some).extracting(TranslationProbe.Item::lang).containsOnly("th").hasSize(2);
    assertThat(TranslationProbe.items(q, List.of("en"), 10, vocab, 1000)).isEmpty();
  }

  @Test
  void batchedLogProbabilitiesEqualOneSequenceAtATimeAndTheSumOverTheContinuation()
      throws Exception {
    Map<String, Map<String, String>> q = questions();
    CharVocab vocab = vocab(q);
    List<int[]> prefixes = new ArrayList<>();
    List<int[]> continuations = new ArrayList<>();
    for (Map<String, String> p : q.values()) {
      prefixes.add(vocab.encode(p.get("th") + CharVocab.PAR));
      continuations.add(vocab.encode(p.get("en")));
      prefixes.add(vocab.encode(p.get("de") + CharVocab.PAR));
      continuations.add(vocab.encode(p.get("en").substring(0, 10)));
    }
    BlockGptConfig config =
        new BlockGptConfig(vocab.size(), 512, 16, 2, 2, 7, BlockGptConfig.Positions.ROPE);
    try (BlockGptModel model = BlockGptModel.create(config, Device.cpu())) {
      double[] batched = TranslationProbe.logProbabilities(model, prefixes, continuations, 5);
      double[] single = TranslationProbe.logProbabilities(model, prefixes, continuations, 1);
      assertThat(batched).hasSize(12);
      try (Predictor<NDList, NDList> predictor = model.newPredictor();
          NDManager m = NDManager.newBaseManager()) {
        for (int i = 0; i < batched.length; i++) {
          assertThat(batched[i]).as("row %d", i).isCloseTo(single[i], within(1e-3));
          int[] p = prefixes.get(i);
          int[] c = continuations.get(i);
          long[] ids = new long[p.length + c.length];
          for (int j = 0; j < ids.length; j++) {
            ids[j] = j < p.length ? p[j] : c[j - p.length];
          }
          NDArray logits =
              predictor
                  .predict(new NDList(m.create(ids, new Shape(1, ids.length))))
                  .singletonOrThrow();
          logits.attach(m);
          float[] lp = logits.logSoftmax(-1).toFloatArray();
          int v = vocab.size();
          double expected = 0;
          for (int j = p.length; j < ids.length; j++) {
            expected += lp[(j - 1) * v + (int) ids[j]];
          }
          assertThat(batched[i]).as("row %d", i).isCloseTo(expected, within(1e-3));
          // a random model: about log(1/V) per character, never 0
          assertThat(batched[i]).isLessThan(-c.length);
        }
      }
    }
  }

  @Test
  void runScoresEachDistinctSequenceOnceAndGivesWhatEveryPairScoredAloneGives() {
    Map<String, Map<String, String>> q = questions();
    CharVocab vocab = vocab(q);
    List<TranslationProbe.Item> items = TranslationProbe.items(q, LANGS, 100, vocab, 1000);
    List<int[]> prefixes = new ArrayList<>();
    List<int[]> continuations = new ArrayList<>();
    for (TranslationProbe.Item it : items) {
      for (String c : List.of(it.target(), it.foil())) {
        prefixes.add(vocab.encode(it.source() + CharVocab.PAR));
        continuations.add(vocab.encode(c));
      }
    }
    BlockGptConfig config =
        new BlockGptConfig(vocab.size(), 512, 16, 2, 2, 11, BlockGptConfig.Positions.ROPE);
    try (BlockGptModel model = BlockGptModel.create(config, Device.cpu())) {
      List<TranslationProbe.Result> all =
          TranslationProbe.summarize(
              items, TranslationProbe.logProbabilities(model, prefixes, continuations, 1));
      List<TranslationProbe.Result> run = TranslationProbe.run(model, vocab, items, 7);
      assertThat(run).hasSize(4);
      for (int i = 0; i < run.size(); i++) {
        assertThat(run.get(i).items()).isEqualTo(all.get(i).items()).isEqualTo(4);
        assertThat(run.get(i).preferred()).isEqualTo(all.get(i).preferred());
        assertThat(run.get(i).meanMargin()).isCloseTo(all.get(i).meanMargin(), within(1e-3));
      }
    }
  }

  @Test
  void resultsCountTheItemsWhoseTargetIsMoreLikelyAndAverageTheMargin() {
    List<TranslationProbe.Item> items =
        List.of(
            new TranslationProbe.Item("p0", "de", "operation", "s", "t", "f"),
            new TranslationProbe.Item("p0", "de", "numbers", "s", "t", "f"),
            new TranslationProbe.Item("p1", "de", "operation", "s", "t", "f"),
            new TranslationProbe.Item("p1", "de", "numbers", "s", "t", "f"),
            new TranslationProbe.Item("p0", "th", "operation", "s", "t", "f"));
    double[] logp = {-10, -12, -5, -5, -20, -11, -7, -9, -3, -4};
    assertThat(TranslationProbe.summarize(items, logp))
        .containsExactly(
            new TranslationProbe.Result("de", "operation", 2, 1, (2.0 - 9.0) / 2),
            new TranslationProbe.Result("de", "numbers", 2, 1, (0.0 + 2.0) / 2),
            new TranslationProbe.Result("th", "operation", 1, 1, 1.0));
    assertThat(new TranslationProbe.Result("de", "numbers", 4, 1, 0).share()).isEqualTo(0.25);
  }
}
