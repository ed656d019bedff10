package org.paperlessroom.demo;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;

import java.util.Map;

/**
 * A QR code drawn with Unicode half blocks for a terminal, two modules per character row, light
 * modules drawn (as qrencode's UTF8 output does) so that it scans on the usual dark terminal.
 */
final class TerminalQr {
  private TerminalQr() {
  }

  static String draw(String text) {
    BitMatrix m;
    try {
      m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(EncodeHintType.MARGIN, 2));
    } catch (WriterException e) {
      throw new IllegalArgumentException(e);
    }
    StringBuilder out = new StringBuilder();
    for (int y = 0; y < m.getHeight(); y += 2) {
      out.append("  ");
      for (int x = 0; x < m.getWidth(); x++) {
        boolean topLight = !m.get(x, y);
        boolean bottomLight = y + 1 >= m.getHeight() || !m.get(x, y + 1);
        out.append(topLight && bottomLight ? '█' : topLight ? '▀' : bottomLight ? '▄' : ' ');
      }
      out.append('\n');
    }
    return out.toString();
  }
}
