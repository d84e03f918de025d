package dev.ferry.bench.compare;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The run's chart, drawn by JFreeChart into one PNG: wall times per phase and tool on the left,
 * bytes the target holds on the right. A tool that failed has no bars (and the report says why).
 */
final class ComparisonChart {
  private static final int PANEL_WIDTH = 760;
  private static final int HEIGHT = 460;

  private ComparisonChart() {}

  static void draw(RunResults r, Path png) throws IOException {
    DefaultCategoryDataset times = new DefaultCategoryDataset();
    add(times, r, "cp", "full.ms", "cp -a", "full copy", 1e-3);
    add(times, r, "restic", "full.ms", "restic", "full copy", 1e-3);
    add(times, r, "borg", "full.ms", "borg", "full copy", 1e-3);
    add(times, r, "ferry", "full.ms", "Ferry", "full copy", 1e-3);
    add(times, r, "ferry", "full.path_ms", "Ferry watch→drain", "full copy", 1e-3);
    add(times, r, "restic", "incr.ms", "restic", "incremental", 1e-3);
    add(times, r, "borg", "incr.ms", "borg", "incremental", 1e-3);
    add(times, r, "ferry", "incr.ms", "Ferry", "incremental", 1e-3);
    add(times, r, "ferry", "incr.path_ms", "Ferry watch→drain", "incremental", 1e-3);
    add(times, r, "cp", "restore.ms", "cp -a", "restore", 1e-3);
    add(times, r, "restic", "restore.ms", "restic", "restore", 1e-3);
    add(times, r, "borg", "restore.ms", "borg", "restore", 1e-3);
    add(times, r, "ferry", "restore.ms", "Ferry", "restore", 1e-3);

    DefaultCategoryDataset bytes = new DefaultCategoryDataset();
    double mib = 1.0 / (1 << 20);
    add(bytes, r, "restic", "full.size", "restic", "full copy: stored", mib);
    add(bytes, r, "borg", "full.size", "borg", "full copy: stored", mib);
    add(bytes, r, "ferry", "full.size", "Ferry", "full copy: stored", mib);
    add(bytes, r, "restic", "incr.added", "restic", "day of work: added", mib);
    add(bytes, r, "borg", "incr.added", "borg", "day of work: added", mib);
    add(bytes, r, "ferry", "incr.added", "Ferry", "day of work: added", mib);

    String scale = r.meta("scale");
    JFreeChart left =
        ChartFactory.createBarChart(
            "Wall time (" + scale + " dataset)",
            null,
            "seconds",
            times,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    JFreeChart right =
        ChartFactory.createBarChart(
            "Target size", null, "MiB", bytes, PlotOrientation.VERTICAL, true, false, false);
    BufferedImage img = new BufferedImage(2 * PANEL_WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      left.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, PANEL_WIDTH, HEIGHT));
      right.draw(g, new java.awt.geom.Rectangle2D.Double(PANEL_WIDTH, 0, PANEL_WIDTH, HEIGHT));
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(img, "png", png.toFile())) {
      throw new IOException("no PNG writer in this JVM for " + png);
    }
  }

  private static void add(
      DefaultCategoryDataset d,
      RunResults r,
      String tool,
      String key,
      String series,
      String phase,
      double scale) {
    OptionalDouble v = r.measure(tool, key);
    if (v.isPresent()) {
      d.addValue(v.getAsDouble() * scale, series, phase);
    }
  }
}
