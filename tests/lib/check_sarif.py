#!/usr/bin/env python3
"""Structural checks of a SARIF 2.1.0 log: what GitHub code scanning requires of it.

Checks the required properties and enums of the SARIF 2.1.0 schema for the parts
tenant-guard writes (run, tool.driver, rules, results, locations, suppressions)."""
import json
import sys


def fail(message):
    print(f"invalid SARIF: {message}", file=sys.stderr)
    sys.exit(1)


def main(path):
    with open(path, encoding="utf-8") as handle:
        log = json.load(handle)
    if log.get("version") != "2.1.0":
        fail("version must be 2.1.0")
    runs = log.get("runs")
    if not isinstance(runs, list) or not runs:
        fail("runs must be a non-empty array")
    for run in runs:
        driver = run.get("tool", {}).get("driver", {})
        if not isinstance(driver.get("name"), str):
            fail("tool.driver.name is required")
        if run.get("columnKind") not in (None, "utf16CodeUnits", "unicodeCodePoints"):
            fail("columnKind")
        rule_ids = []
        for rule in driver.get("rules", []):
            if not isinstance(rule.get("id"), str):
                fail("rule.id is required")
            for key in ("shortDescription", "fullDescription", "help"):
                if key in rule and not isinstance(rule[key].get("text"), str):
                    fail(f"rule.{key}.text is required")
            level = rule.get("defaultConfiguration", {}).get("level", "warning")
            if level not in ("none", "note", "warning", "error"):
                fail("defaultConfiguration.level")
            rule_ids.append(rule["id"])
        for result in run.get("results", []):
            if not isinstance(result.get("message", {}).get("text"), str):
                fail("result.message.text is required")
            if result.get("level", "warning") not in ("none", "note", "warning", "error"):
                fail("result.level")
            index = result.get("ruleIndex")
            if index is not None and rule_ids[index] != result.get("ruleId"):
                fail("ruleIndex does not match ruleId")
            for location in result.get("locations", []):
                region = location.get("physicalLocation", {}).get("region", {})
                if region.get("startLine", 1) < 1 or region.get("startColumn", 1) < 1:
                    fail("region lines and columns start at 1")
                uri = location["physicalLocation"]["artifactLocation"].get("uri", "")
                if " " in uri or "\\" in uri:
                    fail(f"artifactLocation.uri is not a URI reference: {uri}")
            for suppression in result.get("suppressions", []):
                if suppression.get("kind") not in ("inSource", "external"):
                    fail("suppression.kind")


if __name__ == "__main__":
    main(sys.argv[1])
