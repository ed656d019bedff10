package org.paperlessroom.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Writes PDFs object by object, byte for byte, so that tests can build hostile files that no PDF
 * library would produce: cyclic or 5,000-deep page trees, decompression bombs, recursive forms.
 */
public final class RawPdf {
  private final List<byte[]> objects = new ArrayList<>();

  /** Adds an object (its body, without "n 0 obj"); returns its object number. */
  public int add(String body) {
    objects.add(body.getBytes(StandardCharsets.ISO_8859_1));
    return objects.size();
  }

  /** Reserves an object number to fill in later (for forward references). */
  public int reserve() {
    objects.add(null);
    return objects.size();
  }

  public void set(int number, String body) {
    objects.set(number - 1, body.getBytes(StandardCharsets.ISO_8859_1));
  }

  public int stream(String dictionaryEntries, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("<< " + dictionaryEntries + " /Length " + data.length + " >>\nstream\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(data);
    out.writeBytes("\nendstream".getBytes(StandardCharsets.ISO_8859_1));
    objects.add(out.toByteArray());
    return objects.size();
  }

  /** {@code size} zero bytes, Flate-compressed (a small file that inflates to {@code size}). */
  public static byte[] deflatedZeros(long size) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] zeros = new byte[1 << 20];
    byte[] buffer = new byte[1 << 16];
    long left = size;
    while (left > 0) {
      int n = (int) Math.min(zeros.length, left);
      deflater.setInput(zeros, 0, n);
      left -= n;
      while (!deflater.needsInput()) {
        int m = deflater.deflate(buffer);
        out.write(buffer, 0, m);
      }
    }
    deflater.finish();
    while (!deflater.finished()) {
      int m = deflater.deflate(buffer);
      out.write(buffer, 0, m);
    }
    return out.toByteArray();
  }

  /** The file, with a correct cross-reference table; object 1 must be the catalog. */
  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1));
    long[] offsets = new long[objects.size()];
    for (int i = 0; i < objects.size(); i++) {
      offsets[i] = out.size();
      out.writeBytes(((i + 1) + " 0 obj\n").getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(objects.get(i));
      out.writeBytes("\nendobj\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    long xref = out.size();
    StringBuilder sb = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
    for (long offset : offsets) {
      sb.append(String.format("%010d 00000 n \n", offset));
    }
    sb.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
        .append(xref).append("\n%%EOF\n");
    out.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  /** A minimal valid one-page document drawing {@code content}. */
  public static byte[] onePage(String mediaBox, String content) {
    RawPdf pdf = new RawPdf();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [" + mediaBox + "] /Contents 4 0 R /Resources << >> >>");
    pdf.stream("", content.getBytes(StandardCharsets.ISO_8859_1));
    return pdf.bytes();
  }
}
