package org.paperlessroom.document;

import org.paperlessroom.web.ApiException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Office files to PDF with LibreOffice headless ({@code soffice}), when it is installed: each
 * conversion has its own temporary profile and a time limit, and is killed on overrun. Blocking.
 */
public final class OfficeConverter {
  private final Optional<Path> soffice;
  private final Duration timeout;
  private final io.vertx.core.WorkerExecutor executor;

  public OfficeConverter(io.vertx.core.Vertx vertx, Optional<Path> soffice, Duration timeout) {
    this.soffice = soffice;
    this.timeout = timeout;
    this.executor = vertx.createSharedWorkerExecutor("paperless-office", 1, timeout.toSeconds() + 30,
        java.util.concurrent.TimeUnit.SECONDS);
  }

  /** The one thread conversions run on. */
  io.vertx.core.WorkerExecutor executor() {
    return executor;
  }

  /** The configured command, or {@code soffice} found on the PATH. */
  public static Optional<Path> locate(Optional<String> configured) {
    if (configured.isPresent()) {
      Path p = Path.of(configured.get());
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "soffice");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  public boolean available() {
    return soffice.isPresent();
  }

  /** Converts {@code source} (named like {@code name}) into the PDF {@code target}. */
  void convert(Path source, String name, Path target, Path workRoot) throws IOException {
    Files.createDirectories(workRoot);
    Path work = Files.createTempDirectory(workRoot, "office-");
    try {
      Path input = work.resolve("input." + FileKind.extension(name));
      Files.copy(source, input);
      Path profile = work.resolve("profile");
      Process process = new ProcessBuilder(soffice.orElseThrow().toString(), "--headless", "--norestore",
          "--nolockcheck", "-env:UserInstallation=" + profile.toUri(), "--convert-to", "pdf",
          "--outdir", work.toString(), input.toString())
          .redirectErrorStream(true).redirectOutput(work.resolve("soffice.log").toFile()).start();
      boolean finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new ApiException(422, "conversion_timeout", "Converting \"" + name + "\" to PDF took longer than "
            + timeout.toSeconds() + " s and was stopped. Save it as PDF and upload that.");
      }
      Path pdf = work.resolve("input.pdf");
      if (process.exitValue() != 0 || !Files.exists(pdf) || Files.size(pdf) == 0) {
        throw new ApiException(422, "conversion_failed", "LibreOffice could not convert \"" + name
            + "\" to PDF. Save it as PDF and upload that.");
      }
      Files.createDirectories(target.getParent());
      Files.move(pdf, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
