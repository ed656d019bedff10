package org.paperlessroom.db;

import org.paperlessroom.config.ConfigException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive operating-system lock on a directory, so that a second server started on the same
 * data refuses to start instead of corrupting it. Released by {@link #close()} or when the process dies.
 */
final class DataDirectoryLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirectoryLock acquire(Path directory) {
    FileChannel channel = null;
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve("paperless.lock");
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new ConfigException("Another Paperless Room server is already using the data directory "
            + directory.getParent() + ". Stop it first, or set PAPERLESS_DATA_DIR to another directory.");
      }
      channel.truncate(0);
      channel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      return new DataDirectoryLock(channel, lock);
    } catch (IOException e) {
      throw new ConfigException("The data directory " + directory + " is not writable: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException ignored) {
      // the lock goes with the process anyway
    }
  }
}
