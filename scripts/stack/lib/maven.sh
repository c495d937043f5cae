# shellcheck shell=bash
# Maven helpers: resolve jars into the cache with a project-local repository.

STACK_M2_REPO=$CDC_STACK_CACHE/m2

# mvn_stack <pom> <args...>: quiet batch-mode maven with pinned versions as properties;
# its output goes to <cache>/maven-work/<pom dir>.log and is shown on failure.
mvn_stack() {
  local pom=$1 name work rc=0
  shift
  name=$(basename "$(dirname "$pom")")
  work=$CDC_STACK_CACHE/maven-work
  mkdir -p "$work"
  mvn -B -q -f "$pom" \
    -Dmaven.repo.local="$STACK_M2_REPO" \
    -Dstack.build.dir="$work/$name" \
    -Dkafka.version="$STACK_KAFKA_VERSION" \
    -Dscala.binary.version="$STACK_SCALA_VERSION" \
    -Ddebezium.version="$STACK_DEBEZIUM_VERSION" \
    -Dslf4j.version="$STACK_SLF4J_VERSION" \
    -Dreload4j.version="$STACK_RELOAD4J_VERSION" \
    "$@" >"$work/$name.log" 2>&1 || rc=$?
  if ((rc != 0)); then
    sed 's/\x1b\[[0-9;]*m//g' "$work/$name.log" | tail -n 30 >&2
    return "$rc"
  fi
}

# maven_cache_key <pom>: pinned versions + pom content, so a version bump or pom edit
# lands in a new cache directory instead of mixing jars.
maven_cache_key() {
  {
    printf '%s\n' "$STACK_KAFKA_VERSION" "$STACK_SCALA_VERSION" "$STACK_DEBEZIUM_VERSION" \
      "$STACK_SLF4J_VERSION" "$STACK_RELOAD4J_VERSION"
    cat "$1"
  } | sha256sum | cut -c1-10
}

# copy_deps_cached <pom> <libdir>: copy the pom's runtime dependencies into libdir once.
copy_deps_cached() {
  local pom=$1 dir=$2
  if [[ -f "$dir/.complete" ]]; then
    return 0
  fi
  require_java
  require_mvn
  log "maven: resolving $(basename "$(dirname "$pom")") into $dir"
  rm -rf "$dir.tmp"
  mvn_stack "$pom" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$dir.tmp" || die "maven: dependency resolution failed for $pom"
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
  touch "$dir/.complete"
}
