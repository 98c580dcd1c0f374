package io.cqrsrouting.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Writes a tar stream to a directory, keeping permission bits, symbolic and hard links. */
final class TarExtractor {

    private TarExtractor() {
    }

    static void extract(InputStream tar, Path root) throws IOException {
        Files.createDirectories(root);
        TarReader reader = new TarReader(tar);
        // directory modes are applied last, so a read-only directory can still be filled
        Map<Path, Integer> directoryModes = new LinkedHashMap<>();
        directoryModes.put(root, 0755);
        for (TarReader.Entry e = reader.next(); e != null; e = reader.next()) {
            Path target = inside(root, e.name());
            if (e.isDirectory()) {
                Files.createDirectories(target);
                directoryModes.put(target, e.mode());
            } else if (e.isSymlink()) {
                Files.createDirectories(target.getParent());
                Files.deleteIfExists(target);
                Files.createSymbolicLink(target, target.getFileSystem().getPath(e.linkName()));
            } else if (e.isHardLink()) {
                Files.createDirectories(target.getParent());
                Files.copy(inside(root, e.linkName()), target, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
            } else if (e.isFile()) {
                Files.createDirectories(target.getParent());
                Files.copy(reader.content(), target, StandardCopyOption.REPLACE_EXISTING);
                setMode(target, e.mode());
            }
            // other types (devices, fifos) do not occur in the binaries archives
        }
        for (Map.Entry<Path, Integer> d : directoryModes.entrySet()) {
            setMode(d.getKey(), d.getValue() | 0555); // the servers may run as another user
        }
    }

    /** Resolves an entry name, refusing names that would escape the target directory. */
    private static Path inside(Path root, String name) throws IOException {
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root)) {
            throw new IOException("archive entry outside the target directory: " + name);
        }
        return p;
    }

    static void setMode(Path p, int mode) throws IOException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        Files.setPosixFilePermissions(p, perms);
    }
}
