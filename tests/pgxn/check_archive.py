#!/usr/bin/env python3
"""Checks the PGXN archive that `make dist` made against the repository it was made from.

usage: check_archive.py ARCHIVE REPO

PGXN takes a zip named NAME-VERSION.zip (the name and version of REPO's META.json) whose every
member lies under NAME-VERSION/. It must hold what a build from it needs: META.json, the Makefile,
VERSION, each control file, the files that provides names, and every source file that git tracks under
core/ and extension/. It must hold no build product of a developer's tree.

Prints one line per problem and exits 1 if there is any.
"""

import json
import os
import subprocess
import sys
import zipfile

# The sources that the Makefile's OBJS and SHLIB_LINK use.
SOURCE_DIRECTORIES = ("core", "extension")
BUILD_PRODUCT_SUFFIXES = (".o", ".so", ".bc", ".a", ".deb", ".zip")
# Anywhere in the tree: npm's and Python's caches, git's own folder.
BUILD_PRODUCT_DIRECTORIES = ("node_modules", "__pycache__", ".git")
# At the top, as .gitignore lists them: pg_regress's outputs; and build/, build-*/ (CMake's and
# make deb's build folders).
TOP_BUILD_PRODUCT_DIRECTORIES = ("results", "tmp_check", "log")


def build_product(relative_path):
    """Why a member path inside NAME-VERSION/ is a build product, or None."""
    parts = relative_path.rstrip("/").split("/")
    directories = parts if relative_path.endswith("/") else parts[:-1]
    for directory in directories:
        if directory in BUILD_PRODUCT_DIRECTORIES:
            return f"{directory}/ folder"
    top = parts[0]
    if len(parts) > 1 or relative_path.endswith("/"):
        if top == "build" or top.startswith("build-") or top in TOP_BUILD_PRODUCT_DIRECTORIES:
            return f"{top}/ folder"
    if not relative_path.endswith("/") and parts[-1].endswith(BUILD_PRODUCT_SUFFIXES):
        return f"{os.path.splitext(parts[-1])[1]} file"
    return None


def required_files(repo, meta):
    """What a build from the archive needs, relative to its root."""
    required = ["META.json", "Makefile", "VERSION"]  # the Makefile reads VERSION
    for extension, entry in meta["provides"].items():
        required.append(f"{extension}.control")
        required.extend(entry[key] for key in ("file", "docfile") if key in entry)
    tracked = subprocess.run(["git", "-C", repo, "ls-files", "-z", "--", *SOURCE_DIRECTORIES],
                             check=True, capture_output=True, text=True).stdout
    sources = [path for path in tracked.split("\0") if path]
    if not sources:
        raise SystemExit(f"{repo}: git tracks no file under {', '.join(SOURCE_DIRECTORIES)}")
    return required + sources


def check(archive, repo):
    with open(os.path.join(repo, "META.json"), encoding="utf-8") as meta_file:
        meta = json.load(meta_file)
    prefix = f"{meta['name']}-{meta['version']}/"
    problems = []
    if os.path.basename(archive) != f"{prefix[:-1]}.zip":
        problems.append(f"named {os.path.basename(archive)}, not {prefix[:-1]}.zip")
    if not zipfile.is_zipfile(archive):
        return problems + ["not a zip archive"]
    with zipfile.ZipFile(archive) as zip_archive:
        corrupt = zip_archive.testzip()
        if corrupt is not None:
            problems.append(f"{corrupt}: bad CRC")
        names = zip_archive.namelist()
    for name in names:
        if not name.startswith(prefix) or ".." in name.split("/"):
            problems.append(f"{name}: outside {prefix}")
            continue
        reason = build_product(name[len(prefix):]) if name != prefix else None
        if reason:
            problems.append(f"{name}: build product ({reason})")
    members = set(names)
    for path in required_files(repo, meta):
        if prefix + path not in members:
            problems.append(f"missing {prefix}{path}")
    return problems


def main():
    if len(sys.argv) != 3:
        print("usage: check_archive.py ARCHIVE REPO", file=sys.stderr)
        return 2
    archive, repo = sys.argv[1:]
    problems = check(archive, repo)
    for problem in problems:
        print(f"{archive}: {problem}")
    if not problems:
        print(f"{archive}: a PGXN archive of {repo}, with no build product")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
