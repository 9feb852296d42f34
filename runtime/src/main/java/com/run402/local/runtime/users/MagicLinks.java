package com.run402.local.runtime.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.mail.MailCatcher;
import com.run402.local.runtime.mail.mailbox.MailboxService;
import com.run402.local.runtime.projects.Project;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passwordless sign-in (legacy-gateway 1.7 {@code POST /auth/v1/magic-link} and
 * {@code grant_type=magic_link}; api-contract 2.5 for delivery codes, intents, client_state and
 * invites). A link token is 32 random bytes, base64url; a code is 6 digits. Both are stored only as
 * SHA-256 hashes, live 15 minutes and are single use.
 */
public final class MagicLinks {
  private static final Logger LOG = LoggerFactory.getLogger(MagicLinks.class);
  static final Duration TTL = Duration.ofMinutes(15);
  static final String SENT = "If this email is valid, a magic link has been sent.";
  private static final String BAD_LINK = "Invalid, expired, or already used magic link token";
  private static final String BAD_CODE = "Invalid, expired, or already used code";
  /** Wrong codes a challenge survives (ours; the notes give none): 5 guesses of a million. */
  static final int MAX_CODE_ATTEMPTS = 5;
  private static final Pattern CODE = Pattern.compile("^[0-9]{6}$");
  private static final Pattern UUID_SHAPE =
      Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private final Tx tx;
  private final UserAuth auth;
  private final AuthMailer mailer;
  private final ObjectMapper json;
  private final Clock clock;
  private final MagicLinkLimits limits;
  private final SecureRandom random = new SecureRandom();

  public MagicLinks(DataSource admin, UserAuth auth, MailCatcher mail, MailboxService mailboxes, ObjectMapper json,
      Clock clock) {
    this.tx = new Tx(admin);
    this.auth = auth;
    this.mailer = new AuthMailer(mail, mailboxes, json);
    this.json = json;
    this.clock = clock;
    this.limits = new MagicLinkLimits(clock);
  }

  /** {@code POST /auth/v1/magic-link}; {@code serviceRole} when the caller holds the service key. */
  public ObjectNode request(Project p, boolean serviceRole, JsonNode body) {
    MagicLinkRequest req = MagicLinkRequest.parse(body);
    if ("invite".equals(req.intent()) && !serviceRole) {
      throw ApiException.forbidden("forbidden", "Service key required for intent 'invite'");
    }
    limits.hit(p, req.email());
    String token = "code".equals(req.delivery()) ? null : token();
    String code = "link".equals(req.delivery()) ? null : code();
    String source = serviceRole ? "service_key" : "anonymous";
    Instant now = now();
    UUID[] id = new UUID[1];
    boolean mayUse = tx.run(c -> {
      id[0] = UUID.randomUUID();
      MagicLinkStore.insert(c, id[0], new MagicLinkStore.NewLink(p.id(), req.email(), hashOrNull(token),
          code == null ? null : MagicLinkStore.codeHash(id[0], code), req.redirectUrl(), req.intent(),
          req.clientState(), source, req.delivery()), now, TTL);
      return UserStore.byEmail(c, p.id(), req.email()).isPresent()
          || signupRefusal(AuthSettings.load(c, p.id()), req.email(), source) == null;
    });
    ObjectNode out = json.createObjectNode().put("message", SENT);
    if (mayUse) {
      String link = token == null ? null : RedirectRules.link(req.redirectUrl(), token);
      List<String> warnings = mailer.signIn(p, req.email(), link, code);
      warnings.forEach(out.putArray("warnings")::add);
    } else {
      // Production answers the same either way, so nobody learns which addresses may sign up.
      LOG.info("No magic link mailed to {} of project {}: the project's signup rules refuse a new user", req.email(), p.id());
    }
    if (code != null) {
      out.put("challenge_id", id[0].toString());
    }
    return out;
  }

  /**
   * The invitation of {@code POST /auth/v1/admin/users} with {@code send_invite}: a trusted
   * (service-key) link with intent {@code invite}, mailed with the {@code project_invite} template.
   */
  List<String> invite(Project p, String email, String redirectUrl, String clientState) {
    limits.hit(p, email);
    String token = token();
    Instant now = now();
    tx.run(c -> {
      MagicLinkStore.insert(c, UUID.randomUUID(), new MagicLinkStore.NewLink(p.id(), email, MagicLinkStore.hash(token),
          null, redirectUrl, "invite", clientState, "service_key", "link"), now, TTL);
      return null;
    });
    return mailer.invite(p, email, RedirectRules.link(redirectUrl, token));
  }

  /** {@code POST /auth/v1/token?grant_type=magic_link {token}}. */
  public ObjectNode verifyLink(Project p, JsonNode body) {
    String token = MagicLinkRequest.text(body, "token");
    if (token == null || token.isEmpty()) {
      throw ApiException.badRequest("invalid_request", "token required");
    }
    Instant now = now();
    SignedIn s = tx.run(c -> {
      MagicLinkStore.Row row = MagicLinkStore.byTokenHash(c, MagicLinkStore.hash(token));
      if (row != null && !row.projectId().equals(p.id())) {
        throw ApiException.unauthorized("invalid_token", "Magic link was issued for a different project");
      }
      if (row == null || !row.live(now)) {
        throw ApiException.unauthorized("invalid_token", BAD_LINK);
      }
      MagicLinkStore.markUsed(c, row.id(), now);
      return signIn(c, p, row, now);
    });
    if (s.created()) {
      auth.signedUp(p, s.user());
    }
    return response(s, "link");
  }

  /** {@code POST /auth/v1/token?grant_type=email_code {challenge_id, code}}. */
  public ObjectNode verifyCode(Project p, JsonNode body) {
    String challenge = MagicLinkRequest.text(body, "challenge_id");
    String code = MagicLinkRequest.text(body, "code");
    if (challenge == null || challenge.isEmpty() || code == null || code.isEmpty()) {
      throw ApiException.badRequest("invalid_request", "challenge_id and code required");
    }
    if (!UUID_SHAPE.matcher(challenge).matches()) {
      throw ApiException.badRequest("invalid_request", "Invalid challenge_id: must be a valid UUID");
    }
    if (!CODE.matcher(code).matches()) {
      throw ApiException.badRequest("invalid_request", "Invalid code: must be 6 digits");
    }
    UUID id = UUID.fromString(challenge);
    Instant now = now();
    // A wrong code must be counted even though the request fails, so the refusal leaves the transaction.
    SignedIn s = tx.run(c -> {
      MagicLinkStore.Row row = MagicLinkStore.byChallenge(c, p.id(), id);
      if (row == null || row.codeHash() == null || !row.live(now)) {
        return null;
      }
      if (!MessageDigest.isEqual(row.codeHash().getBytes(StandardCharsets.US_ASCII),
          MagicLinkStore.codeHash(id, code).getBytes(StandardCharsets.US_ASCII))) {
        MagicLinkStore.wrongCode(c, id, MAX_CODE_ATTEMPTS, now);
        return null;
      }
      MagicLinkStore.markUsed(c, id, now);
      return signIn(c, p, row, now);
    });
    if (s == null) {
      throw ApiException.unauthorized("invalid_code", BAD_CODE);
    }
    if (s.created()) {
      auth.signedUp(p, s.user());
    }
    return response(s, "code");
  }

  /** Forgets the throttles (emulator reset). */
  public void reset() {
    limits.clearAll();
  }

  private record SignedIn(User user, Sessions.Issued session, MagicLinkStore.Row link, boolean created) {}

  /** The link's user, created when the signup rules allow (legacy-gateway 1.7: no password, email verified). */
  private SignedIn signIn(Connection c, Project p, MagicLinkStore.Row row, Instant now) throws SQLException {
    User u = UserStore.byEmail(c, p.id(), row.email()).orElse(null);
    boolean created = u == null;
    if (created) {
      String refusal = signupRefusal(AuthSettings.load(c, p.id()), row.email(), row.stateSource());
      if (refusal != null) {
        throw ApiException.forbidden("signup_not_allowed", refusal);
      }
      u = UserStore.insert(c, p.id(), row.email(), null, false, now)
          .orElseThrow(() -> ApiException.conflict("user_exists", "User already exists"));
    }
    UserStore.signedInByEmail(c, u.id(), now);
    return new SignedIn(u, Sessions.start(c, p.id(), u.id(), now), row, created);
  }

  /** Why a new user may not be created for {@code email}, or null (the rules of /auth/v1/signup). */
  private static String signupRefusal(AuthSettings s, String email, String stateSource) {
    if (!s.domainAllowed(email)) {
      return "Signup is not allowed for this email domain";
    }
    if (!"open".equals(s.publicSignup()) && !"service_key".equals(stateSource)) {
      return "Public signup is not open for this project (public_signup: " + s.publicSignup() + ")";
    }
    return null;
  }

  private ObjectNode response(SignedIn s, String verifiedWith) {
    ObjectNode out = auth.session(s.user(), s.session().sessionId(), s.session().refreshToken());
    MagicLinkStore.Row r = s.link();
    ObjectNode m = out.putObject("magic_link");
    m.put("intent", r.intent());
    m.put("client_state", r.clientState());
    m.put("state_source", r.stateSource());
    m.put("state_trusted", "service_key".equals(r.stateSource()));
    m.put("delivery", r.delivery());
    m.put("verified_with", verifiedWith);
    return out;
  }

  private String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private String code() {
    return String.format("%06d", random.nextInt(1_000_000));
  }

  private static String hashOrNull(String token) {
    return token == null ? null : MagicLinkStore.hash(token);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** Production's in-memory limits: 5 per (project, email) and 50/200/1000 per project by tier, per hour. */
  static final class MagicLinkLimits {
    private static final Duration WINDOW = Duration.ofHours(1);
    private final Throttle perEmail;
    private final Map<String, Throttle> perProject;

    MagicLinkLimits(Clock clock) {
      perEmail = new Throttle("magic link", 5, WINDOW, clock);
      perProject = Map.of("prototype", new Throttle("magic link", 50, WINDOW, clock),
          "hobby", new Throttle("magic link", 200, WINDOW, clock),
          "team", new Throttle("magic link", 1000, WINDOW, clock));
    }

    void hit(Project p, String email) {
      if (!perEmail.tryHit(p.id() + "|" + email)) {
        throw refused("per_email");
      }
      if (!perProject.getOrDefault(p.tier(), perProject.get("prototype")).tryHit(p.id())) {
        throw refused("per_project");
      }
    }

    void clearAll() {
      perEmail.clearAll();
      perProject.values().forEach(Throttle::clearAll);
    }

    private static ApiException refused(String reason) {
      return new ApiException(429, "rate_limited", "Too many magic link requests", Map.of("reason", reason),
          Map.of("Retry-After", Long.toString(WINDOW.toSeconds())));
    }
  }
}
