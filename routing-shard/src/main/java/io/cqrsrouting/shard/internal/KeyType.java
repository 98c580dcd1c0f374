package io.cqrsrouting.shard.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * The key types a shard map accepts, their order and their order-preserving byte encoding.
 *
 * <p>Encoded keys compare as unsigned bytes, lexicographically, a shorter prefix first: the order
 * of {@code bytea} on PostgreSQL, so range checks run in SQL. SQL Server's {@code varbinary} calls
 * values that differ only by trailing zero bytes equal (a point mapping's bounds {@code k} and
 * {@code k + 00}, for one), so its statements break such ties with {@code DATALENGTH}
 * ({@link SqlServerShardSql}). The encodings:
 * <ul>
 * <li>{@code Integer}: 4 bytes big-endian with the sign bit flipped ({@code MIN_VALUE} is
 *     {@code 00 00 00 00}, {@code -1} is {@code 7F FF FF FF}, {@code 0} is {@code 80 00 00 00}).</li>
 * <li>{@code Long}: 8 bytes, the same way.</li>
 * <li>{@code UUID}: the 16 bytes of its most then least significant half, big-endian, unsigned;
 *     this is the order of the canonical text form, not {@link UUID#compareTo} (which is signed).</li>
 * <li>{@code String}: UTF-8, whose byte order is Unicode code point order (not
 *     {@link String#compareTo}, which orders UTF-16 units); a string with an unpaired surrogate
 *     is refused. The empty string is the empty byte string, the smallest key.</li>
 * <li>{@code byte[]}: itself, unsigned lexicographic.</li>
 * </ul>
 * {@link #compare} orders decoded keys the same way without encoding them, so a cache lookup
 * allocates nothing.
 */
public enum KeyType {
    INTEGER(Integer.class) {
        @Override
        byte[] encodeChecked(Object key) {
            return ByteBuffer.allocate(4).putInt((Integer) key ^ Integer.MIN_VALUE).array();
        }

        @Override
        Object decodeChecked(byte[] b) {
            return ByteBuffer.wrap(b).getInt() ^ Integer.MIN_VALUE;
        }

        @Override
        int compareChecked(Object a, Object b) {
            return Integer.compare((Integer) a, (Integer) b);
        }
    },
    LONG(Long.class) {
        @Override
        byte[] encodeChecked(Object key) {
            return ByteBuffer.allocate(8).putLong((Long) key ^ Long.MIN_VALUE).array();
        }

        @Override
        Object decodeChecked(byte[] b) {
            return ByteBuffer.wrap(b).getLong() ^ Long.MIN_VALUE;
        }

        @Override
        int compareChecked(Object a, Object b) {
            return Long.compare((Long) a, (Long) b);
        }
    },
    STRING(String.class) {
        @Override
        byte[] encodeChecked(Object key) {
            try {
                ByteBuffer out = StandardCharsets.UTF_8.newEncoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .encode(CharBuffer.wrap((String) key));
                return Arrays.copyOf(out.array(), out.limit());
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("a String shard key must be valid Unicode"
                        + " (it has an unpaired surrogate)");
            }
        }

        @Override
        Object decodeChecked(byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }

        @Override
        int compareChecked(Object a, Object b) {
            String x = (String) a;
            String y = (String) b;
            int n = Math.min(x.length(), y.length());
            for (int i = 0; i < n; i++) {
                char c = x.charAt(i);
                char d = y.charAt(i);
                if (c != d) {
                    // surrogates (U+D800..DFFF) encode code points above every BMP char
                    boolean cs = Character.isSurrogate(c);
                    boolean ds = Character.isSurrogate(d);
                    if (cs != ds) {
                        return cs ? 1 : -1;
                    }
                    return Character.compare(c, d);
                }
            }
            return Integer.compare(x.length(), y.length());
        }
    },
    UUID(java.util.UUID.class) {
        @Override
        byte[] encodeChecked(Object key) {
            UUID u = (UUID) key;
            return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits()).array();
        }

        @Override
        Object decodeChecked(byte[] b) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            return new UUID(buf.getLong(), buf.getLong());
        }

        @Override
        int compareChecked(Object a, Object b) {
            UUID x = (UUID) a;
            UUID y = (UUID) b;
            int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
            return c != 0 ? c : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
        }
    },
    BINARY(byte[].class) {
        @Override
        byte[] encodeChecked(Object key) {
            return ((byte[]) key).clone();
        }

        @Override
        Object decodeChecked(byte[] b) {
            return b.clone();
        }

        @Override
        int compareChecked(Object a, Object b) {
            return Arrays.compareUnsigned((byte[]) a, (byte[]) b);
        }
    };

    private final Class<?> javaType;

    KeyType(Class<?> javaType) {
        this.javaType = javaType;
    }

    /** @return the Java class of keys of this type */
    public Class<?> javaType() {
        return javaType;
    }

    /** @return the simple name users know the type by ({@code Integer}, {@code byte[]}, ...) */
    public String displayName() {
        return javaType.getSimpleName();
    }

    /**
     * @param type a key class
     * @return its key type
     * @throws IllegalArgumentException naming the class if it is not a supported key type
     */
    public static KeyType of(Class<?> type) {
        for (KeyType t : values()) {
            if (t.javaType == type) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported shard key type " + (type == null ? "null" : type.getName())
                + "; supported: Integer, Long, String, UUID, byte[]");
    }

    /** @return whether {@code key} is a non-null key of this type */
    public boolean accepts(Object key) {
        return javaType.isInstance(key);
    }

    /** @return the order-preserving encoding of {@code key} (must be of this type) */
    public byte[] encode(Object key) {
        return encodeChecked(key);
    }

    /** @return the key whose encoding is {@code bytes} */
    public Object decode(byte[] bytes) {
        return decodeChecked(bytes);
    }

    /** Compares two keys of this type in the order of their encodings; allocates nothing. */
    public int compare(Object a, Object b) {
        return compareChecked(a, b);
    }

    abstract byte[] encodeChecked(Object key);

    abstract Object decodeChecked(byte[] bytes);

    abstract int compareChecked(Object a, Object b);

    /** Unsigned lexicographic order of encodings, {@code null} (+infinity) last. */
    public static int compareEncoded(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return a == b ? 0 : a == null ? 1 : -1;
        }
        return Arrays.compareUnsigned(a, b);
    }

    /** The smallest encoding greater than {@code key}'s: the upper bound of a point mapping. */
    public static byte[] successor(byte[] encoded) {
        return Arrays.copyOf(encoded, encoded.length + 1);
    }
}
