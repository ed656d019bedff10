package org.paperlessroom.document;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Content-addressed files under the data directory: originals by SHA-256, the PDF made from images
 * or office files, and the rendered page images. Blocking: use it on a worker thread.
 */
public final class DocumentStore {
  public static final int[] WIDTHS = {1920, 1024, 480, 200};

  private final Path root;

  public DocumentStore(Path root) {
    this.root = root;
  }

  /** The directory everything is stored under (shared by the nodes of a cluster). */
  public Path root() {
    return root;
  }

  public Path incoming() {
    return root.resolve("incoming");
  }

  public Path original(String sha256) {
    return root.resolve("originals").resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  /** The PDF that is rendered: the original itself for PDFs, a converted copy otherwise. */
  public Path renderable(String sha256, FileKind kind) {
    return kind == FileKind.PDF ? original(sha256)
        : root.resolve("converted").resolve(sha256.substring(0, 2)).resolve(sha256 + ".pdf");
  }

  public Path pagesDir(String sha256) {
    return root.resolve("pages").resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  public Path pageImage(String sha256, int page, int width) {
    return pagesDir(sha256).resolve(page + "-" + width + ".jpg");
  }

  public static boolean isWidth(int width) {
    for (int w : WIDTHS) {
      if (w == width) {
        return true;
      }
    }
    return false;
  }

  /** Hashes {@code upload} and moves it into the store (unless the same content is there already). */
  public String adopt(Path upload) throws IOException {
    String sha256 = sha256(upload);
    Path target = original(sha256);
    Files.createDirectories(target.getParent());
    if (Files.exists(target)) {
      Files.deleteIfExists(upload);
    } else {
      Files.move(upload, target, StandardCopyOption.ATOMIC_MOVE);
    }
    return sha256;
  }

  /** Removes everything stored for this content (original, converted PDF, page images); the bytes freed. */
  public long remove(String sha256) throws IOException {
    long freed = 0;
    List<Path> targets = new java.util.ArrayList<>(List.of(original(sha256), pagesDir(sha256)));
    for (FileKind kind : FileKind.values()) {
      if (kind != FileKind.PDF) {
        targets.add(renderable(sha256, kind));
      }
    }
    for (Path target : targets) {
      if (!Files.exists(target)) {
        continue;
      }
      try (var walk = Files.walk(target)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          freed += Files.isRegularFile(p) ? Files.size(p) : 0;
          Files.deleteIfExists(p);
        }
      }
    }
    return freed;
  }

  /** Removes what an upload that was refused left behind (only when no document uses it). */
  public void discard(String sha256) {
    try {
      Files.deleteIfExists(original(sha256));
      for (FileKind kind : FileKind.values()) {
        if (kind != FileKind.PDF) {
          Files.deleteIfExists(renderable(sha256, kind));
        }
      }
    } catch (IOException ignored) {
      // best effort
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      byte[] buffer = new byte[64 * 1024];
      while (in.read(buffer) != -1) {
        // digesting
      }
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
