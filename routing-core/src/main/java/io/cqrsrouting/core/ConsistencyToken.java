package io.cqrsrouting.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encodes and decodes the opaque, versioned string form of a consistency token: "the caller's
 * last write on this cluster committed at log position P". Carried in a header or cookie, it lets
 * read-your-writes hold across requests and application instances.
 *
 * <p>Format {@code 1.<payload>[.<mac>]}, base64url: the payload is 8 bytes of the cluster name's
 * SHA-256 and the 8-byte position; the MAC (HMAC-SHA256, first 16 bytes) is present when a signing
 * key is configured, and then required. Decoding never throws: a malformed, oversized, foreign,
 * unsigned-when-required or forged token decodes to {@code -1} ("no token").
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

    private final byte[] cluster;
    private final SecretKeySpec key;

    ConsistencyToken(String clusterName, byte[] signingKey) {
        this.cluster = fingerprint(clusterName);
        this.key = signingKey == null || signingKey.length == 0 ? null
                : new SecretKeySpec(signingKey.clone(), "HmacSHA256");
    }

    String encode(long position) {
        if (position < 0) {
            return null;
        }
        byte[] payload = ByteBuffer.allocate(16).put(cluster).putLong(position).array();
        String body = "1." + ENC.encodeToString(payload);
        return key == null ? body : body + "." + ENC.encodeToString(mac(payload));
    }

    long decode(String token) {
        if (token == null || token.length() > MAX_LENGTH || !token.startsWith("1.")) {
            return -1;
        }
        try {
            String[] parts = token.substring(2).split("\\.", -1);
            if (parts.length > 2 || (key != null && parts.length != 2)) {
                return -1;
            }
            byte[] payload = DEC.decode(parts[0]);
            if (payload.length != 16) {
                return -1;
            }
            ByteBuffer buf = ByteBuffer.wrap(payload);
            byte[] foreign = new byte[8];
            buf.get(foreign);
            if (!MessageDigest.isEqual(foreign, cluster)) {
                return -1;
            }
            if (key != null && !MessageDigest.isEqual(mac(payload), DEC.decode(parts[1]))) {
                return -1;
            }
            long position = buf.getLong();
            return position < 0 ? -1 : position;
        } catch (IllegalArgumentException malformed) {
            return -1;
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] full = mac.doFinal(payload);
            byte[] truncated = new byte[16];
            System.arraycopy(full, 0, truncated, 0, 16);
            return truncated;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] fingerprint(String clusterName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(clusterName.getBytes(StandardCharsets.UTF_8));
            byte[] first = new byte[8];
            System.arraycopy(digest, 0, first, 0, 8);
            return first;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
