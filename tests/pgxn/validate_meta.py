#!/usr/bin/env python3
"""Validates PGXN META.json files against the PGXN Meta Spec 1.0 (https://pgxn.org/meta/spec.txt).

usage: validate_meta.py [--tree DIR] META.json...

Prints one line per violation, "FILE: JSON-PATH: what is wrong", and exits 1 if there is any.
With --tree DIR, also checks that the metadata describes the source tree DIR: the Makefile's
EXTENSION and EXTVERSION, the control files' default_version, and the files that provides names.

The rules are our own reading of the spec text and of PGXN's JSON schemas for it (pgxn/meta,
schema/v1). Where the two say different things, the comment at the rule says which one we follow.
"""

import argparse
import json
import os
import re
import sys
import unicodedata
import urllib.parse

# Keys the spec does not define must be custom keys; any other key is invalid.
CUSTOM_KEY = re.compile(r"[xX]_.", re.DOTALL)

# Semantic Versioning 2.0.0: no leading zeros in numeric identifiers, no empty identifiers.
_NUMBER = r"(?:0|[1-9][0-9]*)"
_PRERELEASE_PART = r"(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)"
_BUILD_PART = r"[0-9A-Za-z-]+"
_SEMVER = (rf"{_NUMBER}\.{_NUMBER}\.{_NUMBER}"
           rf"(?:-{_PRERELEASE_PART}(?:\.{_PRERELEASE_PART})*)?"
           rf"(?:\+{_BUILD_PART}(?:\.{_BUILD_PART})*)?")
SEMVER = re.compile(_SEMVER, re.ASCII)

# A Version Range: a Version, optionally after one of the spec's six operators, several of them
# AND-ed with commas ("!= 1.5.0" and ">= 1.2.0, < 2.0.0"); or 0 alone, for any version.
_VERSION_CLAUSE = rf"(?:(?:==|!=|<=|>=|<|>)\s*)?{_SEMVER}"
VERSION_RANGE = re.compile(rf"{_VERSION_CLAUSE}(?:,\s*{_VERSION_CLAUSE})*", re.ASCII)

# The spec's revisions 1.0.x only fix typos and prose ("never change semantics"), so metadata
# written for any of them is 1.0 metadata; the schema accepts the same.
META_SPEC_VERSION = re.compile(r"1\.0\.(?:0|[1-9][0-9]*)", re.ASCII)
# The schema pins the URL to the spec's own address (the spec text only asks for a URI).
META_SPEC_URLS = ("https://pgxn.org/meta/spec.txt", "http://pgxn.org/meta/spec.txt")

LICENSE_STRINGS = (
    "agpl_3", "apache_1_1", "apache_2_0", "artistic_1", "artistic_2", "bsd", "freebsd",
    "gfdl_1_2", "gfdl_1_3", "gpl_1", "gpl_2", "gpl_3", "lgpl_2_1", "lgpl_3_0", "mit",
    "mozilla_1_0", "mozilla_1_1", "openssl", "perl_5", "postgresql", "qpl_1_0", "ssleay", "sun",
    "zlib", "open_source", "restricted", "unrestricted", "unknown",
)
RELEASE_STATUSES = ("stable", "testing", "unstable")
PREREQ_PHASES = ("configure", "build", "test", "runtime", "develop")
PREREQ_RELATIONSHIPS = ("requires", "recommends", "suggests", "conflicts")
TAG_MAX_LENGTH = 255

URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:", re.ASCII)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def json_type(value):
    """The JSON name of a decoded value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):  # before int: bool is an int in Python
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def child(path, key):
    if re.fullmatch(r"[A-Za-z0-9_-]+", key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def quoted(value):
    return json.dumps(value, ensure_ascii=False)


def is_control(character):
    return unicodedata.category(character) == "Cc"


class JsonObject(dict):
    """A decoded JSON object that remembers the keys that appeared in it more than once."""

    def __init__(self, pairs):
        super().__init__()
        self.duplicate_keys = []
        for key, value in pairs:
            if key in self and key not in self.duplicate_keys:
                self.duplicate_keys.append(key)
            self[key] = value


def reject_constant(name):
    raise ValueError(f"{name} is not JSON")


class MetaValidator:
    def __init__(self):
        self.violations = []

    def add(self, path, message):
        self.violations.append(f"{path}: {message}")

    # Data types of the spec ("Data Types")

    def expect_type(self, path, value, expected_type):
        if json_type(value) != expected_type:
            self.add(path, f"must be {'an' if expected_type[0] in 'ao' else 'a'} {expected_type}, "
                           f"not {json_type(value)}")
            return False
        return True

    def string(self, path, value):
        """A String: a non-zero length sequence of Unicode characters."""
        if not self.expect_type(path, value, "string"):
            return False
        if value == "":
            self.add(path, "must not be empty")
            return False
        return True

    def term(self, path, value):
        """A Term: at least two characters, no slash, backslash, space or control characters."""
        if not self.string(path, value):
            return
        if len(value) < 2:
            self.add(path, f"{quoted(value)} is not a term: shorter than 2 characters")
        bad = sorted({c for c in value if c in "/\\" or c.isspace() or is_control(c)})
        if bad:
            self.add(path, f"{quoted(value)} is not a term: it contains {quoted(''.join(bad))} "
                           "(no slash, backslash, space or control character allowed)")

    def tag(self, path, value):
        """A Tag: 2 to 255 characters, no slash, backslash or control characters (spaces are fine).

        The spec text only bounds the length above; the schema also wants at least 2 characters."""
        if not self.string(path, value):
            return
        if not 2 <= len(value) <= TAG_MAX_LENGTH:
            self.add(path, f"tag of length {len(value)}: a tag has 2 to {TAG_MAX_LENGTH} characters")
        bad = sorted({c for c in value if c in "/\\" or is_control(c)})
        if bad:
            self.add(path, f"{quoted(value)} is not a tag: it contains {quoted(''.join(bad))} "
                           "(no slash, backslash or control character allowed)")

    def uri(self, path, value):
        """A URI (RFC 3986): a scheme, then no whitespace or control characters."""
        if not self.string(path, value):
            return
        valid = bool(URI_SCHEME.match(value)) and not any(c.isspace() or is_control(c) for c in value)
        if valid:
            try:
                urllib.parse.urlsplit(value)
            except ValueError:  # e.g. an unclosed IPv6 bracket
                valid = False
        if not valid:
            self.add(path, f"{quoted(value)} is not a URI")

    def email(self, path, value):
        if self.string(path, value) and not EMAIL.fullmatch(value):
            self.add(path, f"{quoted(value)} is not an email address")

    def version(self, path, value):
        """A Version: a Semantic Versioning 2.0.0 version (the schema's reading of the spec)."""
        if self.string(path, value) and not SEMVER.fullmatch(value):
            self.add(path, f"{quoted(value)} is not a semantic version (MAJOR.MINOR.PATCH, "
                           "see semver.org)")

    def version_range(self, path, value):
        """A Version Range, or 0 (number or string) for any version."""
        if (json_type(value) == "number" and value == 0) or value == "0":
            return
        if json_type(value) != "string":
            self.add(path, f"must be a version range string or 0, not {json_type(value)}")
            return
        if not VERSION_RANGE.fullmatch(value):
            self.add(path, f"{quoted(value)} is not a version range (a version, optionally after "
                           "==, !=, <, <=, > or >=, several joined by commas; or 0)")

    def path(self, path, value):
        """A Path: relative to the distribution's root, with unix conventions."""
        if not self.string(path, value):
            return
        if "\\" in value:
            self.add(path, f"{quoted(value)} is not a unix path: it contains a backslash")
        elif value.startswith("/"):
            self.add(path, f"{quoted(value)} is not relative to the distribution's root")
        elif ".." in value.split("/"):
            self.add(path, f"{quoted(value)} leaves the distribution (..)")

    def list_of(self, path, value, check_item, unique=False):
        """A List of one or more items, as an array: the spec has producers write Lists so (it
        only asks consumers to read a lone String as a List of one). The schema lets maintainer,
        license and no_index's paths be a lone String all the same, and so do we, there alone."""
        if not self.expect_type(path, value, "array"):
            return
        if not value:
            self.add(path, "must not be empty")
        for index, item in enumerate(value):
            check_item(f"{path}[{index}]", item)
            if unique and item in value[:index]:
                self.add(f"{path}[{index}]", f"{quoted(item)} is listed twice")

    def keys(self, path, value, fields, required=(), non_empty=False):
        """An object with the given fields (key -> check), custom keys and no other key."""
        if not self.expect_type(path, value, "object"):
            return False
        if non_empty and not value:
            self.add(path, "must not be empty")
        for key in required:
            if key not in value:
                self.add(path, f"missing required key {quoted(key)}")
        for key, item in value.items():
            if key in fields:
                fields[key](child(path, key), item)
            elif not CUSTOM_KEY.match(key):
                self.add(child(path, key), "unknown key (the spec's custom keys start with x_ or X_)")
        return True

    def map_of(self, path, value, check_key, check_item):
        """An object of one or more entries whose keys are data, not field names."""
        if not self.expect_type(path, value, "object"):
            return
        if not value:
            self.add(path, "must not be empty")
        for key, item in value.items():
            check_key(child(path, key), key)
            check_item(child(path, key), item)

    def report_duplicate_keys(self, path, value):
        """JSON leaves duplicate keys undefined: a consumer may see either value."""
        if isinstance(value, JsonObject):
            for key in value.duplicate_keys:
                self.add(child(path, key), "duplicate key")
            for key, item in value.items():
                self.report_duplicate_keys(child(path, key), item)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.report_duplicate_keys(f"{path}[{index}]", item)

    # Fields of the spec ("Structure")

    def maintainer(self, path, value):
        """One contact String, or a List of one or more."""
        if json_type(value) == "string":
            self.string(path, value)
        elif json_type(value) == "array":
            self.list_of(path, value, self.string)
        else:
            self.add(path, f"must be a string or an array of strings, not {json_type(value)}")

    def license(self, path, value):
        """A License String, a List of License Strings, or an object of license name -> URI."""
        def license_string(item_path, item):
            if self.string(item_path, item) and item not in LICENSE_STRINGS:
                self.add(item_path, f"{quoted(item)} is not one of the spec's license strings "
                                    f"({', '.join(LICENSE_STRINGS)}); name any other license "
                                    "with an object of name to URL")

        if json_type(value) == "string":
            license_string(path, value)
        elif json_type(value) == "array":
            self.list_of(path, value, license_string)
        elif json_type(value) == "object":
            self.map_of(path, value, self.string, self.uri)
        else:
            self.add(path, f"must be a license string, an array of them or an object, "
                           f"not {json_type(value)}")

    def extension(self, path, value):
        """A provides entry. docpath, which PGXN's API server adds to the schema, is not the
        spec's and has no place in a source distribution."""
        self.keys(path, value, {
            "file": self.path,
            "version": self.version,
            "abstract": self.string,
            "docfile": self.path,
        }, required=("file", "version"))

    def meta_spec(self, path, value):
        def version(version_path, item):
            if self.string(version_path, item) and not META_SPEC_VERSION.fullmatch(item):
                self.add(version_path, f"{quoted(item)} is not a version of PGXN Meta Spec 1.0 "
                                       "(1.0.0, 1.0.1, ...)")

        def url(url_path, item):
            if self.string(url_path, item) and item not in META_SPEC_URLS:
                self.add(url_path, f"{quoted(item)} is not the spec's URL ({META_SPEC_URLS[0]})")

        self.keys(path, value, {"version": version, "url": url}, required=("version",))

    def no_index(self, path, value):
        def paths(list_path, item):  # a Path, or a List of distinct Paths
            if json_type(item) == "string":
                self.path(list_path, item)
            else:
                self.list_of(list_path, item, self.path, unique=True)

        if self.keys(path, value, {"file": paths, "directory": paths}) \
                and "file" not in value and "directory" not in value:
            self.add(path, 'must have "file" or "directory"')

    def prereqs(self, path, value):
        def relationship(relationship_path, item):
            self.map_of(relationship_path, item, self.term, self.version_range)

        def phase(phase_path, item):
            self.keys(phase_path, item, dict.fromkeys(PREREQ_RELATIONSHIPS, relationship),
                      non_empty=True)

        self.keys(path, value, dict.fromkeys(PREREQ_PHASES, phase), non_empty=True)

    def release_status(self, path, value):
        if self.string(path, value) and value not in RELEASE_STATUSES:
            self.add(path, f"{quoted(value)} is not one of {', '.join(RELEASE_STATUSES)}")

    def resources(self, path, value):
        def bugtracker(tracker_path, item):
            if self.keys(tracker_path, item, {"web": self.uri, "mailto": self.email}) \
                    and "web" not in item and "mailto" not in item:
                self.add(tracker_path, 'must have "web" or "mailto"')

        def vcs_type(type_path, item):
            if self.string(type_path, item) and item != item.lower():
                self.add(type_path, f"{quoted(item)} must be lowercase (git, svn, hg, ...)")

        def repository(repository_path, item):
            # A url alone is ambiguous as to the VCS: the spec asks for its type with it, and the
            # schema makes that a rule (url and type, or web).
            if not self.keys(repository_path, item,
                             {"url": self.uri, "web": self.uri, "type": vcs_type}):
                return
            if "url" in item and "type" not in item:
                self.add(repository_path, 'has "url" without "type"')
            elif "url" not in item and "web" not in item:
                self.add(repository_path, 'must have "url" and "type", or "web"')

        self.keys(path, value, {"homepage": self.uri, "bugtracker": bugtracker,
                                "repository": repository}, non_empty=True)

    def distribution(self, meta):
        self.report_duplicate_keys("$", meta)
        self.keys("$", meta, {
            "name": self.term,
            "version": self.version,
            "abstract": self.string,
            "maintainer": self.maintainer,
            "license": self.license,
            "provides": lambda path, value: self.map_of(path, value, self.term, self.extension),
            "meta-spec": self.meta_spec,
            "description": self.string,
            "generated_by": self.string,
            "tags": lambda path, value: self.list_of(path, value, self.tag),
            "no_index": self.no_index,
            "prereqs": self.prereqs,
            "release_status": self.release_status,
            "resources": self.resources,
        }, required=("name", "version", "abstract", "maintainer", "license", "provides",
                     "meta-spec"))


def make_variable(makefile_text, name):
    match = re.search(rf"^{name}[ \t]*[:?]?=[ \t]*(.*?)[ \t]*$", makefile_text, re.MULTILINE)
    return match.group(1) if match else None


# EXTVERSION read from the tree's VERSION file, as the Makefile does: $(shell cat ...VERSION).
READS_VERSION_FILE = re.compile(r"^\$\(shell cat .*VERSION\)$")


def tree_extversion(tree, makefile_text):
    """The Makefile's EXTVERSION, and where it comes from ("" for the Makefile itself)."""
    value = make_variable(makefile_text, "EXTVERSION")
    if value is None or not READS_VERSION_FILE.match(value):
        return value, ""
    try:
        with open(os.path.join(tree, "VERSION"), encoding="utf-8") as version_file:
            return version_file.readline().strip(), " (VERSION)"
    except OSError:
        return None, " (VERSION is missing)"


def control_default_version(control_path):
    with open(control_path, encoding="utf-8") as control:
        match = re.search(r"^\s*default_version\s*=\s*'([^']*)'", control.read(), re.MULTILINE)
    return match.group(1) if match else None


def check_tree(meta, tree, add):
    """The metadata against the tree it describes; add(path, message) for each mismatch. Fields
    of the wrong type are skipped: the spec check has reported them."""
    try:
        with open(os.path.join(tree, "Makefile"), encoding="utf-8") as makefile:
            makefile_text = makefile.read()
    except OSError as error:
        add("$", f"cannot read the tree's Makefile: {error.strerror}")
        return
    control_names = sorted(entry[:-len(".control")] for entry in os.listdir(tree)
                           if entry.endswith(".control"))
    default_versions = {name: control_default_version(os.path.join(tree, f"{name}.control"))
                        for name in control_names}

    # make dist names the archive and its folder EXTENSION-EXTVERSION; PGXN expects name-version.
    name, version = meta.get("name"), meta.get("version")
    extension = make_variable(makefile_text, "EXTENSION")
    if isinstance(name, str) and name != extension:
        add("$.name", f"{quoted(name)} differs from EXTENSION {quoted(extension)} in Makefile")
    extversion, origin = tree_extversion(tree, makefile_text)
    if isinstance(version, str) and version != extversion:
        add("$.version", f"{quoted(version)} differs from EXTVERSION {quoted(extversion)}{origin} "
                         "in Makefile")
    if isinstance(version, str) and extension in default_versions \
            and version != default_versions[extension]:
        add("$.version", f"{quoted(version)} differs from default_version "
                         f"{quoted(default_versions[extension])} in {extension}.control")

    provides = meta.get("provides")
    if not isinstance(provides, dict):
        return
    for name in control_names:
        if name not in provides:
            add("$.provides", f"the tree has {name}.control, but provides has no {quoted(name)}")
    real_tree = os.path.realpath(tree)
    for name, entry in provides.items():
        entry_path = child("$.provides", name)
        if name not in default_versions:
            add(entry_path, f"no control file {name}.control in the tree")
        if not isinstance(entry, dict):
            continue
        if name in default_versions and entry.get("version") != default_versions[name]:
            add(child(entry_path, "version"),
                f"{quoted(entry.get('version'))} differs from default_version "
                f"{quoted(default_versions[name])} in {name}.control")
        for key in ("file", "docfile"):
            file = entry.get(key)
            if not isinstance(file, str):
                continue
            real_file = os.path.realpath(os.path.join(tree, file))
            if os.path.commonpath([real_tree, real_file]) != real_tree \
                    or not os.path.isfile(real_file):
                add(child(entry_path, key), f"{file} does not exist in the tree")


def validate(meta_path, tree):
    """The violations in one META.json file, as lines."""
    try:
        with open(meta_path, encoding="utf-8") as meta_file:
            meta = json.load(meta_file, object_pairs_hook=JsonObject,
                             parse_constant=reject_constant)
    except OSError as error:
        return [f"$: cannot read: {error.strerror}"]
    except (ValueError, UnicodeDecodeError) as error:
        return [f"$: not valid JSON: {error}"]
    validator = MetaValidator()
    validator.distribution(meta)
    if tree is not None and isinstance(meta, dict):
        check_tree(meta, tree, validator.add)
    return validator.violations


def main():
    parser = argparse.ArgumentParser(
        description="Validate PGXN META.json files against the PGXN Meta Spec 1.0.")
    parser.add_argument("--tree", metavar="DIR",
                        help="also check the metadata against the source tree DIR")
    parser.add_argument("meta", nargs="+", metavar="META.json")
    arguments = parser.parse_args()
    failed = False
    for meta_path in arguments.meta:
        violations = validate(meta_path, arguments.tree)
        for violation in violations:
            print(f"{meta_path}: {violation}")
        if violations:
            failed = True
        else:
            print(f"{meta_path}: conforms to PGXN Meta Spec 1.0"
                  + (f" and describes {arguments.tree}" if arguments.tree else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
