package org.paperlessroom.document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The sample PDFs in ../shared/corpus. */
final class Corpus {
  private Corpus() {
  }

  static byte[] read(String name) {
    try {
      return Files.readAllBytes(Path.of(System.getProperty("paperless.corpus", "../shared/corpus"), name));
    } catch (IOException e) {
      throw new IllegalStateException("the sample " + name + " is missing from ../shared/corpus", e);
    }
  }
}
