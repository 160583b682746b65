package org.polyreason.jobs.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.polyreason.config.Settings;
import org.polyreason.core.Job;
import org.polyreason.core.JobResult;
import org.polyreason.core.RunContext;
import org.polyreason.core.Table;
import org.polyreason.core.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code report}: metrics, paired, transfer, scaling_fits (whichever exist) → {@code
 * <out>/report.html} (self-contained: figures as base64 PNG), {@code summary.md} and every figure
 * as PNG and SVG in {@code figures/}. Only the small aggregated tables are collected to the driver.
 */
public final class ReportJob implements Job<ReportSettings> {
  private static final Logger LOG = LoggerFactory.getLogger(ReportJob.class);

  @Override
  public String name() {
    return "report";
  }

  @Override
  public String description() {
    return "metrics/paired/transfer/scaling_fits -> report.html, summary.md, figures/*.png|svg";
  }

  @Override
  public List<Table> reads() {
    return List.of(
        Tables.METRICS,
        Tables.PAIRED,
        Tables.TRANSFER,
        Tables.SCALING_FITS,
        Tables.REWARDS,
        Tables.TRANSLATION_PROBES);
  }

  @Override
  public List<Table> writes() {
    return List.of(Tables.REPORT);
  }

  @Override
  public ReportSettings parse(Settings settings) {
    return ReportSettings.parse(settings);
  }

  @Override
  public JobResult run(SparkSession spark, ReportSettings settings, RunContext ctx) {
    System.setProperty("java.awt.headless", "true");
    ReportData data = ReportData.load(ctx.warehouse());
    ReportContent.Built built =
        ReportContent.build(settings.title(), ctx.warehouse().root(), data, new ReportFonts());
    Path out = new Path(settings.out());
    try {
      FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.setWriteChecksum(false); // no .crc side files beside the report on local disks
      Path figures = new Path(out, "figures");
      fs.delete(
          figures, true); // figures of series or benchmarks that no longer exist must not linger
      fs.mkdirs(figures);
      write(fs, new Path(out, "report.html"), built.doc().html().getBytes(StandardCharsets.UTF_8));
      write(
          fs, new Path(out, "summary.md"), built.doc().markdown().getBytes(StandardCharsets.UTF_8));
      for (Figure f : built.figures()) {
        write(fs, new Path(figures, f.name() + ".png"), f.png());
        write(fs, new Path(figures, f.name() + ".svg"), f.svg());
      }
      LOG.info(
          "Report with {} figures written to {}", built.figures().size(), fs.makeQualified(out));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the report to " + out, e);
    }
    return new JobResult()
        .count("figures", built.figures().size())
        .count("metrics_rows", data.metrics() == null ? 0 : data.metrics().size())
        .count("transfer_rows", data.transfer() == null ? 0 : data.transfer().size())
        .count("scaling_fits_rows", data.fits() == null ? 0 : data.fits().size());
  }

  private static void write(FileSystem fs, Path file, byte[] bytes) throws IOException {
    try (OutputStream o = fs.create(file, true)) {
      o.write(bytes);
    }
  }
}
