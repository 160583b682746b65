package org.polyreason.jobs.report;

import org.polyreason.config.Settings;

/**
 * Settings of {@code report}.
 *
 * @param out directory (path or Hadoop URI) that receives report.html, summary.md and figures/
 * @param title heading of the report
 */
public record ReportSettings(String out, String title) {
  public static ReportSettings parse(Settings s) {
    return new ReportSettings(
        s.nonEmptyString("polyreason.report.out"), s.nonEmptyString("polyreason.report.title"));
  }
}
