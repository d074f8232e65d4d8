#!/usr/bin/env python3
"""Regenerates docs/rules/<rule>.md from `tenant-guard rules` and `tenant-guard explain`, and
the rule table of docs/checker.md, so that the pages and the CLI's own help never disagree.

    docs/rules/generate.py build/tenant-guard"""
import pathlib
import subprocess
import sys

checker = sys.argv[1]
here = pathlib.Path(__file__).parent
listing = [line.split(None, 2) for line in subprocess.run([checker, "rules"], capture_output=True, text=True,
                                                         check=True).stdout.splitlines()]
rules = [name for name, _, _ in listing]
for rule in rules:
    lines = subprocess.run([checker, "explain", rule], capture_output=True, text=True,
                           check=True).stdout.rstrip("\n").split("\n")
    level = lines[0].split("(")[1].rstrip(")")
    summary = lines[1]
    out = [f"# `{rule}`", "", f"**Default level:** {level}. {summary[0].upper() + summary[1:]}.", ""]
    for line in lines[3:]:
        if line.startswith(("Example", "Fix")) and line.rstrip().endswith(":"):
            out += [f"**{line.rstrip(':')}:**", ""]
        else:
            out.append(line)
    if rule != "invalid-suppression":
        out += ["", "Suppress or approve one occurrence with a comment on the line above the statement:", "",
                f"    -- tenant-guard: ignore {rule} <reason>", "",
                "Change its level in `.tenant-guard.toml`:", "", "```toml", "[rules]",
                f'{rule} = "warning"  # or "error", "off"', "```"]
    out += ["", "See [the checker's documentation](../checker.md) for everything else."]
    (here / f"{rule}.md").write_text("\n".join(out) + "\n")

checker_md = here.parent / "checker.md"
text = checker_md.read_text()
begin = text.index("| rule | level | finding |")
end = text.index("<!-- end of the rule table -->")
table = ["| rule | level | finding |", "|---|---|---|"]
table += [f"| [`{name}`](rules/{name}.md) | {level} | {summary} |" for name, level, summary in listing]
checker_md.write_text(text[:begin] + "\n".join(table) + "\n" + text[end:])
