package io.cqrsrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The primary route hint in {@link StatementClassifier}: only a real comment counts. */
class RouteHintClassifierTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "/* cqrs:primary */ select 1",
        "/*cqrs:primary*/select 1",
        "select /* CQRS:Primary */ 1",
        "select 1 /*\n  cqrs:primary\n*/",
        "/*+ IndexScan(t) */ /* cqrs:primary */ select * from t",
        "with a as (select 1) /* cqrs:primary */ select * from a",
        "select 1; /* cqrs:primary */ select 2"})
    void aHintedReadGoesToThePrimary(String sql) {
        assertThat(StatementClassifier.isRead(sql)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select 1",
        "/* cqrs:replica */ select 1",
        "/* not cqrs:primary */ select 1",
        "/* cqrs:primary please */ select 1",
        "/* cqrs:primaryx */ select 1",
        "select '/* cqrs:primary */'",
        "select \"/* cqrs:primary */\" from t",
        "select $$ /* cqrs:primary */ $$",
        "-- /* cqrs:primary */\nselect 1",
        "/* outer /* cqrs:primary-ish */ */ select 1"})
    void anythingElseIsNoHint(String sql) {
        assertThat(StatementClassifier.isRead(sql)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/* cqrs:replica */ insert into t values (1)",
        "/* cqrs:replica */ select * from t for update",
        "/* cqrs:replica */ call report()"})
    void noHintMakesAWriteARead(String sql) {
        assertThat(StatementClassifier.isRead(sql)).isFalse();
    }
}
