package org.polyreason.jobs.generate;

import ai.djl.Device;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.polyreason.inference.BatchGenerator;
import org.polyreason.inference.GenerationRequest;
import org.polyreason.inference.GenerationResult;
import org.polyreason.inference.ModelRegistry;
import org.polyreason.inference.SamplingParams;

/**
 * Runs on an executor: turns request rows into {@code generations} rows, streaming. Rows are taken
 * in chunks (a few micro-batches), so memory stays bounded however large the partition. The model
 * comes from the per-JVM {@link ModelRegistry} (loaded once per executor, shared by its tasks), on
 * the GPU Spark assigned to the task when there is one, else on the CPU.
 */
final class GenerationTask implements MapPartitionsFunction<Row, Row>, Serializable {
  private static final long serialVersionUID = 1L;

  private final ModelSettings model;
  private final String revision;
  private final GenerateSettings settings;
  private final String runId;
  private final LongAccumulator done;
  private final LongAccumulator tokens;
  private final LongAccumulator errors;

  GenerationTask(
      ModelSettings model,
      String revision,
      GenerateSettings settings,
      String runId,
      LongAccumulator done,
      LongAccumulator tokens,
      LongAccumulator errors) {
    this.model = model;
    this.revision = revision;
    this.settings = settings;
    this.runId = runId;
    this.done = done;
    this.tokens = tokens;
    this.errors = errors;
  }

  /**
   * The task's GPU from Spark resource scheduling ({@code spark.task.resource.gpu.amount}), else
   * CPU.
   */
  static Device device() {
    TaskContext tc = TaskContext.get();
    if (tc != null) {
      scala.Option<ResourceInformation> gpu = tc.resources().get("gpu");
      if (gpu.isDefined() && gpu.get().addresses().length > 0) {
        return Device.gpu(Integer.parseInt(gpu.get().addresses()[0].strip()));
      }
    }
    return Device.cpu();
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    if (!input.hasNext()) {
      return Collections.emptyIterator();
    }
    Device device = device();
    ModelRegistry.Loaded loaded = ModelRegistry.loaded(model.spec(), device);
    BatchGenerator generator =
        new BatchGenerator(loaded.lm(), loaded.prompts(), settings.batchSize());
    SamplingParams sampling =
        new SamplingParams(settings.temperature(), settings.topK(), settings.topP());
    int chunk = settings.batchSize() * 4;
    return new Iterator<>() {
      private Iterator<Row> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && input.hasNext()) {
          List<Row> rows = new ArrayList<>(chunk);
          while (input.hasNext() && rows.size() < chunk) {
            rows.add(input.next());
          }
          current = generate(rows, loaded, generator, sampling, device).iterator();
        }
        return current.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  private List<Row> generate(
      List<Row> rows,
      ModelRegistry.Loaded loaded,
      BatchGenerator generator,
      SamplingParams sampling,
      Device device) {
    List<GenerationRequest> requests = new ArrayList<>(rows.size());
    List<String> encodeErrors = new ArrayList<>(rows.size());
    for (Row r : rows) {
      long[] ids;
      String error = null;
      try {
        ids = loaded.prompts().encode(r.getAs("prompt"));
      } catch (RuntimeException e) {
        ids = new long[0];
        error = "tokenizer failed: " + e;
      }
      encodeErrors.add(error);
      requests.add(
          new GenerationRequest(
              r.getAs("sample_key"),
              ids,
              settings.maxNewTokens(),
              sampling,
              settings.seed(),
              loaded.prompts().stopStrings()));
    }
    List<GenerationResult> results = generator.generate(requests);
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      GenerationResult g = results.get(i);
      String error = encodeErrors.get(i) != null ? encodeErrors.get(i) : g.error();
      String finish = encodeErrors.get(i) != null ? "error" : g.finishReason().wire();
      if ("error".equals(finish)) {
        errors.add(1);
      }
      tokens.add(g.completionTokens());
      out.add(
          RowFactory.create(
              r.getAs("sample_key"),
              runId,
              revision,
              model.engine(),
              device.toString(),
              r.getAs("problem_id"),
              r.getAs("think_lang"),
              r.getAs("sample_idx"),
              requests.get(i).seed(),
              settings.temperature(),
              settings.topP(),
              settings.topK(),
              settings.maxNewTokens(),
              model.template(),
              g.promptTokens(),
              g.completionTokens(),
              finish,
              g.text(),
              error,
              g.latencyMs(),
              now,
              r.getAs("group_id"),
              null,
              model.id(),
              r.getAs("benchmark"),
              r.getAs("lang")));
    }
    done.add(rows.size());
    return out;
  }
}
