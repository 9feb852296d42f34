package com.run402.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-data-dir secrets, created on first start and kept in {@code secrets.json} (mode 600): the
 * PostgreSQL superuser password and a master key from which project key signatures and tenant role
 * passwords are derived. They never leave the machine.
 */
public final class LocalSecrets {
  private final String superuserPassword;
  private final byte[] masterKey;

  private LocalSecrets(String superuserPassword, byte[] masterKey) {
    this.superuserPassword = superuserPassword;
    this.masterKey = masterKey;
  }

  public static LocalSecrets loadOrCreate(Path dataDir, ObjectMapper json) {
    Path file = dataDir.resolve("secrets.json");
    try {
      if (Files.exists(file)) {
        JsonNode n = json.readTree(file.toFile());
        return new LocalSecrets(n.path("postgres_password").asText(),
            Base64.getDecoder().decode(n.path("master_key").asText()));
      }
      SecureRandom random = new SecureRandom();
      byte[] pw = new byte[24];
      byte[] key = new byte[32];
      random.nextBytes(pw);
      random.nextBytes(key);
      LocalSecrets s = new LocalSecrets(HexFormat.of().formatHex(pw), key);
      ObjectNode n = json.createObjectNode();
      n.put("postgres_password", s.superuserPassword);
      n.put("master_key", Base64.getEncoder().encodeToString(key));
      Path tmp = Files.createTempFile(dataDir, "secrets", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsString(n));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return s;
    } catch (IOException | IllegalArgumentException e) {
      throw new StartupException("Cannot read or create " + file + ": " + e.getMessage()
          + ". Check that the data dir is writable, or delete a corrupt secrets.json (projects will be lost).", e);
    }
  }

  public String superuserPassword() {
    return superuserPassword;
  }

  /** HMAC-SHA256 of {@code purpose} under the master key: a stable per-purpose secret. */
  public byte[] derive(String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Password of a tenant login role, derived so that nothing needs storing. */
  public String rolePassword(String role) {
    return HexFormat.of().formatHex(derive("pg-role-password:" + role));
  }
}
