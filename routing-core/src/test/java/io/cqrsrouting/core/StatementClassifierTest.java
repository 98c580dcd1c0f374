package io.cqrsrouting.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class StatementClassifierTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "select 1",
        "SELECT * FROM orders WHERE id = ?",
        "  \n\t select a from t",
        "-- a comment\nselect 1",
        "/* hint */ select 1",
        "/* outer /* nested */ still comment */ select 1",
        "((select a from t) union (select b from u))",
        "values (1), (2)",
        "table orders",
        "show server_version",
        "explain select * from t",
        "with recent as (select * from orders) select * from recent",
        "with recursive r(n) as (select 1 union all select n + 1 from r where n < 5) select * from r",
        "select 'for update' from t",
        "select \"update\", \"insert\" from t",
        "select $$ delete from t $$",
        "select $body$ insert into t $body$ from t",
        "select e'it\\'s delete' from t",
        "select last_update, updated_by, deleted from t",
        "select * from t where a = $1 for read only",
        "select 1; select 2",
        "select 1;",
        "select current_setting('cluster_name')",
        "select * from t /* for update */",
        "select * from t -- for update",
    })
    void readsMayGoToAReplica(String sql) {
        assertThat(StatementClassifier.isRead(sql)).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "insert into t values (1)",
        "INSERT INTO t (a) VALUES (?) RETURNING id",
        "update t set a = 1 returning a",
        "delete from t where id = 1 returning *",
        "merge into t using s on (t.id = s.id) when matched then update set a = s.a",
        "select * from t for update",
        "SELECT * FROM t FOR UPDATE SKIP LOCKED",
        "select * from t for no key update",
        "select * from t for share",
        "select * from t for key share",
        "select * from t lock in share mode",
        "select * from t with (updlock, rowlock)",
        "select * from t with (xlock)",
        "select * from t with (holdlock)",
        "select a into new_table from t",
        "select nextval('seq')",
        "select setval('seq', 10)",
        "select next value for seq",
        "values (nextval('seq'))",
        "with moved as (delete from a returning *) select * from moved",
        "with x as (select 1) insert into t select * from x",
        "with x as (select 1) update t set a = 1",
        "explain analyze select * from t",
        "explain (analyze, buffers) select * from t",
        "(select * from t for update)",
        "create table t (a int)",
        "drop table t",
        "alter table t add column b int",
        "truncate t",
        "call do_work(1)",
        "{ call do_work(?) }",
        "exec do_work 1",
        "do $$ begin perform 1; end $$",
        "set search_path to app",
        "begin",
        "lock table t",
        "select 1; delete from t",
        "select 1; create table t (a int)",
        "",
        "   ",
        "-- only a comment",
        "select 'unterminated",
        "select 1 /* unterminated",
        "select $$ unterminated",
        "vacuum t",
    })
    void everythingElseGoesToThePrimary(String sql) {
        assertThat(StatementClassifier.isRead(sql)).as(sql).isFalse();
    }

    @Test
    void nullIsNotARead() {
        assertThat(StatementClassifier.isRead(null)).isFalse();
    }
}
