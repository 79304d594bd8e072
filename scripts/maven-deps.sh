# Sourced by scripts/kafka.sh and scripts/s3proxy.sh: Java programs run from their Maven Central artifacts.

# maven_deps_ready <pom> <lib dir>: the jars are there, fetched after the last change of the pom.
maven_deps_ready() { [ -f "$2/.complete" ] && [ "$2/.complete" -nt "$1" ]; }

# maven_deps <pom> <lib dir> <name>: copies the runtime dependencies of <pom> from Maven Central into <lib dir>, once.
# Several callers may start at once (tests run dedicated brokers in parallel): one fetches, the others wait for it.
maven_deps() {
  local pom="$1" lib="$2" name="$3"
  maven_deps_ready "$pom" "$lib" && return 0
  command -v mvn >/dev/null || { echo "[$name] Maven (mvn) is required to fetch $name" >&2; return 1; }
  command -v java >/dev/null || { echo "[$name] Java 17+ is required to run $name" >&2; return 1; }
  mkdir -p "$(dirname "$lib")"
  exec 9>"$lib.lock"
  flock 9
  local rc=0
  if ! maven_deps_ready "$pom" "$lib"; then
    echo "[$name] fetching $name from Maven Central into $lib" >&2
    local tmp; tmp=$(mktemp -d "$lib.XXXXXX")
    if mvn -q -B -f "$pom" dependency:copy-dependencies -DoutputDirectory="$tmp" -DincludeScope=runtime >&2; then
      touch "$tmp/.complete"
      rm -rf "$lib"
      mv "$tmp" "$lib"
    else
      rm -rf "$tmp"
      rc=1
    fi
  fi
  flock -u 9
  exec 9>&-
  return $rc
}
