#!/usr/bin/env python3
"""Runs a composite GitHub Action (action.yml) the way the GitHub runner does, as far as
tenant-guard's action needs, so that its tests run here.

    run_action.py ACTION_DIR --workspace DIR --event-name NAME --event FILE
                  [--input NAME=VALUE]... --report FILE

First the action's structure is checked: a named, described composite action; every input and
output described, every output with a value; every step either runs a script with a shell or
uses an action; every input, step and output that an expression names exists, and every
declared input is used. Then its steps run in order: expressions substituted,
`if:` evaluated, each `run` step executed by bash in the workspace with GITHUB_OUTPUT,
GITHUB_ENV and GITHUB_STEP_SUMMARY files, the step's `env`, and GITHUB_ACTION_PATH set.
A `uses` step cannot run here: it is recorded with its evaluated `with`.

Expressions supported (any other fails loudly, so the action cannot grow one that this runner
would get wrong): `inputs.NAME`, `steps.ID.outputs.NAME`, `github.workspace`,
`github.action_path`, `github.action_repository` (--action-repository; empty by default, as
GitHub's runner leaves it in some composite actions), `github.event_name`, `github.event.PATH`
(empty when the event has no such property, as on GitHub), and in `if:` the comparison
`REFERENCE == 'literal'` (case insensitive, as on GitHub). Each run step also gets RUNNER_TEMP,
a scratch folder of the job, emptied at its end.

The report (JSON) holds each step's outcome, the recorded `uses` steps, the action's outputs,
the step summaries and the job's conclusion. Exit status: 0 the job succeeded, 1 it failed,
3 the action is malformed or uses what this runner does not support.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import traceback

import yaml

TEMPLATE = re.compile(r"\$\{\{(.*?)\}\}", re.S)
NAME = r"[A-Za-z_][A-Za-z0-9_-]*"
INPUT_REF = re.compile(rf"inputs\.({NAME})")
STEP_OUTPUT_REF = re.compile(rf"steps\.({NAME})\.outputs\.({NAME})")
GITHUB_REF = re.compile(rf"github\.(workspace|action_path|action_repository|event_name|event(?:\.{NAME})+)")
COMPARISON = re.compile(r"(\S+)\s*==\s*'([^']*)'")


class Unsupported(Exception):
    """The action is malformed, or needs an expression or feature this runner lacks."""


def reference(expression):
    """The pattern and match of the one reference an expression consists of."""
    expression = expression.strip()
    for pattern in (INPUT_REF, STEP_OUTPUT_REF, GITHUB_REF):
        match = pattern.fullmatch(expression)
        if match:
            return pattern, match
    raise Unsupported(f"unsupported expression: {expression!r}")


def template_expressions(value):
    """Every ${{ }} expression in a string, or in the strings of a mapping."""
    if isinstance(value, dict):
        return [e for v in value.values() for e in template_expressions(v)]
    if isinstance(value, str):
        return TEMPLATE.findall(value)
    return []


def condition(step):
    """An `if:` as (reference, literal): a comparison, with or without ${{ }} around it."""
    expression = str(step["if"]).strip()
    whole = TEMPLATE.fullmatch(expression)
    if whole:
        expression = whole.group(1).strip()
    comparison = COMPARISON.fullmatch(expression)
    if not comparison:
        raise Unsupported(f"if: {expression!r} is not a comparison REFERENCE == 'literal'")
    return comparison.group(1), comparison.group(2)


def validate(action):
    for key in ("name", "description"):
        if not action.get(key):
            raise Unsupported(f"the action has no {key}")
    runs = action.get("runs", {})
    if runs.get("using") != "composite":
        raise Unsupported("runs.using must be composite")
    inputs = action.get("inputs", {})
    for name, spec in inputs.items():
        if not spec.get("description"):
            raise Unsupported(f"input {name} has no description")
    used_inputs = set()
    step_ids = []

    def check(expression, known_steps, where):
        pattern, match = reference(expression)
        if pattern is INPUT_REF:
            if match.group(1) not in inputs:
                raise Unsupported(f"{where}: input {match.group(1)} is not declared")
            used_inputs.add(match.group(1))
        elif pattern is STEP_OUTPUT_REF and match.group(1) not in known_steps:
            raise Unsupported(f"{where}: no earlier step has id {match.group(1)}")

    for index, step in enumerate(runs.get("steps", [])):
        where = f"step {index + 1} ({step.get('name', step.get('id', 'unnamed'))})"
        if ("run" in step) == ("uses" in step):
            raise Unsupported(f"{where}: needs exactly one of run and uses")
        if "run" in step and step.get("shell") != "bash":
            raise Unsupported(f"{where}: a run step needs shell: bash")
        unknown = set(step) - {"name", "id", "if", "run", "shell", "env", "uses", "with"}
        if unknown:
            raise Unsupported(f"{where}: unsupported keys {sorted(unknown)}")
        for key in ("name", "run", "shell", "env", "uses", "with"):
            for expression in template_expressions(step.get(key)):
                check(expression, step_ids, where)
        if "if" in step:
            check(condition(step)[0], step_ids, where)
        if "id" in step:
            if step["id"] in step_ids:
                raise Unsupported(f"{where}: id {step['id']} is used twice")
            step_ids.append(step["id"])
    for name, spec in action.get("outputs", {}).items():
        if not spec.get("description") or "value" not in spec:
            raise Unsupported(f"output {name} needs a description and, in a composite action, a value")
        for expression in template_expressions(spec.get("value")):
            check(expression, step_ids, f"output {name}")
    unused = set(inputs) - used_inputs
    if unused:
        raise Unsupported(f"inputs declared but never used: {sorted(unused)}")


class Job:
    def __init__(self, action, action_dir, workspace, event_name, event, inputs, action_repository, runner_temp):
        self.action = action
        self.action_dir = action_dir
        self.action_repository = action_repository
        self.runner_temp = runner_temp
        self.workspace = workspace
        self.event_name = event_name
        self.event = event
        self.inputs = {}
        for name, spec in action.get("inputs", {}).items():
            if name in inputs:
                self.inputs[name] = inputs.pop(name)
            elif spec.get("required") and "default" not in spec:
                raise Unsupported(f"required input {name} not given")
            else:
                default = str(spec.get("default", ""))
                if TEMPLATE.search(default):
                    raise Unsupported(f"input {name}: expressions in defaults are not supported")
                self.inputs[name] = default
        if inputs:
            raise Unsupported(f"inputs the action does not declare: {sorted(inputs)}")
        self.step_outputs = {}
        self.exported_env = {}
        self.failed = False
        self.report = {"steps": [], "uses": [], "summary": ""}

    def value(self, expression):
        """A reference's value; on GitHub a missing event property is null, which is ''."""
        pattern, match = reference(expression)
        if pattern is INPUT_REF:
            return self.inputs[match.group(1)]
        if pattern is STEP_OUTPUT_REF:
            return self.step_outputs.get(match.group(1), {}).get(match.group(2), "")
        path = match.group(1)
        if path == "workspace":
            return self.workspace
        if path == "action_path":
            return self.action_dir
        if path == "action_repository":
            return self.action_repository
        if path == "event_name":
            return self.event_name
        node = self.event
        for key in path.split(".")[1:]:
            node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            return ""
        if isinstance(node, (dict, list)):
            raise Unsupported(f"github.{path} is an object, not a value")
        return str(node)

    def substitute(self, value):
        if isinstance(value, dict):
            return {k: self.substitute(v) for k, v in value.items()}
        return TEMPLATE.sub(lambda m: self.value(m.group(1)), str(value))

    def condition_holds(self, step):
        """Without `if:` a step runs while every earlier step succeeded (success())."""
        if "if" not in step:
            return not self.failed
        referenced, literal = condition(step)
        return not self.failed and self.value(referenced).casefold() == literal.casefold()

    def run(self):
        for step in self.action["runs"]["steps"]:
            record = {"name": step.get("name"), "id": step.get("id")}
            self.report["steps"].append(record)
            if not self.condition_holds(step):
                record["outcome"] = "skipped"
                continue
            if "uses" in step:
                record["outcome"] = "recorded"
                self.report["uses"].append({"uses": step["uses"], "with": self.substitute(step.get("with", {}))})
                continue
            status, outputs = self.run_script(step)
            record["exit_code"] = status
            record["outcome"] = "success" if status == 0 else "failure"
            if "id" in step:
                self.step_outputs[step["id"]] = outputs
            if status != 0:
                self.failed = True
        self.report["outputs"] = {
            name: self.substitute(spec.get("value", "")) for name, spec in self.action.get("outputs", {}).items()
        }
        self.report["conclusion"] = "failure" if self.failed else "success"

    def run_script(self, step):
        with tempfile.TemporaryDirectory(prefix="tenant_guard_action_step.") as scratch:
            files = {name: os.path.join(scratch, name) for name in ("output", "env", "summary", "script")}
            for name in ("output", "env", "summary"):
                open(files[name], "w").close()
            with open(files["script"], "w") as script:
                script.write(self.substitute(step["run"]))
            env = dict(os.environ)
            env.update(self.exported_env)
            env.update({
                "GITHUB_ACTIONS": "true",
                "GITHUB_WORKSPACE": self.workspace,
                "GITHUB_ACTION_PATH": self.action_dir,
                "GITHUB_EVENT_NAME": self.event_name,
                "GITHUB_OUTPUT": files["output"],
                "GITHUB_ENV": files["env"],
                "GITHUB_STEP_SUMMARY": files["summary"],
                "RUNNER_TEMP": self.runner_temp,
            })
            env.update(self.substitute(step.get("env", {})))
            # GitHub's command line for shell: bash.
            status = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", files["script"]],
                                    cwd=self.workspace, env=env).returncode
            outputs = parse_command_file(files["output"])
            self.exported_env.update(parse_command_file(files["env"]))
            with open(files["summary"]) as summary:
                self.report["summary"] += summary.read()
        return status, outputs


def parse_command_file(path):
    """GITHUB_OUTPUT and GITHUB_ENV: NAME=VALUE lines, or NAME<<DELIMITER ... DELIMITER."""
    values = {}
    with open(path) as handle:
        lines = handle.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        heredoc = re.fullmatch(rf"({NAME})<<(.+)", line)
        if heredoc:
            end = lines.index(heredoc.group(2), i)
            values[heredoc.group(1)] = "\n".join(lines[i:end])
            i = end + 1
            continue
        name, equals, value = line.partition("=")
        if not equals:
            raise Unsupported(f"{path}: malformed line {line!r}")
        values[name] = value
    return values


def input_assignment(text):
    name, equals, value = text.partition("=")
    if not equals:
        raise argparse.ArgumentTypeError(f"{text!r} is not NAME=VALUE")
    return name, value


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action_dir")
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--event-name", required=True)
    parser.add_argument("--event", required=True, help="the event payload, JSON")
    parser.add_argument("--input", action="append", default=[], type=input_assignment, metavar="NAME=VALUE")
    parser.add_argument("--report", required=True)
    parser.add_argument("--action-repository", default="", help="github.action_repository, OWNER/REPO")
    arguments = parser.parse_args()
    action_dir = os.path.abspath(arguments.action_dir)
    try:
        with open(os.path.join(action_dir, "action.yml")) as handle:
            action = yaml.safe_load(handle)
        validate(action)
        with open(arguments.event) as handle:
            event = json.load(handle)
        with tempfile.TemporaryDirectory(prefix="tenant_guard_runner_temp.") as runner_temp:
            job = Job(action, action_dir, os.path.abspath(arguments.workspace), arguments.event_name, event,
                      dict(arguments.input), arguments.action_repository, runner_temp)
            job.run()
    except Unsupported as error:
        print(f"run_action: {error}", file=sys.stderr)
        return 3
    except Exception:  # a fault of this runner must never read as a failed job (1)
        traceback.print_exc()
        return 3
    with open(arguments.report, "w") as handle:
        json.dump(job.report, handle, indent=2)
    return 0 if job.report["conclusion"] == "success" else 1


if __name__ == "__main__":
    sys.exit(main())
