package com.run402.local.runtime.db;

import com.run402.local.runtime.StartupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the PostgreSQL processes are started. initdb and postgres refuse to run as root, so as root we
 * either run them in a fresh user namespace where root is unmapped ({@code unshare -U}, what zonky
 * does) or, where user namespaces are blocked (Docker's seccomp profile, some CI runners), as an
 * unprivileged system user through {@code setpriv}.
 */
public record ProcessIsolation(Mode mode, List<String> prefix, String user) {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessIsolation.class);

  /** The three ways of running the server. */
  public enum Mode {
    DIRECT,
    UNSHARE,
    SETPRIV;

    static Mode parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new StartupException("Unknown postgres isolation '" + value + "': use auto, direct, unshare or setpriv.");
      }
    }
  }

  /** Picks the mode: {@code auto} means direct when not root, else unshare when it works, else setpriv. */
  public static ProcessIsolation resolve(String requested, String fallbackUser) {
    String want = requested == null || requested.isBlank() ? "auto" : requested;
    boolean root = isRoot();
    Mode mode;
    if (!want.equalsIgnoreCase("auto")) {
      mode = Mode.parse(want);
    } else if (!root) {
      mode = Mode.DIRECT;
    } else {
      mode = unshareWorks() ? Mode.UNSHARE : Mode.SETPRIV;
    }
    return switch (mode) {
      case DIRECT -> new ProcessIsolation(Mode.DIRECT, List.of(), null);
      case UNSHARE -> new ProcessIsolation(Mode.UNSHARE, List.of("unshare", "-U", "--"), null);
      case SETPRIV -> setpriv(fallbackUser);
    };
  }

  private static ProcessIsolation setpriv(String wanted) {
    String user = wanted != null && !wanted.isBlank() ? wanted : ensureSystemUser();
    String uid = idOf(user, "-u");
    String gid = idOf(user, "-g");
    return new ProcessIsolation(Mode.SETPRIV,
        List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"), user);
  }

  /** Makes {@code dir} usable by the server: owned by the setpriv user, reachable through its parents. */
  public void prepare(Path dir) {
    if (mode != Mode.SETPRIV) {
      return;
    }
    try {
      UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
      var owner = lookup.lookupPrincipalByName(user);
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.toList()) {
          Files.setOwner(p, owner);
        }
      }
      Path dataDir = dir.toAbsolutePath().getParent();
      if (dataDir != null && Files.isDirectory(dataDir)) {
        var perms = java.util.EnumSet.copyOf(Files.getPosixFilePermissions(dataDir));
        if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
          Files.setPosixFilePermissions(dataDir, perms); // searchable, not readable: secrets stay 600
        }
      }
      for (Path p = dataDir; p != null; p = p.getParent()) {
        if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          throw new StartupException("PostgreSQL runs as user '" + user + "' here (user namespaces are "
              + "unavailable), and it cannot reach " + dir + " because " + p + " is not searchable by others. "
              + "Use a data dir outside it, e.g. --data-dir /var/lib/run402-local, or chmod o+x " + p + ".");
        }
      }
    } catch (IOException e) {
      throw new StartupException("Cannot hand " + dir + " to user '" + user + "': " + e.getMessage(), e);
    }
  }

  static boolean isRoot() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("UnixSystem unavailable ({}); asking id -u", e.toString());
    }
    try {
      return "0".equals(run(List.of("id", "-u")).trim());
    } catch (IOException e) {
      return false;
    }
  }

  static boolean unshareWorks() {
    try {
      String out = run(List.of("unshare", "-U", "id", "-u")).trim();
      return !out.isEmpty() && !out.equals("0") && out.chars().allMatch(Character::isDigit);
    } catch (IOException e) {
      LOG.debug("unshare -U is not usable: {}", e.getMessage());
      return false;
    }
  }

  private static String ensureSystemUser() {
    String user = "run402pg";
    try {
      run(List.of("id", "-u", user));
      return user;
    } catch (IOException missing) {
      try {
        run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user));
        return user;
      } catch (IOException e) {
        LOG.info("Could not create system user {} ({}); using nobody", user, e.getMessage());
        return "nobody";
      }
    }
  }

  private static String idOf(String user, String flag) {
    try {
      return run(List.of("id", flag, user)).trim();
    } catch (IOException e) {
      throw new StartupException("User '" + user + "' for running PostgreSQL does not exist: " + e.getMessage(), e);
    }
  }

  private static String run(List<String> cmd) throws IOException {
    Processes.Result r = Processes.run(cmd, Map.of(), Duration.ofSeconds(10), LOG);
    if (!r.ok()) {
      throw new IOException(String.join(" ", cmd) + " exited " + r.exitCode() + ": " + r.output());
    }
    return r.output();
  }
}
