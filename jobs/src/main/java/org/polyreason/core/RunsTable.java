package org.polyreason.core;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/** The {@code runs} table: one appended row per job run, success or failure. */
public final class RunsTable {
  private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|token|credential|access-key|api-key).*");

  public static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("job", DataTypes.StringType, false)
      .add("started_at", DataTypes.TimestampType, false)
      .add("finished_at", DataTypes.TimestampType, false)
      .add("status", DataTypes.StringType, false)
      .add("error", DataTypes.StringType, true)
      .add("config", DataTypes.StringType, false)
      .add("config_hash", DataTypes.StringType, false)
      .add("code_version", DataTypes.StringType, false)
      .add("counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), false);

  private RunsTable() {}

  /** The {@code polyreason} subtree rendered as JSON, secrets replaced by {@code ***}. */
  public static String renderRedacted(Config config) {
    Config c = config.getConfig("polyreason");
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      String leaf = e.getKey().substring(e.getKey().lastIndexOf('.') + 1);
      if (SECRET.matcher(leaf).matches()) {
        c = c.withValue(e.getKey(), ConfigValueFactory.fromAnyRef("***"));
      }
    }
    return c.root().render(ConfigRenderOptions.concise().setFormatted(false));
  }

  /** SHA-256 of the rendered configuration without the run id: equal configs hash equal. */
  public static String configHash(Config config) {
    String rendered = renderRedacted(config.withoutPath("polyreason.run-id"));
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(rendered.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void append(SparkSession spark, Warehouse warehouse, RunContext ctx, Instant started,
      String status, String error, Map<String, Long> counts) {
    Row row = RowFactory.create(ctx.runId(), ctx.job(), Timestamp.from(started), Timestamp.from(Instant.now()),
        status, error, renderRedacted(ctx.config()), configHash(ctx.config()), CodeVersion.get(),
        CollectionConverters.asScala(counts));
    warehouse.append(spark.createDataFrame(List.of(row), SCHEMA).coalesce(1), Tables.RUNS);
  }
}
