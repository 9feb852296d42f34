package com.run402.local.runtime.users;

import com.run402.local.runtime.LocalSecrets;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * Per-project EC P-256 key pairs that sign user access tokens (ES256), created on first use and
 * kept in {@code internal.project_jwt_keys}: the private key sealed with AES-256-GCM under a key
 * derived from the data dir's master key, the public half as JWK coordinates. Each key has a
 * {@code kid} that names its project, so a token's header says which key verifies it.
 */
public final class SigningKeys {
  private static final int IV_BYTES = 12;

  /** A project's signing key. */
  public record Key(String kid, String projectId, PrivateKey privateKey, ECPublicKey publicKey, String x, String y) {}

  /** The public half, for verifiers. */
  public record Public(String kid, String projectId, PublicKey key) {}

  private final DataSource admin;
  private final SecretKey sealing;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Key> byProject = new ConcurrentHashMap<>();
  private final Map<String, Optional<Public>> byKid = new ConcurrentHashMap<>();

  public SigningKeys(DataSource admin, LocalSecrets secrets) {
    this.admin = admin;
    this.sealing = new SecretKeySpec(secrets.derive("project-jwt-keys:v1"), "AES");
  }

  /** The project's key, created (and stored) on first use. */
  public Key forProject(String projectId) {
    return byProject.computeIfAbsent(projectId, this::loadOrCreate);
  }

  /** The public key named {@code kid}, if it exists. */
  public Optional<Public> byKid(String kid) {
    if (kid == null || kid.length() > 200) {
      return Optional.empty();
    }
    Optional<Public> cached = byKid.get(kid);
    if (cached != null && cached.isPresent()) {
      return cached;
    }
    Optional<Public> found = query("SELECT kid, project_id, sealed_key, x, y FROM internal.project_jwt_keys WHERE kid = ?", kid)
        .map(k -> new Public(k.kid(), k.projectId(), k.publicKey()));
    if (found.isPresent()) {
      byKid.put(kid, found);
    }
    return found;
  }

  /** Forgets cached keys (the project was deleted or everything was reset). */
  public void forget(String projectId) {
    Key k = byProject.remove(projectId);
    byKid.values().removeIf(p -> p.isPresent() && p.get().projectId().equals(projectId));
    if (k != null) {
      byKid.remove(k.kid());
    }
  }

  public void forgetAll() {
    byProject.clear();
    byKid.clear();
  }

  private Key loadOrCreate(String projectId) {
    Optional<Key> existing = query(
        "SELECT kid, project_id, sealed_key, x, y FROM internal.project_jwt_keys WHERE project_id = ? "
            + "ORDER BY created_at DESC LIMIT 1", projectId);
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair pair = g.generateKeyPair();
      ECPublicKey pub = (ECPublicKey) pair.getPublic();
      String x = coordinate(pub.getW().getAffineX());
      String y = coordinate(pub.getW().getAffineY());
      String kid = projectId + "-es256-1";
      try (Connection c = admin.getConnection();
          PreparedStatement ps = c.prepareStatement("INSERT INTO internal.project_jwt_keys (kid, project_id, sealed_key, x, y) "
              + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (kid) DO NOTHING")) {
        ps.setString(1, kid);
        ps.setString(2, projectId);
        ps.setBytes(3, seal(pair.getPrivate().getEncoded()));
        ps.setString(4, x);
        ps.setString(5, y);
        ps.executeUpdate();
      }
      // Re-read: a concurrent first use may have stored its key first; everyone signs with the stored one.
      return query("SELECT kid, project_id, sealed_key, x, y FROM internal.project_jwt_keys WHERE kid = ?", kid)
          .orElseThrow(() -> new IllegalStateException("signing key of " + projectId + " vanished (project deleted?)"));
    } catch (GeneralSecurityException | SQLException e) {
      throw new IllegalStateException("cannot create the signing key of " + projectId + ": " + e.getMessage(), e);
    }
  }

  private Optional<Key> query(String sql, String arg) {
    try (Connection c = admin.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String x = rs.getString("x");
        String y = rs.getString("y");
        KeyFactory kf = KeyFactory.getInstance("EC");
        PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(unseal(rs.getBytes("sealed_key"))));
        ECPublicKey pub = (ECPublicKey) kf.generatePublic(new ECPublicKeySpec(
            new ECPoint(new BigInteger(1, decode(x)), new BigInteger(1, decode(y))), P256.params()));
        return Optional.of(new Key(rs.getString("kid"), rs.getString("project_id"), priv, pub, x, y));
      }
    } catch (SQLException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read signing keys: " + e.getMessage(), e);
    }
  }

  private byte[] seal(byte[] plain) throws GeneralSecurityException {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, sealing, new GCMParameterSpec(128, iv));
    byte[] sealed = cipher.doFinal(plain);
    return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
  }

  private byte[] unseal(byte[] stored) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, sealing, new GCMParameterSpec(128, stored, 0, IV_BYTES));
    return cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
  }

  /** A JWK coordinate: the unsigned big-endian value in exactly 32 bytes, base64url without padding. */
  static String coordinate(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  private static byte[] decode(String b64url) {
    return Base64.getUrlDecoder().decode(b64url);
  }

  /** The P-256 curve parameters, taken from a generated key (the JDK has no public constant). */
  private static final class P256 {
    private static final java.security.spec.ECParameterSpec PARAMS = load();

    static java.security.spec.ECParameterSpec params() {
      return PARAMS;
    }

    private static java.security.spec.ECParameterSpec load() {
      try {
        java.security.AlgorithmParameters p = java.security.AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec("secp256r1"));
        return p.getParameterSpec(java.security.spec.ECParameterSpec.class);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("secp256r1 unavailable", e);
      }
    }
  }
}
