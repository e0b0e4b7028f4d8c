package dev.jailnet.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The bearer tokens this service has verified, trusted again without a second signature check until they
 * expire. A client sends the same token with every request, and checking its RS256 signature is the largest
 * cost of a small request here (the services run C1-compiled code only, without the big-integer intrinsics).
 * <p>
 * Only a token that passed every check is kept, keyed by its whole text, and until its own expiry or for
 * {@link #TRUSTED_FOR} at most, whichever is sooner, so that no token is trusted longer than that on the strength
 * of one check. A token that failed is checked again each time it comes. The token's other claims
 * (roles, issuer) are those the check read, so a kept token authorises exactly what it did when verified.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    /** How long a verified token is trusted without checking its signature again. */
    static final Duration TRUSTED_FOR = Duration.ofMinutes(5);
    /** How many verified tokens are kept; the least recently used goes first. */
    static final int KEPT = 1_000;

    private record Verified(JsonWebToken token, Instant until) {
    }

    private final JWTParser verifier;
    private final Clock clock;
    private final Cache<String, Verified> verified;

    @Inject
    public VerifiedTokens(DefaultJWTParser verifier) {
        this(verifier, Clock.systemUTC());
    }

    VerifiedTokens(JWTParser verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().maximumSize(KEPT).expireAfterWrite(TRUSTED_FOR).build();
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        Instant now = clock.instant();
        Verified known = verified.getIfPresent(token);
        if (known != null && now.isBefore(known.until())) {
            return known.token();
        }
        JsonWebToken checked = verifier.parse(token);
        Instant until = Instant.ofEpochSecond(checked.getExpirationTime());
        Instant latest = now.plus(TRUSTED_FOR);
        verified.put(token, new Verified(checked, until.isBefore(latest) ? until : latest));
        return checked;
    }

    // The rest are not how a request's token is checked: they pass through, unkept.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
