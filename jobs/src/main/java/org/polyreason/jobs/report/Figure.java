package org.polyreason.jobs.report;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * One figure: a painter drawing on a {@code width × height} canvas, encoded as PNG (Java2D raster)
 * and SVG (VectorGraphics2D) from the same drawing code.
 *
 * @param name file name without extension (figures/&lt;name&gt;.png, .svg)
 * @param caption one line shown under the figure in the report
 */
public record Figure(
    String name, String caption, int width, int height, Consumer<Graphics2D> painter) {

  public byte[] png() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      painter.accept(g);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode figure " + name + " as PNG", e);
    }
    return out.toByteArray();
  }

  public byte[] svg() {
    VectorGraphics2D g = new VectorGraphics2D();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    painter.accept(g);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new SVGProcessor()
          .getDocument(g.getCommands(), new PageSize(0, 0, width, height))
          .writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode figure " + name + " as SVG", e);
    }
    return out.toByteArray();
  }
}
