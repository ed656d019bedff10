package org.paperlessroom.document;

import org.paperlessroom.web.ApiException;

import java.util.Set;

/** Which uploads are accepted, and the words for each that is not. */
final class UploadCheck {
  private UploadCheck() {
  }

  static FileKind classify(FileKind.Sniffed sniffed, String name, boolean officeAvailable) {
    String ext = FileKind.extension(name);
    if (sniffed == FileKind.Sniffed.EMPTY) {
      throw new ApiException(400, "empty_file", "The file \"" + name + "\" is empty.");
    }
    if (ext.equals("pdf")) {
      if (sniffed != FileKind.Sniffed.PDF) {
        throw new ApiException(415, "not_a_pdf", "The file \"" + name + "\" is named .pdf but is not a PDF: it is "
            + sniffed.words + ".");
      }
      return FileKind.PDF;
    }
    if (Set.of("jpg", "jpeg", "png").contains(ext)) {
      boolean matches = ext.equals("png") ? sniffed == FileKind.Sniffed.PNG : sniffed == FileKind.Sniffed.JPEG;
      if (!matches) {
        throw new ApiException(415, "not_an_image", "The file \"" + name + "\" is named ." + ext
            + " but it is " + sniffed.words + ".");
      }
      return FileKind.IMAGE;
    }
    if (FileKind.OFFICE_EXTENSIONS.contains(ext)) {
      if (sniffed != FileKind.Sniffed.ZIP && sniffed != FileKind.Sniffed.OLE) {
        throw new ApiException(415, "not_an_office_file", "The file \"" + name + "\" is named ." + ext
            + " but it is " + sniffed.words + ".");
      }
      if (!officeAvailable) {
        throw new ApiException(415, "office_unavailable", "Office files (." + ext + ") are converted to PDF with "
            + "LibreOffice, which is not installed on this server. Ask the administrator to install it "
            + "(apt-get install libreoffice), or save the file as PDF and upload that.");
      }
      return FileKind.OFFICE;
    }
    return switch (sniffed) {
      case PDF -> FileKind.PDF;
      case JPEG, PNG -> FileKind.IMAGE;
      default -> throw new ApiException(415, "unsupported_file", "The file \"" + name + "\" cannot be shown: it is "
          + sniffed.words + ". Upload a PDF, a JPEG or PNG image, or an office document.");
    };
  }

  /**
   * A file name that is safe to store and show: no path, no control characters, NFC, at most 255
   * characters. (It is always shown escaped as text as well.)
   */
  static String safeName(String raw) {
    String name = raw == null ? "" : org.paperlessroom.web.RequestBody.nfc(raw);
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    name = name.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "").strip();
    while (name.startsWith(".")) {
      name = name.substring(1);
    }
    if (name.isBlank()) {
      name = "document";
    }
    return name.length() > 255 ? name.substring(0, 255) : name;
  }
}
