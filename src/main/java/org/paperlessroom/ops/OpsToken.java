package org.paperlessroom.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The per-installation secret of {@code scripts/backup}: a new random token written at every start to
 * {@code <dataDir>/ops-token}, readable by the server's own account only (mode 600). Whoever can read
 * that file can already read the whole data directory, so it proves nothing more than that.
 */
public final class OpsToken {
  public static final String FILE = "ops-token";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] digest;

  private OpsToken(String token) {
    this.digest = sha256(token);
  }

  /** Makes a new token and writes it (atomically, mode 600) to {@code <dataDir>/ops-token}. Blocking. */
  public static OpsToken create(Path dataDir) throws IOException {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Files.createDirectories(dataDir);
    Path target = dataDir.resolve(FILE);
    Path tmp = dataDir.resolve(FILE + ".tmp");
    Files.deleteIfExists(tmp);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, token + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new OpsToken(token);
  }

  /** Compares in constant time (both sides hashed first, so not even the length is revealed). */
  public boolean matches(String given) {
    return given != null && MessageDigest.isEqual(digest, sha256(given.strip()));
  }

  private static byte[] sha256(String text) {
    MessageDigest md = Backup.sha256();
    return md.digest(text.getBytes(StandardCharsets.UTF_8));
  }
}
