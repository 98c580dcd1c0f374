#!/usr/bin/env bash
# Builds benchmark/target/benchmarks.jar and runs the benchmark suite: the routing overhead per
# call against its peers, read offload, and failover reconnection, on the embedded PostgreSQL
# primary + hot standby (no setup), or on the database given by -Dcqrs.bench.* / CQRS_BENCH_*
# settings. Writes benchmark/results/ (JMH JSON, results.md, results.svg) and prints the table.
#
#   ./bench.sh               the full suite (about 100 minutes on 2 cores; see benchmark/README.md)
#   ./bench.sh --quick       a first look (about 15 minutes)
#   ./bench.sh --smoke       every benchmark once, tiny iterations (a few minutes; numbers mean nothing)
#   ./bench.sh --help        all options
#
# BENCH_SKIP_BUILD=1 reuses an existing jar.
set -euo pipefail
cd "$(dirname "$0")"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f benchmark/target/benchmarks.jar ]; then
  echo "Building benchmark/target/benchmarks.jar (mvn package -pl benchmark -am) ..."
  mvn -B -q -DskipTests -pl benchmark -am package
fi
exec java ${BENCH_JAVA_OPTS:-} -Dcqrs.bench.command="./bench.sh${*:+ $*}" -jar benchmark/target/benchmarks.jar "$@"
