package io.cqrsrouting.shard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Property-style: for many random pairs (and the edge values), the unsigned byte order of the
 * encodings equals the key order {@link KeyType#compare}, which equals the documented order; and
 * decoding inverts encoding.
 */
class KeyTypeOrderTest {

    private static final int PAIRS = 5_000;
    private final Random random = new Random(20261130);

    @Test
    void integersOrderNumericallyIncludingNegatives() {
        List<Object> edges = List.of(Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -256, -1, 0, 1, 255, 256,
                Integer.MAX_VALUE - 1, Integer.MAX_VALUE);
        check(KeyType.INTEGER, edges, () -> random.nextBoolean() ? random.nextInt() : random.nextInt(600) - 300,
                (a, b) -> Integer.compare((Integer) a, (Integer) b));
    }

    @Test
    void longsOrderNumericallyIncludingNegatives() {
        List<Object> edges = List.of(Long.MIN_VALUE, -1L, 0L, 1L, (long) Integer.MAX_VALUE + 1, Long.MAX_VALUE);
        check(KeyType.LONG, edges, () -> random.nextBoolean() ? random.nextLong() : (long) random.nextInt(600) - 300,
                (a, b) -> Long.compare((Long) a, (Long) b));
    }

    @Test
    void stringsOrderByCodePointIncludingEmptyAndUnicode() {
        List<Object> edges = List.of("", "a", "a\u0000", "ab", "b", "Z", "\u00e9", "\uffff", "\ud83d\ude00",
                "\ud83d\ude00a", "\u4e2d\u6587", "zzzz");
        check(KeyType.STRING, edges, this::randomString, (a, b) -> compareCodePoints((String) a, (String) b));
        // the documented difference from String.compareTo: U+FFFF sorts below an emoji (U+1F600)
        assertThat(KeyType.STRING.compare("\uffff", "\ud83d\ude00")).isNegative();
        assertThat("\uffff".compareTo("\ud83d\ude00")).isPositive();
    }

    @Test
    void uuidsOrderAsUnsignedBytesLikeTheirText() {
        List<Object> edges = List.of(new UUID(0, 0), new UUID(0, -1), new UUID(-1, 0), new UUID(-1, -1),
                new UUID(Long.MIN_VALUE, 0), new UUID(Long.MAX_VALUE, Long.MAX_VALUE));
        check(KeyType.UUID, edges, () -> random.nextInt(4) == 0 ? UUID.randomUUID()
                        : new UUID(random.nextInt(3) - 1, random.nextLong()),
                (a, b) -> a.toString().compareTo(b.toString()));
    }

    @Test
    void byteArraysOrderUnsignedWithPrefixFirst() {
        List<Object> edges = List.of(new byte[0], new byte[] {0}, new byte[] {0, 0}, new byte[] {1},
                new byte[] {(byte) 0x7f}, new byte[] {(byte) 0x80}, new byte[] {(byte) 0xff}, new byte[] {(byte) 0xff, 0});
        check(KeyType.BINARY, edges, () -> {
            byte[] b = new byte[random.nextInt(4)];
            random.nextBytes(b);
            return b;
        }, (a, b) -> {
            byte[] x = (byte[]) a;
            byte[] y = (byte[]) b;
            for (int i = 0; i < Math.min(x.length, y.length); i++) {
                int c = Integer.compare(x[i] & 0xff, y[i] & 0xff);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.length, y.length);
        });
    }

    @Test
    void successorIsTheNextEncodingSoAPointIsAOneKeyRange() {
        byte[] k = KeyType.INTEGER.encode(5);
        byte[] next = KeyType.successor(k);
        assertThat(KeyType.compareEncoded(k, next)).isNegative();
        assertThat(KeyType.compareEncoded(KeyType.INTEGER.encode(6), next)).isPositive();
        assertThat(KeyType.compareEncoded(next, null)).isNegative(); // null is +infinity
    }

    @Test
    void badKeysAndTypesAreRefusedWithoutTheValue() {
        assertThatThrownBy(() -> KeyType.STRING.encode("ok\ud800")).hasMessageContaining("unpaired surrogate")
                .hasMessageNotContaining("ok");
        assertThatThrownBy(() -> KeyType.of(Double.class)).hasMessageContaining("java.lang.Double")
                .hasMessageContaining("Integer, Long, String, UUID, byte[]");
    }

    private interface Order {
        int compare(Object a, Object b);
    }

    private void check(KeyType type, List<Object> edges, Supplier<Object> gen, Order documented) {
        List<Object> keys = new ArrayList<>(edges);
        for (int i = 0; i < 200; i++) {
            keys.add(gen.get());
        }
        for (Object k : keys) {
            Object back = type.decode(type.encode(k));
            assertThat(back instanceof byte[] b ? Arrays.equals(b, (byte[]) k) : back.equals(k)).isTrue();
        }
        for (int i = 0; i < PAIRS; i++) {
            Object a = i < keys.size() * keys.size() ? keys.get(i % keys.size()) : gen.get();
            Object b = i < keys.size() * keys.size() ? keys.get((i / keys.size()) % keys.size()) : gen.get();
            int expected = Integer.signum(documented.compare(a, b));
            assertThat(Integer.signum(KeyType.compareEncoded(type.encode(a), type.encode(b))))
                    .as("encoded order").isEqualTo(expected);
            assertThat(Integer.signum(type.compare(a, b))).as("key order").isEqualTo(expected);
        }
    }

    private String randomString() {
        int len = random.nextInt(5);
        StringBuilder sb = new StringBuilder();
        int[] pool = {'a', 'b', 'z', 0, 0x7f, 0xe9, 0x4e2d, 0xd7ff, 0xe000, 0xffff, 0x10000, 0x1f600, 0x10ffff};
        for (int i = 0; i < len; i++) {
            sb.appendCodePoint(random.nextBoolean() ? pool[random.nextInt(pool.length)] : 0x20 + random.nextInt(0x60));
        }
        return sb.toString();
    }

    private static int compareCodePoints(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        return Arrays.compare(x, y);
    }
}
