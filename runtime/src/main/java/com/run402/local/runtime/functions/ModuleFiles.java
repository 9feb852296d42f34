package com.run402.local.runtime.functions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where compiled functions live on disk: {@code <root>/<project>/<name>/<sha>.mjs}, next to the function's own
 * {@code node_modules} (deps), under {@code <root>/node_modules} linking to the shipped runtime so
 * {@code import "@run402/functions"} resolves by Node's normal lookup. A new file name per version lets a
 * redeploy swap the module for new calls while in-flight calls finish on the old one.
 */
final class ModuleFiles {
  /** A multi-file function's module, beside its entrypoint (a name no file set is likely to use). */
  static final String ENTRY = "__run402_entry.mjs";
  private final Path root;

  ModuleFiles(Path root, NodeRuntime runtime) {
    this.root = root;
    try {
      Files.createDirectories(root);
      Path link = root.resolve("node_modules");
      if (Files.isSymbolicLink(link) && !Files.readSymbolicLink(link).equals(runtime.nodeModules())) {
        Files.delete(link);
      }
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, runtime.nodeModules());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare " + root + ": " + e.getMessage(), e);
    }
  }

  Path dir(String projectId, String name) {
    return root.resolve(projectId).resolve(name);
  }

  /**
   * The module file of {@code f}, written (atomically) when missing. A multi-file function's module is written
   * into a folder holding its whole file set, beside its entrypoint, so that what it reads at run time relative to
   * its own module ({@code new URL("./page.html", import.meta.url)}) is there, as on production's runtime.
   */
  Path module(FunctionDef f) {
    Path dir = dir(f.projectId(), f.name());
    String hash = com.run402.local.runtime.s3.SigV4.sha256Hex(f.compiled()).substring(0, 24);
    if (f.files() != null && !f.files().isEmpty() && f.entrypoint() != null) {
      return withFiles(f, dir, setHash(f));
    }
    Path file = dir.resolve(hash + ".mjs");
    if (Files.exists(file)) {
      return file;
    }
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".module", ".tmp");
      Files.writeString(tmp, f.compiled(), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the module of " + f.name() + ": " + e.getMessage(), e);
    }
  }

  /** The module and every file of the set (a file the bundle does not import can change alone). */
  private static String setHash(FunctionDef f) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(f.compiled().getBytes(StandardCharsets.UTF_8));
      for (Map.Entry<String, byte[]> file : new TreeMap<>(f.files()).entrySet()) {
        md.update((byte) 0);
        md.update(file.getKey().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(Integer.toString(file.getValue().length).getBytes(StandardCharsets.US_ASCII));
        md.update((byte) 0);
        md.update(file.getValue());
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code <dir>/<hash>/}: the file set, and the module as {@code __run402_entry.mjs} in the entrypoint's folder. */
  private static Path withFiles(FunctionDef f, Path dir, String hash) {
    Path base = dir.resolve(hash);
    Path entry = base.resolve(f.entrypoint()).normalize().resolveSibling(ENTRY);
    if (Files.exists(entry)) {
      return entry;
    }
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempDirectory(dir, ".files");
      for (Map.Entry<String, byte[]> file : f.files().entrySet()) {
        Path target = tmp.resolve(file.getKey()).normalize();
        if (!target.startsWith(tmp) || target.equals(tmp)) {
          throw new IOException("invalid file path '" + file.getKey() + "'"); // refused at deploy; not on disk
        }
        Files.createDirectories(target.getParent());
        Files.write(target, file.getValue());
      }
      Path module = tmp.resolve(base.relativize(entry));
      Files.createDirectories(module.getParent());
      Files.writeString(module, f.compiled(), StandardCharsets.UTF_8);
      Files.move(tmp, base, StandardCopyOption.ATOMIC_MOVE);
      return entry;
    } catch (IOException e) {
      if (Files.exists(entry)) {
        return entry; // another call wrote the same set first
      }
      throw new UncheckedIOException("Cannot write the files of " + f.name() + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null && Files.exists(tmp)) {
        deleteTree(tmp);
      }
    }
  }

  void deleteFunction(String projectId, String name) {
    deleteTree(dir(projectId, name));
  }

  void deleteProject(String projectId) {
    deleteTree(root.resolve(projectId));
  }

  private static void deleteTree(Path p) {
    try {
      if (Files.exists(p)) {
        com.run402.local.runtime.db.Files2.deleteTree(p);
      }
    } catch (IOException e) {
      // a leftover directory is harmless: module names are content hashes
    }
  }
}
