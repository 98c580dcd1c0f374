package io.cqrsrouting.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarReaderTest {

    @TempDir
    Path dir;

    @Test
    void extractsFilesDirectoriesModesSymlinksAndLongNames() throws IOException {
        String longName = "share/" + "x".repeat(120) + "/file.txt";
        TarBuilder tar = new TarBuilder()
                .entry("bin/", '5', 0755, "", "")
                .entry("bin/tool", '0', 0755, "#!/bin/sh\n", "")
                .entry("lib/libfoo.so.1.2", '0', 0644, "elf", "")
                .entry("lib/libfoo.so", '2', 0777, "", "libfoo.so.1.2")
                .pax("path", longName)
                .entry("ignored-short-name", '0', 0644, "long", "");
        TarExtractor.extract(new ByteArrayInputStream(tar.bytes()), dir);

        assertThat(Files.readString(dir.resolve("bin/tool"))).isEqualTo("#!/bin/sh\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("bin/tool")))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("lib/libfoo.so.1.2")))).isEqualTo("rw-r--r--");
        assertThat(Files.isSymbolicLink(dir.resolve("lib/libfoo.so"))).isTrue();
        assertThat(Files.readSymbolicLink(dir.resolve("lib/libfoo.so")).toString()).isEqualTo("libfoo.so.1.2");
        assertThat(Files.readString(dir.resolve(longName))).isEqualTo("long");
    }

    @Test
    void refusesEntriesEscapingTheTargetDirectory() {
        TarBuilder tar = new TarBuilder().entry("../evil", '0', 0644, "x", "");
        assertThatThrownBy(() -> TarExtractor.extract(new ByteArrayInputStream(tar.bytes()), dir.resolve("out")))
                .isInstanceOf(IOException.class).hasMessageContaining("outside");
    }

    /** Writes just enough of the ustar format for the reader under test. */
    static final class TarBuilder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        TarBuilder entry(String name, char type, int mode, String content, String link) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            byte[] h = new byte[512];
            put(h, 0, name);
            put(h, 100, String.format("%07o", mode));
            put(h, 124, String.format("%011o", data.length));
            h[156] = (byte) type;
            put(h, 157, link);
            put(h, 257, "ustar");
            out.writeBytes(h);
            out.writeBytes(data);
            out.writeBytes(new byte[(512 - data.length % 512) % 512]);
            return this;
        }

        TarBuilder pax(String key, String value) {
            String body = " " + key + "=" + value + "\n";
            int length = body.length() + 3;
            String record = length + body;
            return entry("PaxHeader", 'x', 0644, record, "");
        }

        byte[] bytes() {
            out.writeBytes(new byte[1024]);
            return out.toByteArray();
        }

        private static void put(byte[] h, int offset, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, h, offset, b.length);
        }
    }
}
