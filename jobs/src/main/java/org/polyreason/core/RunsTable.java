package org.polyreason.core;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/** The {@code runs} table: one appended row per job run, success or failure. */
public final class RunsTable {
  /** Words that make a key name secret wherever they appear in it (as whole words). */
  static final Set<String> SECRET_WORDS =
      Set.of(
          "password",
          "passwd",
          "passphrase",
          "secret",
          "token",
          "credential",
          "credentials",
          "auth",
          "authorization",
          "oauth",
          "apikey",
          "accesskey",
          "privatekey",
          "secretkey",
          "sessiontoken");

  /** "key" is secret alone ({@code fs.s3a.access.key} ends in a bare key) or after one of these. */
  static final Set<String> KEY_QUALIFIERS =
      Set.of(
          "access",
          "api",
          "private",
          "secret",
          "session",
          "signing",
          "encryption",
          "client",
          "account",
          "master",
          "sas");

  private static final Pattern USER_INFO =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/?#@\\s\"']+@");
  private static final Pattern QUERY_PARAM =
      Pattern.compile("([?&;])([^=&#\\s\"']+)=([^&#\\s\"']*)");

  public static final StructType SCHEMA =
      new StructType()
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

  /**
   * The {@code polyreason} subtree rendered as JSON with secrets replaced by {@code ***}: the value
   * of every key whose name {@link #isSecretName is secret}, at any depth (inside list elements
   * too), and in every string the user-info of URIs ({@code s3a://KEY:SECRET@bucket}) and secret
   * query parameters.
   */
  public static String renderRedacted(Config config) {
    ConfigValue redacted = redact(config.getConfig("polyreason").root(), null);
    return redacted.render(ConfigRenderOptions.concise().setFormatted(false));
  }

  /**
   * Whether a key name names a secret. The name is split into words at '-', '_', '.' and
   * lower-to-upper case changes; it is secret when a word is one of {@link #SECRET_WORDS} ({@code
   * db-password}, {@code hf_token}, {@code authToken}) or when it ends in "key" alone or after one
   * of {@link #KEY_QUALIFIERS} ({@code access-key}, {@code apiKey}). So {@code max-new-tokens},
   * {@code tokenizer}, {@code problem-key}, {@code author} are not secret.
   */
  public static boolean isSecretName(String name) {
    List<String> words =
        java.util.Arrays.stream(name.split("[-_.\\s]+|(?<=[a-z0-9])(?=[A-Z])"))
            .filter(w -> !w.isEmpty())
            .map(w -> w.toLowerCase(java.util.Locale.ROOT))
            .toList();
    if (words.isEmpty()) {
      return false;
    }
    if (words.stream().anyMatch(SECRET_WORDS::contains)) {
      return true;
    }
    String last = words.get(words.size() - 1);
    return (last.equals("key") || last.equals("keys"))
        && (words.size() == 1 || KEY_QUALIFIERS.contains(words.get(words.size() - 2)));
  }

  /**
   * Removes URI user-info and secret query parameters from free text (also used for runs.error).
   */
  public static String redactText(String s) {
    if (s == null || !s.contains("://")) {
      return s;
    }
    String out = USER_INFO.matcher(s).replaceAll("$1***@");
    Matcher m = QUERY_PARAM.matcher(out);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String replacement = isSecretName(m.group(2)) ? m.group(1) + m.group(2) + "=***" : m.group();
      m.appendReplacement(b, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(b);
    return b.toString();
  }

  private static ConfigValue redact(ConfigValue v, String name) {
    if (name != null && isSecretName(name)) {
      return ConfigValueFactory.fromAnyRef("***");
    }
    if (v instanceof ConfigObject o) {
      ConfigObject out = o;
      for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
        out = out.withValue(e.getKey(), redact(e.getValue(), e.getKey()));
      }
      return out;
    }
    if (v instanceof ConfigList l) {
      List<Object> items = new ArrayList<>();
      for (ConfigValue item : l) {
        items.add(redact(item, null));
      }
      return ConfigValueFactory.fromIterable(items);
    }
    if (v.valueType() == ConfigValueType.STRING) {
      String text = (String) v.unwrapped();
      String clean = redactText(text);
      return clean.equals(text) ? v : ConfigValueFactory.fromAnyRef(clean);
    }
    return v;
  }

  /** SHA-256 of the rendered configuration without the run id: equal configs hash equal. */
  public static String configHash(Config config) {
    String rendered = renderRedacted(config.withoutPath("polyreason.run-id"));
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(rendered.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void append(
      SparkSession spark,
      Warehouse warehouse,
      RunContext ctx,
      Instant started,
      String status,
      String error,
      Map<String, Long> counts) {
    Row row =
        RowFactory.create(
            ctx.runId(),
            ctx.job(),
            Timestamp.from(started),
            Timestamp.from(Instant.now()),
            status,
            redactText(error),
            renderRedacted(ctx.config()),
            configHash(ctx.config()),
            CodeVersion.get(),
            CollectionConverters.asScala(counts));
    warehouse.append(spark.createDataFrame(List.of(row), SCHEMA).coalesce(1), Tables.RUNS);
  }
}
