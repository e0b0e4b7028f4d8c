package dev.jailnet.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");

    private final Time time = new Time();
    private final Verifier verifier = new Verifier();
    private final VerifiedTokens tokens = new VerifiedTokens(verifier, time);

    @Test
    void aTokenVerifiedOnceIsTrustedAgainWithoutASecondCheck() throws ParseException {
        verifier.accepts("a", START.plus(Duration.ofHours(1)));

        JsonWebToken first = tokens.parse("a");
        time.pass(Duration.ofMinutes(1));
        JsonWebToken second = tokens.parse("a");

        assertThat(second).isSameAs(first);
        assertThat(verifier.checks("a")).isEqualTo(1);
    }

    @Test
    void aTokenIsCheckedAgainOnceItsExpiryHasPassed() throws ParseException {
        verifier.accepts("a", START.plus(Duration.ofSeconds(30)));
        tokens.parse("a");
        verifier.refuses("a");

        time.pass(Duration.ofSeconds(29));
        tokens.parse("a");
        assertThat(verifier.checks("a")).isEqualTo(1);

        time.pass(Duration.ofSeconds(1));
        assertThatThrownBy(() -> tokens.parse("a")).isInstanceOf(ParseException.class);
        assertThat(verifier.checks("a")).isEqualTo(2);
    }

    @Test
    void aLongLivedTokenIsCheckedAgainAfterTheLongestTrust() throws ParseException {
        verifier.accepts("a", START.plus(Duration.ofDays(30)));
        tokens.parse("a");

        time.pass(VerifiedTokens.TRUSTED_FOR.minusSeconds(1));
        tokens.parse("a");
        assertThat(verifier.checks("a")).isEqualTo(1);

        time.pass(Duration.ofSeconds(1));
        tokens.parse("a");
        assertThat(verifier.checks("a")).isEqualTo(2);
    }

    @Test
    void aRefusedTokenIsNotKeptAndIsCheckedEachTime() {
        verifier.refuses("forged");

        assertThatThrownBy(() -> tokens.parse("forged")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.parse("forged")).isInstanceOf(ParseException.class);

        assertThat(verifier.checks("forged")).isEqualTo(2);
    }

    @Test
    void eachTokenIsKeptApartByItsWholeText() throws ParseException {
        verifier.accepts("operator", START.plus(Duration.ofHours(1)));
        verifier.accepts("viewer", START.plus(Duration.ofHours(1)));

        JsonWebToken operator = tokens.parse("operator");
        JsonWebToken viewer = tokens.parse("viewer");

        assertThat(tokens.parse("operator")).isSameAs(operator);
        assertThat(tokens.parse("viewer")).isSameAs(viewer).isNotSameAs(operator);
        assertThat(verifier.checks("operator")).isEqualTo(1);
        assertThat(verifier.checks("viewer")).isEqualTo(1);
    }

    /** The signature check, as the service's verifier answers it: a token is valid until its expiry, or refused. */
    private static final class Verifier extends DefaultJWTParser {

        private final Map<String, Instant> valid = new HashMap<>();
        private final Map<String, Integer> checks = new HashMap<>();

        void accepts(String token, Instant expiry) {
            valid.put(token, expiry);
        }

        void refuses(String token) {
            valid.remove(token);
        }

        int checks(String token) {
            return checks.getOrDefault(token, 0);
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            checks.merge(token, 1, Integer::sum);
            Instant expiry = valid.get(token);
            if (expiry == null) {
                throw new ParseException("not signed by this system's key");
            }
            return new Token(token, expiry.getEpochSecond());
        }
    }

    private record Token(String getName, long exp) implements JsonWebToken {

        @Override
        public Set<String> getClaimNames() {
            return Set.of("sub", "exp");
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String name) {
            return switch (name) {
                case "sub" -> (T) getName;
                case "exp" -> (T) Long.valueOf(exp);
                default -> null;
            };
        }
    }

    private static final class Time extends Clock {

        private Instant now = START;

        void pass(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
