package io.cqrsrouting.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encodes and decodes the opaque, versioned string form of a consistency token: "the caller's
 * last write on this cluster committed at log position P". Carried in a header or cookie, it lets
 * read-your-writes hold across requests and application instances.
 *
 * <p>Format {@code 2.<keyId>.<payload>.<mac>}, base64url. The payload is an 8-byte cluster
 * fingerprint and the 8-byte position; the MAC is HMAC-SHA256 (first 16 bytes) over the key id
 * and the payload. Tokens are always signed: with the configured key, or, when none is
 * configured, with a random key of this process (tokens then hold within one JVM only). The
 * fingerprint is an HMAC of the cluster name under the key, so it cannot be guessed from a name
 * such as {@code default}. Verification accepts the signing key and any further accepted key
 * (rotation), chosen by the key id. Decoding never throws: a malformed, oversized, foreign,
 * unsigned or forged token decodes to {@code -1} ("no token").
 */
final class ConsistencyToken {

    /**
     * The position of a token whose writer could not resolve its position: "everything the primary
     * has when this is read". No real log position comes near it.
     */
    static final long UNRESOLVED = Long.MAX_VALUE;

    /** Longest string accepted; anything longer is ignored unread. */
    static final int MAX_LENGTH = 128;

    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();
    private static final byte[] PROCESS_KEY = new byte[32];

    static {
        new SecureRandom().nextBytes(PROCESS_KEY);
    }

    private record Key(String id, SecretKeySpec spec, byte[] fingerprint) {
    }

    private final Key signing;
    private final List<Key> accepted = new ArrayList<>();

    /**
     * @param clusterName the router's cluster name
     * @param signingKey the key to sign with, or null for this process's random key
     */
    ConsistencyToken(String clusterName, byte[] signingKey) {
        this(clusterName, signingKey, List.of());
    }

    /**
     * @param clusterName the router's cluster name
     * @param signingKey the key to sign with, or null for this process's random key
     * @param alsoAccepted further keys whose tokens are accepted (previous keys in a rotation)
     */
    ConsistencyToken(String clusterName, byte[] signingKey, List<byte[]> alsoAccepted) {
        this.signing = key(clusterName, signingKey == null || signingKey.length == 0
                ? PROCESS_KEY : signingKey);
        accepted.add(signing);
        for (byte[] k : alsoAccepted) {
            accepted.add(key(clusterName, k));
        }
    }

    /** @return the id of the signing key (not secret: a digest prefix) */
    String keyId() {
        return signing.id();
    }

    String encode(long position) {
        if (position < 0) {
            return null;
        }
        byte[] payload = ByteBuffer.allocate(16).put(signing.fingerprint()).putLong(position)
                .array();
        return "2." + signing.id() + "." + ENC.encodeToString(payload) + "."
                + ENC.encodeToString(mac(signing, payload));
    }

    long decode(String token) {
        if (token == null || token.length() > MAX_LENGTH || !token.startsWith("2.")) {
            return -1;
        }
        try {
            String[] parts = token.substring(2).split("\\.", -1);
            if (parts.length != 3) {
                return -1;
            }
            Key key = null;
            for (Key k : accepted) {
                if (k.id().equals(parts[0])) {
                    key = k;
                }
            }
            byte[] payload = DEC.decode(parts[1]);
            if (key == null || payload.length != 16
                    || !MessageDigest.isEqual(mac(key, payload), DEC.decode(parts[2]))) {
                return -1;
            }
            ByteBuffer buf = ByteBuffer.wrap(payload);
            byte[] cluster = new byte[8];
            buf.get(cluster);
            if (!MessageDigest.isEqual(cluster, key.fingerprint())) {
                return -1;
            }
            long position = buf.getLong();
            return position < 0 ? -1 : position;
        } catch (IllegalArgumentException malformed) {
            return -1;
        }
    }

    private static Key key(String clusterName, byte[] secret) {
        SecretKeySpec spec = new SecretKeySpec(secret.clone(), "HmacSHA256");
        byte[] id = hmac(spec, "cqrs-routing key id".getBytes(StandardCharsets.UTF_8));
        byte[] fingerprint = hmac(spec, ("cqrs-routing cluster " + clusterName)
                .getBytes(StandardCharsets.UTF_8));
        return new Key(ENC.encodeToString(java.util.Arrays.copyOf(id, 6)), spec,
                java.util.Arrays.copyOf(fingerprint, 8));
    }

    private static byte[] mac(Key key, byte[] payload) {
        byte[] signed = new byte[key.id().length() + payload.length];
        byte[] id = key.id().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, signed, 0, id.length);
        System.arraycopy(payload, 0, signed, id.length, payload.length);
        return java.util.Arrays.copyOf(hmac(key.spec(), signed), 16);
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
