package org.paperlessroom.meeting;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** QR codes of join links (ZXing), as PNG for phones and SVG for the projector. */
final class QrCodes {
  private static final Map<EncodeHintType, Object> HINTS = Map.of(
      EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
      EncodeHintType.MARGIN, 2,
      EncodeHintType.CHARACTER_SET, "UTF-8");

  private QrCodes() {
  }

  static byte[] png(String text, int size) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      MatrixToImageWriter.writeToStream(matrix(text, size), "PNG", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String svg(String text) {
    BitMatrix m = matrix(text, 0);
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < m.getHeight(); y++) {
      for (int x = 0; x < m.getWidth(); x++) {
        if (m.get(x, y)) {
          path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
        }
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + m.getWidth() + " " + m.getHeight()
        + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
  }

  private static BitMatrix matrix(String text, int size) {
    try {
      return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size, HINTS);
    } catch (WriterException e) {
      throw new IllegalArgumentException("cannot encode a QR code: " + e.getMessage(), e);
    }
  }
}
