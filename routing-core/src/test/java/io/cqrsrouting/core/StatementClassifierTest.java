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
        "select current_setting('cluster_name'), pg_is_in_recovery(), pg_last_wal_replay_lsn()",
        "select data #>> '{a,b}' from t",
        "select a # b from t",
        "select @@version, @@servername",
        "select currval_total, last_value from t",
        "select * from pg_templates",
        "select txid_current_snapshot()",
        "select 'currval(' || 'lastval' from t",
        "select \"pg_advisory_lock\" from t",
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

    /** Functions tied to one database session, or that only a primary can run (issue #10, 6). */
    @ParameterizedTest
    @ValueSource(strings = {
        "select currval('orders_id_seq')",
        "SELECT CURRVAL('\"public\".\"orders_id_seq\"')",
        "select lastval()",
        "select setval('s', 1)",
        "select nextval('s')",
        "select pg_advisory_lock(42)",
        "select pg_advisory_xact_lock(42)",
        "select pg_advisory_lock_shared(1, 2)",
        "select pg_try_advisory_lock(42)",
        "select pg_try_advisory_xact_lock_shared(42)",
        "select pg_advisory_unlock(42)",
        "select pg_advisory_unlock_all()",
        "select set_config('app.user', '7', false)",
        "select pg_notify('jobs', 'x')",
        "select txid_current()",
        "select pg_current_xact_id()",
        "select pg_current_wal_lsn()",
        "select pg_current_wal_insert_lsn()",
        "select * from pg_temp.scratch",
        "select * from pg_temp_3.scratch",
        "listen jobs",
        "notify jobs, 'x'",
        "unlisten *",
        "create temporary table scratch (a int)",
        "create temp table scratch as select 1",
        "select 1 into temp scratch",
        "select a into #scratch from t",
        "select * from #scratch",
        "select * from ##shared_scratch",
        "select SCOPE_IDENTITY()",
        "select @@IDENTITY",
        "select @@identity as id",
        "select ident_current('orders')",
        "select next value for dbo.order_seq",
        "select applock_mode('public', 'job', 'Session')",
        "select APPLOCK_TEST('public', 'job', 'Exclusive', 'Session')",
        "exec sp_getapplock @Resource = 'job', @LockMode = 'Exclusive'",
        "exec sp_set_session_context 'tenant', 7",
        "with s as (select currval('q') c) select c from s",
    })
    void sessionStateGoesToThePrimary(String sql) {
        assertThat(StatementClassifier.isRead(sql)).as(sql).isFalse();
    }

    @Test
    void nullIsNotARead() {
        assertThat(StatementClassifier.isRead(null)).isFalse();
    }
}
