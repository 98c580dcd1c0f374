package io.cqrsrouting.shard.internal;

import java.util.List;

/**
 * The schema of the global shard map (GSM, in the shard-map-manager database) and of the local
 * shard map (LSM, in every shard database), for PostgreSQL and SQL Server. Every statement is
 * idempotent: running the list again changes nothing.
 */
public final class Ddl {

    /** Schema of the GSM tables. */
    public static final String GSM = "cqrs_shard_gsm";
    /** Schema of the LSM tables. */
    public static final String LSM = "cqrs_shard_lsm";

    private Ddl() {
    }

    /** PostgreSQL: the GSM tables. */
    public static List<String> postgresGsm() {
        return List.of(
                "create schema if not exists " + GSM,
                "create table if not exists " + GSM + ".shard_maps (map_id uuid primary key,"
                        + " name varchar(128) not null unique, kind varchar(8) not null,"
                        + " key_type varchar(16) not null)",
                "create table if not exists " + GSM + ".shards (shard_id uuid primary key,"
                        + " map_id uuid not null references " + GSM + ".shard_maps,"
                        + " primary_url varchar(1000) not null, replica_urls varchar(4000) not null,"
                        + " version bigint not null, status varchar(8) not null, unique (map_id, primary_url))",
                "create table if not exists " + GSM + ".mappings (mapping_id uuid primary key,"
                        + " map_id uuid not null references " + GSM + ".shard_maps,"
                        + " shard_id uuid not null references " + GSM + ".shards,"
                        + " low bytea not null, high bytea, status varchar(8) not null, version bigint not null)",
                "create index if not exists mappings_by_low on " + GSM + ".mappings (map_id, low)",
                // One row per change that spans the GSM and an LSM: the after-image, written before
                // either is touched, deleted once both hold it.
                "create table if not exists " + GSM + ".operations (op_id uuid primary key,"
                        + " map_id uuid not null, kind varchar(16) not null, shard_id uuid not null,"
                        + " primary_url varchar(1000) not null, replica_urls varchar(4000) not null,"
                        + " mapping_id uuid, low bytea, high bytea, status varchar(8), version bigint,"
                        + " created timestamptz not null default now())",
                // The steps of a repair (RecoveryManager), written before any of them runs.
                "create table if not exists " + GSM + ".recovery_steps (op_id uuid not null, seq int not null,"
                        + " map_id uuid not null, op_kind varchar(16) not null, target varchar(1000) not null,"
                        + " best_effort boolean not null, action varchar(16) not null, shard_id uuid,"
                        + " primary_url varchar(1000), replica_urls varchar(4000), shard_version bigint,"
                        + " mapping_id uuid, low bytea, high bytea, status varchar(8), version bigint,"
                        + " created timestamptz not null default clock_timestamp(), primary key (op_id, seq))");
    }

    /** PostgreSQL: the LSM tables of a shard database. */
    public static List<String> postgresLsm() {
        return List.of(
                "create schema if not exists " + LSM,
                "create table if not exists " + LSM + ".shards (map_id uuid not null, shard_id uuid not null,"
                        + " map_name varchar(128) not null, kind varchar(8) not null, key_type varchar(16) not null,"
                        + " primary key (map_id, shard_id))",
                "create table if not exists " + LSM + ".mappings (mapping_id uuid primary key,"
                        + " map_id uuid not null, shard_id uuid not null, low bytea not null, high bytea,"
                        + " status varchar(8) not null, version bigint not null)");
    }

    /** SQL Server: the GSM tables (see {@link SqlServerShardSql}). */
    public static List<String> sqlServerGsm() {
        return SqlServerShardSql.gsmDdl();
    }

    /** SQL Server: the LSM tables of a shard database (see {@link SqlServerShardSql}). */
    public static List<String> sqlServerLsm() {
        return SqlServerShardSql.lsmDdl();
    }
}
