package com.run402.local.runtime.functions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where compiled functions live on disk: {@code <root>/<project>/<name>/<sha>.mjs}, next to the function's own
 * {@code node_modules} (deps), under {@code <root>/node_modules} linking to the shipped runtime so
 * {@code import "@run402/functions"} resolves by Node's normal lookup. A new file name per version lets a
 * redeploy swap the module for new calls while in-flight calls finish on the old one.
 */
final class ModuleFiles {
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

  /** The module file of {@code f}, written (atomically) when missing. */
  Path module(FunctionDef f) {
    Path dir = dir(f.projectId(), f.name());
    Path file = dir.resolve(com.run402.local.runtime.s3.SigV4.sha256Hex(f.compiled()).substring(0, 24) + ".mjs");
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
