package org.paperlessroom.document;

import org.paperlessroom.support.RawPdf;

/** Small sample PDFs, benign and hostile, built byte by byte. */
final class RawPdfs {
  private RawPdfs() {
  }

  static byte[] simple() {
    return RawPdf.onePage("0 0 595 842", "0.2 0.4 0.8 rg 100 100 300 200 re f");
  }

  /** A page tree whose /Kids points back at itself, and whose /Count lies. */
  static byte[] cyclicPageTree() {
    RawPdf pdf = new RawPdf();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 1000 >>");
    pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>");
    pdf.stream("", "0 0 1 rg 50 50 200 200 re f".getBytes());
    return pdf.bytes();
  }

  /** Pages nested 5,000 levels deep. */
  static byte[] deepPageTree(int depth) {
    RawPdf pdf = new RawPdf();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    for (int level = 0; level < depth; level++) {
      int self = level + 2;
      String parent = level == 0 ? "" : " /Parent " + (self - 1) + " 0 R";
      pdf.add("<< /Type /Pages /Kids [" + (self + 1) + " 0 R] /Count 1" + parent + " >>");
    }
    int page = depth + 2;
    pdf.add("<< /Type /Page /Parent " + (page - 1) + " 0 R /MediaBox [0 0 595 842] /Contents " + (page + 1) + " 0 R >>");
    pdf.stream("", "0 1 0 rg 50 50 200 200 re f".getBytes());
    return pdf.bytes();
  }

  /** A 14,400 pt square page (the largest PDF allows). */
  static byte[] hugePage() {
    return RawPdf.onePage("0 0 14400 14400", "1 0 0 rg 0 0 7200 7200 re f");
  }

  /** Two form XObjects that draw each other for ever. */
  static byte[] recursiveForms() {
    RawPdf pdf = new RawPdf();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /A 5 0 R >> >> >>");
    pdf.stream("", "/A Do".getBytes());
    int a = pdf.reserve();
    int b = pdf.reserve();
    pdf.set(a, streamBody("/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /B " + b + " 0 R >> >>", "/B Do"));
    pdf.set(b, streamBody("/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /A " + a + " 0 R >> >>", "/A Do"));
    return pdf.bytes();
  }

  private static String streamBody(String entries, String data) {
    return "<< " + entries + " /Length " + data.length() + " >>\nstream\n" + data + "\nendstream";
  }

  /** A 12,000 × 12,000 RGB image (432 MB decoded) in a file of well under 1 MB. */
  static byte[] imageBomb() {
    RawPdf pdf = new RawPdf();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im 5 0 R >> >> >>");
    pdf.stream("", "q 595 0 0 842 0 0 cm /Im Do Q".getBytes());
    pdf.stream("/Type /XObject /Subtype /Image /Width 12000 /Height 12000 /ColorSpace /DeviceRGB /BitsPerComponent 8 "
        + "/Filter /FlateDecode", RawPdf.deflatedZeros(12000L * 12000L * 3L));
    return pdf.bytes();
  }

  /** A content stream that inflates to 1 GB. */
  static byte[] contentBomb() {
    RawPdf pdf = new RawPdf();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>");
    pdf.stream("/Filter /FlateDecode", RawPdf.deflatedZeros(1L << 30));
    return pdf.bytes();
  }
}
