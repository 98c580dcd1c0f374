package io.cqrsrouting.testkit;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Recursive copy and delete of data directories. */
final class FileTrees {

    private FileTrees() {
    }

    /** Copies a tree with permissions (PostgreSQL insists on a 0700/0750 data directory). */
    static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.copy(dir, to.resolve(from.relativize(dir).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Renames a fully prepared directory to its final name in one step, so concurrent JVMs
     * either see nothing or everything. If another JVM published first (the rename then
     * fails, with an exception type that varies by platform), theirs is kept.
     */
    static void publish(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isDirectory(target)) {
                throw e;
            }
        }
    }

    /**
     * Removes a published directory that turned out incomplete (e.g. a tmp cleaner deleted
     * old files in it): it is first renamed away, so no JVM picks it up half-deleted.
     */
    static void discard(Path published) {
        Path aside = published.resolveSibling(".discarded-" + java.util.UUID.randomUUID());
        try {
            Files.move(published, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return; // someone else moved or removed it
        }
        deleteQuietly(aside);
    }

    /** Deletes a tree if it exists, ignoring files that vanish meanwhile; never follows links. */
    static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    try {
                        Files.deleteIfExists(dir);
                    } catch (IOException ignored) {
                        // keep deleting the rest
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException ignored) {
            // already gone
        } catch (IOException ignored) {
            // best effort: a leftover temp directory must not fail a test run
        }
    }
}
