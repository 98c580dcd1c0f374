package io.cqrsrouting.testkit;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal reader of (ustar, GNU and pax) tar streams: enough for the zonky binaries
 * archives. Kept in-house so the testkit needs no commons-compress, whose commons-io,
 * commons-lang3 and commons-codec dependencies would land on every module's test
 * class path (and meet the versions the Spring Boot BOM pins).
 */
final class TarReader {

    /** One archive member; {@code type} is the tar type flag ('0' file, '2' symlink, ...). */
    record Entry(String name, char type, int mode, long size, String linkName) {
        boolean isDirectory() {
            return type == '5' || name.endsWith("/");
        }

        boolean isSymlink() {
            return type == '2';
        }

        boolean isHardLink() {
            return type == '1';
        }

        boolean isFile() {
            return (type == '0' || type == '\0' || type == '7') && !name.endsWith("/");
        }
    }

    private static final int BLOCK = 512;

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private long remaining;   // unread content bytes of the current entry
    private long padding;     // bytes after the content up to the next block boundary

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or {@code null} at the end of the archive. */
    Entry next() throws IOException {
        skipFully(remaining + padding);
        remaining = 0;
        padding = 0;
        String longName = null;
        String longLink = null;
        while (true) {
            if (!readBlock()) {
                return null;
            }
            char type = (char) header[156];
            long size = parseNumber(124, 12);
            // GNU long names and pax headers describe the entry that follows them
            if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
                String data = new String(readContent(size), StandardCharsets.UTF_8);
                if (type == 'L') {
                    longName = trimNul(data);
                } else if (type == 'K') {
                    longLink = trimNul(data);
                } else if (type == 'x') {
                    String path = paxValue(data, "path");
                    String link = paxValue(data, "linkpath");
                    longName = path != null ? path : longName;
                    longLink = link != null ? link : longLink;
                }
                continue;
            }
            String name = longName != null ? longName : headerName();
            String link = longLink != null ? longLink : text(157, 100);
            int mode = (int) parseNumber(100, 8);
            boolean hasContent = type != '1' && type != '2' && type != '5';
            remaining = hasContent ? size : 0;
            padding = hasContent ? (BLOCK - size % BLOCK) % BLOCK : 0;
            return new Entry(name, type, mode, size, link);
        }
    }

    /** A stream over the content of the entry last returned by {@link #next()}. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException("tar entry truncated");
                }
                remaining -= n;
                return n;
            }
        };
    }

    private boolean readBlock() throws IOException {
        if (in.readNBytes(header, 0, BLOCK) < BLOCK) {
            return false;
        }
        for (byte b : header) {
            if (b != 0) {
                return true;
            }
        }
        return false; // a zero block marks the end of the archive
    }

    private byte[] readContent(long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("tar metadata entry too large: " + size);
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("tar header truncated");
        }
        skipFully((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    private void skipFully(long n) throws IOException {
        if (n > 0) {
            in.skipNBytes(n);
        }
    }

    private String headerName() {
        String name = text(0, 100);
        boolean ustar = text(257, 5).equals("ustar");
        String prefix = ustar ? text(345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private String text(int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private long parseNumber(int offset, int length) throws IOException {
        if ((header[offset] & 0x80) != 0) {
            // GNU base-256 encoding for values that do not fit the octal field
            long value = header[offset] & 0x7F;
            for (int i = offset + 1; i < offset + length; i++) {
                value = (value << 8) | (header[i] & 0xFF);
            }
            return value;
        }
        String octal = text(offset, length).trim();
        try {
            return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
        } catch (NumberFormatException e) {
            throw new IOException("corrupt tar header field: " + octal, e);
        }
    }

    /** Pax records are {@code "<length> <key>=<value>\n"}. */
    private static String paxValue(String data, String key) {
        for (String record : data.split("\n")) {
            int space = record.indexOf(' ');
            int eq = record.indexOf('=');
            if (space > 0 && eq > space && record.substring(space + 1, eq).equals(key)) {
                return record.substring(eq + 1);
            }
        }
        return null;
    }

    private static String trimNul(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }
}
