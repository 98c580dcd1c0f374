package io.cqrsrouting.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PgLsnTest {

    @Test
    void parsesBothHalvesAndFormatsBack() {
        assertThat(PgLsn.parse("16/B374D848")).isEqualTo(0x16_B374D848L);
        assertThat(PgLsn.parse("0/0")).isZero();
        assertThat(PgLsn.format(0x16_B374D848L)).isEqualTo("16/B374D848");
        assertThat(PgLsn.format(PgLsn.parse("FFFFFFFF/FFFFFFFF"))).isEqualTo("FFFFFFFF/FFFFFFFF");
    }

    @Test
    void ordersLikeTheLog() {
        assertThat(PgLsn.parse("1/0")).isGreaterThan(PgLsn.parse("0/FFFFFFFF"));
    }

    @Test
    void rejectsWhatIsNotAnLsn() {
        for (String bad : new String[] {null, "", "16", "/1", "1/", "x/1", "100000000/0"}) {
            assertThatThrownBy(() -> PgLsn.parse(bad)).as(String.valueOf(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
