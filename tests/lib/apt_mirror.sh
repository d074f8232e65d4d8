# shellcheck shell=bash
# This host's Debian mirror, read from its own apt sources, so that a root a test builds fetches
# from wherever the host does (a local mirror, a caching proxy) and no mirror is written here.
# Reads /etc/apt/sources.list and /etc/apt/sources.list.d/*.list (one-line format) and
# /etc/apt/sources.list.d/*.sources (deb822); TG_APT_ETC stands for /etc/apt. Source this file.
#
# A suite the host has no entry for (a test root of Debian 13 on a Debian 12 host) comes from the
# archives the host uses for its own release, VERSION_CODENAME in /etc/os-release (TG_OS_RELEASE
# stands for that file): a Debian mirror carries every release, its security archive likewise.
#
#   tg_apt_deb_entries              every enabled "deb" entry with the main component, "URI SUITE"
#   tg_debian_mirror SUITE          the URI of the first entry for SUITE (what debootstrap needs)
#   tg_debian_sources_list SUITE    sources.list lines for SUITE, SUITE-updates and SUITE-security,
#                                   each from the host's entries for that suite (none if it has none)

tg_apt_deb_entries() {
    local etc=${TG_APT_ETC:-/etc/apt} files=()
    [ -f "$etc/sources.list" ] && files+=("$etc/sources.list")
    local file
    for file in "$etc"/sources.list.d/*.list "$etc"/sources.list.d/*.sources; do
        [ -f "$file" ] && files+=("$file")
    done
    [ ${#files[@]} -gt 0 ] || return 0
    awk '
        function emit(types, uris, suites, components,   t, u, s, nt, nu, ns, type, uri, suite) {
            if (" " components " " !~ / main /) return
            nt = split(types, type, " "); nu = split(uris, uri, " "); ns = split(suites, suite, " ")
            for (t = 1; t <= nt; t++) {
                if (type[t] != "deb") continue
                for (u = 1; u <= nu; u++) {
                    sub(/\/+$/, "", uri[u])
                    for (s = 1; s <= ns; s++) print uri[u], suite[s]
                }
            }
        }
        # deb822: a stanza ends at a blank line or at the end of its file.
        function end_stanza() {
            if (stanza && tolower(field["enabled"]) != "no")
                emit(field["types"], field["uris"], field["suites"], field["components"])
            delete field
            stanza = 0
            key = ""
        }
        FNR == 1 { end_stanza(); deb822 = FILENAME ~ /\.sources$/ }
        { sub(/\r$/, "") }
        deb822 && /^#/ { next }
        deb822 && /^[ \t]*$/ { end_stanza(); next }
        deb822 && /^[ \t]/ { if (key != "") field[key] = field[key] " " $0; next }
        deb822 {
            colon = index($0, ":")
            if (colon == 0) next
            key = tolower(substr($0, 1, colon - 1))
            field[key] = substr($0, colon + 1)
            gsub(/^[ \t]+|[ \t]+$/, "", field[key])
            stanza = 1
            next
        }
        {
            sub(/#.*/, "")
            gsub(/\[[^]]*\]/, "")  # options such as [arch=amd64 signed-by=...]
            if ($1 != "deb" || NF < 4) next
            components = ""
            for (i = 4; i <= NF; i++) components = components " " $i
            emit("deb", $2, $3, components)
        }
        END { end_stanza() }
    ' "${files[@]}"
}

# The host's own Debian release (bookworm), or nothing.
tg_host_debian_suite() {
    local os_release=${TG_OS_RELEASE:-/etc/os-release}
    [ -f "$os_release" ] || return 0
    # shellcheck disable=SC1090  # a file of shell assignments, read in a subshell
    (. "$os_release" && echo "${VERSION_CODENAME:-}")
}

# SUITE: the host's entries for SUITE and its updates and security suites, "URI SUITE"; when it has
# none for SUITE, its entries for its own release, renamed to SUITE.
tg_suite_deb_entries() {
    local suite=$1 entries host_suite
    entries=$(tg_apt_deb_entries)
    host_suite=$(tg_host_debian_suite)
    awk -v suite="$suite" -v host_suite="$host_suite" '
        function pocket_of(entry_suite, release) {
            if (entry_suite == release) return ""
            if (entry_suite == release "-updates") return "-updates"
            if (entry_suite == release "-security") return "-security"
            return "none"
        }
        { uri[NR] = $1; entry_suite[NR] = $2 }
        END {
            for (i = 1; i <= NR; i++) if (pocket_of(entry_suite[i], suite) != "none") own = 1
            release = own ? suite : host_suite
            if (release == "") exit
            for (i = 1; i <= NR; i++) {
                pocket = pocket_of(entry_suite[i], release)
                if (pocket != "none" && !seen[uri[i], pocket]++) print uri[i], suite pocket
            }
        }' <<<"$entries"
}

tg_debian_mirror() {
    local suite=$1 mirror
    mirror=$(tg_suite_deb_entries "$suite" | awk -v suite="$suite" '$2 == suite { print $1; exit }')
    if [ -z "$mirror" ]; then
        echo "apt_mirror.sh: this host's apt sources have no deb entry for $suite with the main component" \
            "(nor for its own release, $(tg_host_debian_suite))" >&2
        return 1
    fi
    echo "$mirror"
}

tg_debian_sources_list() {
    tg_suite_deb_entries "$1" | awk '{ print "deb", $1, $2, "main" }'
}
