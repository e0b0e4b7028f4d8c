package dev.jailnet.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

/**
 * The key pair that signs the API's bearer tokens, kept in a directory of its own: made on first use,
 * read again afterwards. The private half (mode 0600) never leaves the directory; the services are given
 * the public half and accept only tokens it verifies, from {@link #ISSUER}, not expired.
 */
public final class AccessKeys {

    public static final String ISSUER = "jailnet";
    static final String SIGNING_KEY = "jwt-signing-key.pem";
    static final String VERIFY_KEY = "jwt-verify-key.pem";

    private final Path directory;
    private final PrivateKey signingKey;
    private final PublicKey verifyKey;

    private AccessKeys(Path directory, PrivateKey signingKey, PublicKey verifyKey) {
        this.directory = directory;
        this.signingKey = signingKey;
        this.verifyKey = verifyKey;
    }

    /** The key pair in {@code directory}, made there (RSA 2048) if it is not there yet. */
    public static AccessKeys in(Path directory) {
        try {
            Secrets.privateDirectory(directory);
            Path signing = directory.resolve(SIGNING_KEY);
            if (!Files.exists(signing)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Files.writeString(directory.resolve(VERIFY_KEY), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                Secrets.writePrivate(signing, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new AccessKeys(directory,
                    rsa.generatePrivate(new PKCS8EncodedKeySpec(der(signing))),
                    rsa.generatePublic(new X509EncodedKeySpec(der(directory.resolve(VERIFY_KEY)))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the token signing key in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make or read the token signing key in " + directory, e);
        }
    }

    /** The public half, in PEM: what a service's {@code mp.jwt.verify.publickey.location} points to. */
    public Path verifyKey() {
        return directory.resolve(VERIFY_KEY);
    }

    /** A token for {@code subject} with {@code role}, valid for {@code lifetime} from now. */
    public String mint(String subject, String role, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a token's lifetime must be positive, not " + lifetime);
        }
        return mint(subject, role, Instant.now().plus(lifetime));
    }

    /** A token for {@code subject} with {@code role} that expires at {@code expiry} (past or not). */
    public String mint(String subject, String role, Instant expiry) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(subject);
        claims.setClaim("upn", subject);
        claims.setStringListClaim("groups", List.of(role));
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromSeconds(expiry.getEpochSecond()));
        claims.setGeneratedJwtId();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signingKey);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    /** Mints a token and writes it to {@code <role>.token} (mode 0600) beside the keys; returns the file. */
    public Path writeToken(String subject, String role, Duration lifetime) {
        Path token = directory.resolve(role + ".token");
        try {
            Secrets.writePrivate(token, mint(subject, role, lifetime) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + token, e);
        }
        return token;
    }

    /** Whether {@code token} is signed by this key, from {@link #ISSUER}, unexpired, and carries {@code role}. */
    public boolean grants(String token, String role) {
        JwtConsumer consumer = new JwtConsumerBuilder().setRequireExpirationTime().setAllowedClockSkewInSeconds(60)
                .setExpectedIssuer(ISSUER).setVerificationKey(verifyKey)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256).build();
        try {
            return consumer.processToClaims(token).getStringListClaimValue("groups").contains(role);
        } catch (InvalidJwtException | MalformedClaimException e) {
            return false;
        }
    }

    private static byte[] der(Path pem) throws IOException {
        String body = Files.readString(pem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
