package org.paperlessroom.ops;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The little of the tar format a backup needs (POSIX ustar, read back by GNU tar and bsdtar):
 * regular files written one after the other, each with its size known before its content. The reader
 * also understands what GNU tar writes when someone repacks an archive (pax and GNU long names,
 * base-256 sizes), so a backup may be inspected and repacked with ordinary tools.
 */
final class Tar {
  static final int BLOCK = 512;
  private static final int RECORD = 20 * BLOCK;

  private Tar() {
  }

  /** Writes entries to a stream (usually a gzip stream); {@link #finish} writes the end-of-archive blocks. */
  static final class Writer {
    private final OutputStream out;
    private long written;

    Writer(OutputStream out) {
      this.out = out;
    }

    void putBytes(String name, byte[] content, long mtimeMillis) throws IOException {
      put(name, content.length, mtimeMillis, new java.io.ByteArrayInputStream(content));
    }

    /** Writes a header for {@code size} bytes, then exactly that many bytes of {@code content}. */
    void put(String name, long size, long mtimeMillis, InputStream content) throws IOException {
      write(header(name, size, mtimeMillis));
      byte[] buffer = new byte[64 * 1024];
      long left = size;
      while (left > 0) {
        int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new EOFException(name + " became shorter while it was being archived (" + left + " bytes missing)");
        }
        write(buffer, 0, n);
        left -= n;
      }
      pad();
    }

    void finish() throws IOException {
      write(new byte[2 * BLOCK]);
      long rest = written % RECORD;
      if (rest != 0) {
        write(new byte[(int) (RECORD - rest)]);
      }
      out.flush();
    }

    private void pad() throws IOException {
      int rest = (int) (written % BLOCK);
      if (rest != 0) {
        write(new byte[BLOCK - rest]);
      }
    }

    private void write(byte[] bytes) throws IOException {
      write(bytes, 0, bytes.length);
    }

    private void write(byte[] bytes, int off, int len) throws IOException {
      out.write(bytes, off, len);
      written += len;
    }

    private static byte[] header(String name, long size, long mtimeMillis) throws IOException {
      byte[] h = new byte[BLOCK];
      byte[] full = name.getBytes(StandardCharsets.UTF_8);
      if (full.length <= 100) {
        System.arraycopy(full, 0, h, 0, full.length);
      } else {
        // ustar: up to 155 bytes of directories in the prefix field, the rest (up to 100) in the name field.
        int split = -1;
        for (int i = Math.min(full.length - 1, 155); i > 0; i--) {
          if (full[i] == '/' && full.length - i - 1 <= 100) {
            split = i;
            break;
          }
        }
        if (split < 0) {
          throw new IOException("path too long for the archive: " + name);
        }
        System.arraycopy(full, split + 1, h, 0, full.length - split - 1);
        System.arraycopy(full, 0, h, 345, split);
      }
      octal(h, 100, 8, 0644);
      octal(h, 108, 8, 0);
      octal(h, 116, 8, 0);
      if (size < 077777777777L) {
        octal(h, 124, 12, size);
      } else {
        // GNU base-256 for files of 8 GiB and more.
        h[124] = (byte) 0x80;
        for (int i = 0; i < 8; i++) {
          h[135 - i] = (byte) (size >>> (8 * i));
        }
      }
      octal(h, 136, 12, Math.max(0, mtimeMillis / 1000));
      h[156] = '0';
      System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
      h[263] = '0';
      h[264] = '0';
      Arrays.fill(h, 148, 156, (byte) ' ');
      long sum = 0;
      for (byte b : h) {
        sum += b & 0xff;
      }
      String digits = String.format("%06o", sum);
      System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, h, 148, 6);
      h[154] = 0;
      h[155] = ' ';
      return h;
    }

    private static void octal(byte[] h, int offset, int length, long value) {
      String digits = String.format("%0" + (length - 1) + "o", value);
      System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, h, offset, length - 1);
      h[offset + length - 1] = 0;
    }
  }

  /** One file of an archive being read. */
  record Entry(String name, long size, boolean regularFile) {
  }

  /** Reads entries in order; {@link #content} is the current entry's bytes (read it or not: {@link #next} skips the rest). */
  static final class Reader {
    private final InputStream in;
    private long remaining;
    private long padding;

    Reader(InputStream in) {
      this.in = in;
    }

    /** The next entry, or null at the end of the archive. */
    Entry next() throws IOException {
      skip(remaining + padding);
      remaining = 0;
      padding = 0;
      String longName = null;
      Long paxSize = null;
      while (true) {
        byte[] h = new byte[BLOCK];
        if (!readFully(h)) {
          throw new EOFException("the archive ends in the middle (no end-of-archive marker)");
        }
        if (isZero(h)) {
          return null;
        }
        checkChecksum(h);
        long size = size(h);
        char type = (char) h[156];
        if (type == 'x' || type == 'L') {
          byte[] data = readData(size);
          if (type == 'L') {
            longName = cString(data, 0, data.length);
          } else {
            for (String record : pax(data)) {
              int eq = record.indexOf('=');
              String key = record.substring(0, eq);
              String value = record.substring(eq + 1);
              if (key.equals("path")) {
                longName = value;
              } else if (key.equals("size")) {
                paxSize = Long.parseLong(value);
              }
            }
          }
          continue;
        }
        if (type == 'g') {
          readData(size);
          continue;
        }
        String name = longName != null ? longName : ustarName(h);
        if (paxSize != null) {
          size = paxSize;
        }
        // Directories, links and the like are reported but are not files; their data (if any) is skipped.
        boolean file = type == '0' || type == 0 || type == '7';
        while (name.startsWith("./")) {
          name = name.substring(2);
        }
        remaining = size;
        padding = (BLOCK - size % BLOCK) % BLOCK;
        return new Entry(name, size, file);
      }
    }

    /** The current entry's content; ends where the entry ends, closing it leaves the archive open. */
    InputStream content() {
      return new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          int n = read(one, 0, 1);
          return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (remaining <= 0) {
            return -1;
          }
          int n = in.read(b, off, (int) Math.min(len, remaining));
          if (n < 0) {
            throw new EOFException("the archive ends in the middle of an entry");
          }
          remaining -= n;
          return n;
        }

        @Override
        public void close() {
          // the archive stays open; next() skips what was not read
        }
      };
    }

    private byte[] readData(long size) throws IOException {
      if (size > 64L * 1024 * 1024) {
        throw new IOException("an archive header of " + size + " bytes is not plausible");
      }
      byte[] data = new byte[(int) size];
      if (!readFully(data)) {
        throw new EOFException("the archive ends in the middle of a header");
      }
      skip((BLOCK - size % BLOCK) % BLOCK);
      return data;
    }

    private boolean readFully(byte[] b) throws IOException {
      int off = 0;
      while (off < b.length) {
        int n = in.read(b, off, b.length - off);
        if (n < 0) {
          return false;
        }
        off += n;
      }
      return true;
    }

    private void skip(long n) throws IOException {
      byte[] buffer = new byte[64 * 1024];
      while (n > 0) {
        int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
        if (r < 0) {
          throw new EOFException("the archive ends in the middle of an entry");
        }
        n -= r;
      }
    }

    private static boolean isZero(byte[] h) {
      for (byte b : h) {
        if (b != 0) {
          return false;
        }
      }
      return true;
    }

    private static void checkChecksum(byte[] h) throws IOException {
      long unsigned = 0;
      long signed = 0;
      for (int i = 0; i < BLOCK; i++) {
        int b = i >= 148 && i < 156 ? ' ' : h[i];
        unsigned += b & 0xff;
        signed += b;
      }
      long stored = parseOctal(h, 148, 8);
      if (stored != unsigned && stored != signed) {
        throw new IOException("the archive is damaged (a header's checksum is wrong)");
      }
    }

    private static long size(byte[] h) {
      if ((h[124] & 0x80) != 0) {
        long value = 0;
        for (int i = 125; i < 136; i++) {
          value = (value << 8) | (h[i] & 0xff);
        }
        return value;
      }
      return parseOctal(h, 124, 12);
    }

    private static long parseOctal(byte[] h, int offset, int length) {
      long value = 0;
      for (int i = offset; i < offset + length; i++) {
        byte b = h[i];
        if (b >= '0' && b <= '7') {
          value = value * 8 + (b - '0');
        } else if (b == 0 || (b == ' ' && value > 0)) {
          break;
        }
      }
      return value;
    }

    private static String ustarName(byte[] h) {
      String name = cString(h, 0, 100);
      boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
      String prefix = ustar ? cString(h, 345, 155) : "";
      return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] b, int offset, int length) {
      int end = offset;
      while (end < offset + length && b[end] != 0) {
        end++;
      }
      return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static java.util.List<String> pax(byte[] data) throws IOException {
      java.util.List<String> records = new java.util.ArrayList<>();
      int pos = 0;
      while (pos < data.length) {
        int space = pos;
        while (space < data.length && data[space] != ' ') {
          space++;
        }
        int length;
        try {
          length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
          throw new IOException("the archive has a malformed pax header");
        }
        if (length <= 0 || pos + length > data.length) {
          throw new IOException("the archive has a malformed pax header");
        }
        String record = new String(data, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
        if (record.indexOf('=') > 0) {
          records.add(record);
        }
        pos += length;
      }
      return records;
    }
  }
}
