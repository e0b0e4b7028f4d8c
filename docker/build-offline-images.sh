#!/usr/bin/env bash
# Builds, without any container registry, the images that stand in for the Docker Hub ones on a machine that
# cannot pull:
#   jre       jailnet-offline/temurin:17-jre   for eclipse-temurin:17-jre  Debian bookworm (debootstrap minbase)
#                                                                          + openjdk-17-jre-headless + curl
#   kafka     jailnet-offline/kafka:4.1.2      for apache/kafka:4.1.2      jre + org.apache.kafka:kafka_2.13 and
#                                                                          its runtime jars (docker/kafka/)
#   postgres  jailnet-offline/postgres:15      for postgres:17             Debian bookworm + postgresql (15)
#                                                                          (docker/postgres/)
# and writes docker/offline.env, which points docker-compose.yml at them:
#   docker-compose --env-file docker/offline.env up -d --build
#
# Where the packages come from is the machine's own configuration, never a host written here:
#   Debian packages  the archive that apt's sources name for the suite (apt-get indextargets reads both the
#                    deb822 .sources files and sources.list), through apt's proxy if it has one;
#                    $DEBIAN_MIRROR overrides it
#   jars             Maven, through the project's wrapper (./mvnw -f docker/kafka/pom.xml
#                    dependency:copy-dependencies): the local repository first, then the repositories of
#                    Maven's settings; checksums are checked (-C)
#
# Usage: docker/build-offline-images.sh [--force] [--rebootstrap] [jre|kafka|postgres ...]
#   (no names: all three)  An image built from the inputs there are now (its label holds their digest) is
#   skipped; one whose inputs changed (packages, Dockerfile, scripts, the Kafka version, its base image) is
#   rebuilt. --force rebuilds even those; a rebuilt jre also rebuilds kafka on it; --rebootstrap also throws away
#   the cached debootstrap root file systems (implies --force). A superseded image is removed unless something
#   (a service image) still uses it.
# Needs: root, a running docker engine, debootstrap, apt (for its sources), Java (for the Maven wrapper).
# Cache (outside the repository): $JAILNET_IMAGE_CACHE, default /var/cache/jailnet-images: the debootstrap
# chroots (reused), downloaded .debs and the build contexts.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

CACHE="${JAILNET_IMAGE_CACHE:-/var/cache/jailnet-images}"
SUITE="${DEBIAN_SUITE:-bookworm}"
MIRROR="${DEBIAN_MIRROR:-}"
project="$(cd "$here/.." && pwd)"

JRE_IMAGE="jailnet-offline/temurin:17-jre"
KAFKA_IMAGE="jailnet-offline/kafka:4.1.2"
POSTGRES_ROOTFS_IMAGE="jailnet-offline/postgres-rootfs:15"
POSTGRES_IMAGE="jailnet-offline/postgres:15"
OFFLINE_ENV="${here}/offline.env"

JRE_PACKAGES="openjdk-17-jre-headless,ca-certificates,curl,netbase"
POSTGRES_PACKAGES="postgresql,netbase"

force=0
rebootstrap=0
wanted=()
for arg in "$@"; do
    case "$arg" in
        --force) force=1 ;;
        --rebootstrap) force=1; rebootstrap=1 ;;
        jre|kafka|postgres) wanted+=("$arg") ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $arg (see --help)" >&2; exit 2 ;;
    esac
done
[ ${#wanted[@]} -gt 0 ] || wanted=(jre kafka postgres)
wants() { local w; for w in "${wanted[@]}"; do [ "$w" = "$1" ] && return 0; done; return 1; }

if [ "$(id -u)" -ne 0 ]; then
    echo "build-offline-images.sh: must run as root (debootstrap)" >&2
    exit 1
fi
for tool in docker debootstrap apt-get java; do
    command -v "$tool" >/dev/null 2>&1 || { echo "build-offline-images.sh: $tool is missing (docker/ci-setup.sh installs it)" >&2; exit 1; }
done
docker info >/dev/null 2>&1 || { echo "build-offline-images.sh: no docker engine answers (docker/ci-setup.sh starts one)" >&2; exit 1; }

mkdir -p "$CACHE/rootfs" "$CACHE/debs" "$CACHE/context"
# The legacy builder: the docker client here may have no buildx, and the Dockerfiles need nothing newer.
export DOCKER_BUILDKIT=0

# docker build, quiet unless it fails (the legacy builder's deprecation notice is not news).
docker_build() {
    local log
    log="$(mktemp)"
    if ! docker build "$@" > "$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "docker build $* failed" >&2
        exit 1
    fi
    rm -f "$log"
}
image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
# Each image carries, as a label, a digest of what it is built from: one whose inputs changed since (a package
# list, a Dockerfile, the Kafka version, the base image) is rebuilt, not reused.
INPUTS_LABEL="dev.jailnet.inputs"
inputs_of() {
    case "$1" in
        jre) printf '%s\n' "$SUITE" "$JRE_PACKAGES" ;;
        kafka) image_id "$JRE_IMAGE"; cat "$project/pom.xml" "$here/kafka/pom.xml" "$here/kafka/Dockerfile"
               find "$here/kafka/bin" "$here/kafka/config" -type f | sort | xargs cat ;;
        postgres) printf '%s\n' "$SUITE" "$POSTGRES_PACKAGES"; cat "$here/postgres/Dockerfile" "$here/postgres/docker-entrypoint.sh" ;;
    esac | sha256sum | cut -d' ' -f1
}
# up_to_date NAME IMAGE: it exists, nothing asks for a rebuild, and it was built from the inputs there are now.
up_to_date() {
    local built
    [ "$force" -eq 0 ] && image_exists "$2" || return 1
    built="$(docker image inspect --format "{{index .Config.Labels \"$INPUTS_LABEL\"}}" "$2" 2>/dev/null || true)"
    [ "$built" = "$(inputs_of "$1")" ]
}
image_id() { docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }
# After a rebuild: drop the image that the tag named before, unless something still uses it.
drop_superseded() {
    local old="$1" tag="$2"
    if [ -n "$old" ] && [ "$old" != "$(image_id "$tag")" ]; then
        docker image rm "$old" >/dev/null 2>&1 || true
    fi
}
timer_start() { t0=$(date +%s); }
timer_report() { echo "== $1: built in $(( $(date +%s) - t0 )) s"; }

# Unmounts whatever is still mounted below a chroot (a debootstrap that was interrupted leaves /proc, /sys).
unmount_below() {
    local dir mounts
    dir="$(realpath -m "$1")"
    mounts="$(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r)"
    [ -z "$mounts" ] || echo "$mounts" | xargs -r -n 1 umount -l
}

# The archive of $SUITE's main component among apt's configured sources (whether or not apt has fetched its
# lists yet), unless $DEBIAN_MIRROR names one. apt's HTTP proxy, if set, is handed to debootstrap.
apt_mirror() {
    local uri release component
    while read -r uri release component; do
        if [ "$release" = "$SUITE" ] && [ "$component" = main ]; then
            echo "${uri%/}"
            return 0
        fi
    done < <(apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' \
                'Created-By: Packages' 2>/dev/null)
    return 1
}
if [ -z "$MIRROR" ]; then
    MIRROR="$(apt_mirror)" || {
        echo "build-offline-images.sh: apt's sources name no archive of Debian $SUITE (main); set DEBIAN_MIRROR" >&2
        exit 1
    }
fi
if [ -z "${http_proxy:-}" ]; then
    eval "$(apt-config shell http_proxy Acquire::http::Proxy)"
    [ -z "${http_proxy:-}" ] || export http_proxy
fi

# debootstrap_rootfs NAME PACKAGES: a minbase chroot with PACKAGES, cached as $CACHE/rootfs/NAME and reused
# while its package list is the same (the marker file is written only when debootstrap succeeded).
debootstrap_rootfs() {
    local name="$1" packages="$2" dir="$CACHE/rootfs/$1" marker="$CACHE/rootfs/$1.done"
    local wanted_marker="$SUITE $MIRROR $packages"
    if [ "$rebootstrap" -eq 0 ] && [ -f "$marker" ] && [ "$(cat "$marker")" = "$wanted_marker" ] && [ -d "$dir" ]; then
        echo "   reusing the debootstrap root file system $dir"
        return 0
    fi
    rm -f "$marker"
    if [ -e "$dir" ]; then
        unmount_below "$dir"
        rm -rf --one-file-system "$dir"
    fi
    echo "   debootstrap --variant=minbase --include=$packages $SUITE $dir $MIRROR"
    local t=$(date +%s) log="$CACHE/rootfs/$name.debootstrap.log"
    if ! debootstrap --variant=minbase --include="$packages" --cache-dir="$CACHE/debs" \
            "$SUITE" "$dir" "$MIRROR" > "$log" 2>&1; then
        unmount_below "$dir"
        echo "debootstrap failed; the end of $log:" >&2
        tail -n 30 "$log" >&2
        exit 1
    fi
    unmount_below "$dir"
    echo "$wanted_marker" > "$marker"
    echo "   debootstrap took $(( $(date +%s) - t )) s"
}

# import_rootfs DIR IMAGE [--change ...]: the chroot as a one-layer image, without apt's caches and lists.
import_rootfs() {
    local dir="$1" image="$2"; shift 2
    tar -C "$dir" --numeric-owner \
        --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' --exclude='./tmp/*' --exclude='./run/*' \
        --exclude='./var/cache/apt/archives/*.deb' --exclude='./var/cache/apt/*.bin' \
        --exclude='./var/lib/apt/lists/*' --exclude='./var/log/*' --exclude='./debootstrap' \
        -c . | docker import "$@" - "$image" > /dev/null
}

build_jre() {
    if up_to_date jre "$JRE_IMAGE"; then
        echo "== jre: $JRE_IMAGE is up to date, skipped (--force rebuilds)"
        return 0
    fi
    echo "== jre: $JRE_IMAGE"
    timer_start
    local old; old="$(image_id "$JRE_IMAGE")"
    debootstrap_rootfs jre-bookworm "$JRE_PACKAGES"
    local dir="$CACHE/rootfs/jre-bookworm" java_home
    local homes=("$dir"/usr/lib/jvm/java-17-openjdk-*)
    java_home="${homes[0]#"$dir/"}"
    [ -x "$dir/$java_home/bin/java" ] || { echo "no Java 17 in $dir" >&2; exit 1; }
    import_rootfs "$dir" "$JRE_IMAGE" \
        --change "LABEL $INPUTS_LABEL=$(inputs_of jre)" \
        --change "ENV JAVA_HOME=/$java_home" \
        --change "ENV PATH=/$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
        --change "ENV LANG=C.UTF-8" \
        --change 'CMD ["bash"]' \
        --message "Debian $SUITE minbase + $JRE_PACKAGES (jailnet's substitute for eclipse-temurin:17-jre)"
    # the whole output is read (a reader that stops early would kill the writer with SIGPIPE under pipefail)
    local version
    version="$(docker run --rm "$JRE_IMAGE" java -version 2>&1)"
    echo "   ${version%%$'\n'*}"
    timer_report jre
    # (the old base is still used by the kafka image until that is rebuilt on the new one, below)
    superseded_jre="$old"
}

build_kafka() {
    if up_to_date kafka "$KAFKA_IMAGE"; then
        echo "== kafka: $KAFKA_IMAGE is up to date, skipped (--force rebuilds)"
        return 0
    fi
    image_exists "$JRE_IMAGE" || { echo "kafka needs $JRE_IMAGE: build jre first" >&2; exit 1; }
    echo "== kafka: $KAFKA_IMAGE"
    timer_start
    local old; old="$(image_id "$KAFKA_IMAGE")"
    local ctx="$CACHE/context/kafka" log jars
    rm -rf "$ctx"
    mkdir -p "$ctx/libs"
    cp -r "$here/kafka/Dockerfile" "$here/kafka/bin" "$here/kafka/config" "$ctx/"
    log="$(mktemp)"
    if ! "$project/mvnw" -B -q -C -f "$here/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
            -DoutputDirectory="$ctx/libs" > "$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "the Kafka jars could not be resolved (./mvnw -f docker/kafka/pom.xml dependency:copy-dependencies)" >&2
        exit 1
    fi
    rm -f "$log"
    [ -f "$ctx/libs/kafka_2.13-${KAFKA_IMAGE##*:}.jar" ] || {
        echo "docker/kafka/pom.xml did not resolve Kafka ${KAFKA_IMAGE##*:}, which $KAFKA_IMAGE names" >&2
        exit 1
    }
    jars=("$ctx"/libs/*.jar)
    echo "   ${#jars[@]} jars from Maven (the local repository, else the repositories of its settings)"
    docker_build --build-arg BASE_IMAGE="$JRE_IMAGE" --label "$INPUTS_LABEL=$(inputs_of kafka)" -t "$KAFKA_IMAGE" "$ctx"
    drop_superseded "$old" "$KAFKA_IMAGE"
    timer_report kafka
}

build_postgres() {
    if up_to_date postgres "$POSTGRES_IMAGE"; then
        echo "== postgres: $POSTGRES_IMAGE is up to date, skipped (--force rebuilds)"
        return 0
    fi
    echo "== postgres: $POSTGRES_IMAGE"
    timer_start
    local old old_rootfs
    old="$(image_id "$POSTGRES_IMAGE")"; old_rootfs="$(image_id "$POSTGRES_ROOTFS_IMAGE")"
    debootstrap_rootfs postgres-bookworm "$POSTGRES_PACKAGES"
    import_rootfs "$CACHE/rootfs/postgres-bookworm" "$POSTGRES_ROOTFS_IMAGE" \
        --message "Debian $SUITE minbase + $POSTGRES_PACKAGES (root file system of jailnet-offline/postgres)"
    local ctx="$CACHE/context/postgres"
    rm -rf "$ctx"
    mkdir -p "$ctx"
    cp "$here/postgres/Dockerfile" "$here/postgres/docker-entrypoint.sh" "$ctx/"
    docker_build --build-arg ROOTFS_IMAGE="$POSTGRES_ROOTFS_IMAGE" --label "$INPUTS_LABEL=$(inputs_of postgres)" \
        -t "$POSTGRES_IMAGE" "$ctx"
    docker run --rm --entrypoint postgres "$POSTGRES_IMAGE" --version | sed 's/^/   /'
    drop_superseded "$old" "$POSTGRES_IMAGE"
    drop_superseded "$old_rootfs" "$POSTGRES_ROOTFS_IMAGE"
    timer_report postgres
}

write_offline_env() {
    cat > "$OFFLINE_ENV" <<EOF
# Written by docker/build-offline-images.sh: docker-compose.yml with the images that it builds locally, for
# machines that cannot pull from Docker Hub. Use it instead of .env:
#   docker-compose --env-file docker/offline.env up -d --build
COMPOSE_PROJECT_NAME=jailnet
JAVA_IMAGE=$JRE_IMAGE
KAFKA_IMAGE=$KAFKA_IMAGE
POSTGRES_IMAGE=$POSTGRES_IMAGE
EOF
}

all_started=$(date +%s)
superseded_jre=""
# A new jre base means a new kafka image too (when there is one, or when it is wanted).
if wants jre && ! wants kafka && image_exists "$KAFKA_IMAGE"; then wanted+=(kafka); fi
wants jre && build_jre
wants kafka && build_kafka
drop_superseded "$superseded_jre" "$JRE_IMAGE"
wants postgres && build_postgres
write_offline_env
echo "== offline images ready in $(( $(date +%s) - all_started )) s; compose settings in ${OFFLINE_ENV#"$PWD/"}:"
docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep '^jailnet-offline/' | sed 's/^/   /' || true
