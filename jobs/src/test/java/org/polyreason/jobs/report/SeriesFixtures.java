package org.polyreason.jobs.report;

import java.util.List;
import org.polyreason.jobs.report.ReportData.FitRow;
import org.polyreason.jobs.report.ReportData.Point;

/** A scaling-law series with nothing but its points, for the report's per-series sections. */
final class SeriesFixtures {
  private SeriesFixtures() {}

  /** A point at N with its models (seeds), y = 0.1, fitted from N = 2 on. */
  static Point point(int n, String... models) {
    return new Point(n, models[0], 0.1, null, n > 1, List.of(models), null, null, null);
  }

  /** Series "s" on the synthetic benchmark (held-out mean, power form) with these points. */
  static FitRow series(Point... points) {
    return new FitRow(
        "s",
        "synthetic",
        "heldout-mean",
        "power",
        2,
        points.length - 1,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(points),
        null);
  }
}
