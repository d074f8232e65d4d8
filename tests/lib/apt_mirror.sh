# shellcheck shell=bash
# This host's Debian mirror, read from its own apt sources, so that a root a test builds fetches
# from wherever the host does (a local mirror, a caching proxy) and no mirror is written here.
# Reads /etc/apt/sources.list and /etc/apt/sources.list.d/*.list (one-line format) and
# /etc/apt/sources.list.d/*.sources (deb822); TG_APT_ETC stands for /etc/apt. Source this file.
#
#   tg_apt_deb_entries              every enabled "deb" entry with the main component, "URI SUITE"
#   tg_debian_mirror SUITE          the URI of the first entry for SUITE (what debootstrap needs)
#   tg_debian_sources_list SUITE    sources.list lines for SUITE, SUITE-updates and SUITE-security,
#                                   each from the host's entries for that suite (none if it has none)
#
# A suite the host has no entry for (another release than its own, as the test matrix builds)
# is fetched from the mirrors of the host's own release: VERSION_CODENAME of /etc/os-release,
# which TG_HOST_SUITE stands for.

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

tg_host_suite() {
    if [ -n "${TG_HOST_SUITE:-}" ]; then echo "$TG_HOST_SUITE"; return; fi
    # shellcheck disable=SC1091
    [ -f /etc/os-release ] && (. /etc/os-release && echo "${VERSION_CODENAME:-}")
}

# SUITE, or the host's own suite when the host has no entry for SUITE.
tg_mirrored_suite() {
    local suite=$1
    if tg_apt_deb_entries | awk -v suite="$suite" '$2 == suite { found = 1 } END { exit !found }'; then
        echo "$suite"
    else
        tg_host_suite
    fi
}

tg_debian_mirror() {
    local suite=$1 from mirror
    from=$(tg_mirrored_suite "$suite")
    mirror=$(tg_apt_deb_entries | awk -v suite="$from" '$2 == suite { print $1; exit }')
    if [ -z "$mirror" ]; then
        echo "apt_mirror.sh: this host's apt sources have no deb entry for $suite with the main component" >&2
        return 1
    fi
    echo "$mirror"
}

tg_debian_sources_list() {
    local suite=$1 from
    from=$(tg_mirrored_suite "$suite")
    # from's entries, renamed to suite's: bookworm-security's mirror serves trixie-security.
    tg_apt_deb_entries | awk -v suite="$suite" -v from="$from" '
        from != "" && ($2 == from || $2 == from "-updates" || $2 == from "-security") {
            line = "deb " $1 " " suite substr($2, length(from) + 1) " main"
            if (!seen[line]++) print line
        }'
}
