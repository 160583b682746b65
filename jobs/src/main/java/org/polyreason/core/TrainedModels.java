package org.polyreason.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * The models one {@code train} run wrote, read from {@code trained_models} rows: the post-trained
 * models of run {@code name} are the rows with stage {@code post-train} and base model {@code
 * <name>-base}. Used by transfer and scaling-law, which take their pairs and points from it.
 */
public final class TrainedModels {
  private TrainedModels() {}

  /** One post-trained model: its id, N, seed and training languages. */
  public record Model(String id, int n, long seed, List<String> trainLanguages) {}

  /** The post-trained models of train run {@code name}, by id; empty when it has none. */
  public static List<Model> postTrained(List<Row> trainedModels, String name) {
    List<Model> out = new ArrayList<>();
    for (Row r : trainedModels) {
      if ("post-train".equals(r.getAs("stage")) && (name + "-base").equals(r.getAs("base_model"))) {
        out.add(
            new Model(
                r.getAs("model_id"),
                r.<Integer>getAs("n"),
                r.<Long>getAs("seed"),
                List.copyOf(r.getList(r.fieldIndex("train_languages")))));
      }
    }
    out.sort(Comparator.comparing(Model::id));
    return out;
  }

  /** The pretrained base of train run {@code name}. */
  public static String base(String name) {
    return name + "-base";
  }
}
