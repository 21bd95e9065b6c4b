#!/usr/bin/env python3
"""Fails when an example in the documentation does not work as written.

Every ```yaml and ```cpp block of the Markdown files (README.md, docs/*.md,
plugins/*/*/README.md) is checked, unless the line just above its fence is the marker
`<!-- fragment -->` (a piece of a larger file, shown for reading; the marker says so on purpose):

  - a YAML block with a top-level `connections:`, `scorers:` or `store:` key is a tempo.yaml:
    `tempo config check` must accept it. A missing `store:` is added, `plugins:` points at the
    build's plugins, each `${env:NAME}` is set to a placeholder and each `${file:PATH}` exists.
  - a YAML block with a top-level `manifest_version:` key is a `rest` connector manifest:
    `tempo plugins inspect rest --manifest FILE` must accept it.
  - any other YAML block must be marked as a fragment.
  - a C++ block must compile as a file of its own (C++17, -Wall -Wextra -Werror, against the
    SDK's headers): a plugin or a scorer the reader can copy.

Each failure prints `file:line: what failed` and the tool's own message. The summary counts
the blocks checked and the fragments skipped.

Usage: check-doc-examples.py --root DIR --tempo BIN [--cxx CXX] [--only FILE]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

FRAGMENT = "<!-- fragment -->"
FENCE = re.compile(r"^(\s*)```(\w[\w+]*)?\s*$")


def markdown_files(root):
    out = subprocess.run(["git", "ls-files", "*.md"], cwd=root, capture_output=True, text=True,
                         check=True).stdout.split()
    keep = []
    for path in out:
        parts = path.split("/")
        if path == "README.md" or (parts[0] == "docs" and len(parts) == 2) or (
                parts[0] == "plugins" and len(parts) == 4 and parts[3] == "README.md"):
            keep.append(path)
    return sorted(keep)


def blocks(text):
    """Yields (language, first line number, code, fragment) for each fenced block."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m or m.group(2) is None:
            i += 1
            continue
        indent, language = m.group(1), m.group(2)
        start = i
        body = []
        i += 1
        while i < len(lines) and not re.match(r"^\s*```\s*$", lines[i]):
            line = lines[i]
            body.append(line[len(indent):] if line.startswith(indent) else line.lstrip())
            i += 1
        previous = lines[start - 1].strip() if start > 0 else ""
        yield language, start + 1, "\n".join(body) + "\n", previous == FRAGMENT
        i += 1


def top_level_keys(code):
    return {m.group(1) for m in re.finditer(r"^([A-Za-z_][\w-]*):", code, re.M)}


def as_config(code, plugins, folder):
    """The example as a tempo.yaml that runs here, and the environment its ${env:} need."""
    lines = code.split("\n")
    out, skipping = [], False
    for line in lines:
        if skipping and (line.startswith(" ") or not line.strip()):
            continue
        skipping = False
        if re.match(r"^plugins:", line):
            out.append("plugins:\n  path: [" + plugins + "]")
            skipping = True
            continue
        out.append(line)
    text = "\n".join(out)
    if "store" not in top_level_keys(code):
        text = "store: {path: tempo.db}\n" + text
    env = dict(os.environ)
    for name in re.findall(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}", code):
        env[name] = "example-" + name.lower()
    for path in re.findall(r"\$\{file:([^}]+)\}", code):
        target = os.path.join(folder, path)
        os.makedirs(os.path.dirname(target) or folder, exist_ok=True)
        with open(target, "w") as f:
            f.write("example\n")
    return text, env


def check_yaml(code, tempo, plugins):
    keys = top_level_keys(code)
    with tempfile.TemporaryDirectory(prefix="tempo-doc-example-") as folder:
        if "manifest_version" in keys:
            path = os.path.join(folder, "manifest.yaml")
            with open(path, "w") as f:
                f.write(code)
            cmd = [tempo, "plugins", "inspect", "rest", "--manifest", path]
            env = dict(os.environ)
        elif keys & {"connections", "scorers", "store"}:
            text, env = as_config(code, plugins, folder)
            path = os.path.join(folder, "tempo.yaml")
            with open(path, "w") as f:
                f.write(text)
            cmd = [tempo, "-c", path, "config", "check"]
        else:
            return ("is neither a tempo.yaml nor a manifest; mark it `" + FRAGMENT +
                    "` if it is a piece of one")
        r = subprocess.run(cmd, cwd=folder, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            return "`" + " ".join(cmd[1:3]) + " ...` failed:\n" + r.stdout + r.stderr
    return None


def check_cpp(code, cxx, include):
    with tempfile.TemporaryDirectory(prefix="tempo-doc-example-") as folder:
        path = os.path.join(folder, "example.cc")
        with open(path, "w") as f:
            f.write(code)
        cmd = [cxx, "-std=c++17", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", "-I", include,
               path]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            return "does not compile (c++17 -Wall -Wextra -Werror):\n" + r.stderr
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", required=True)
    parser.add_argument("--tempo", required=True, help="the tempo binary")
    parser.add_argument("--cxx", default="c++")
    parser.add_argument("--only", help="check one Markdown file (relative to --root)")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    tempo = os.path.abspath(args.tempo)
    plugins = os.path.join(os.path.dirname(os.path.dirname(tempo)), "plugins")
    include = os.path.join(root, "sdk", "include")
    files = [args.only] if args.only else markdown_files(root)
    checked = fragments = 0
    failures = []
    for rel in files:
        with open(os.path.join(root, rel)) as f:
            text = f.read()
        for language, line, code, fragment in blocks(text):
            if language not in ("yaml", "cpp", "c++"):
                continue
            if fragment:
                fragments += 1
                continue
            checked += 1
            if language == "yaml":
                problem = check_yaml(code, tempo, plugins)
            else:
                problem = check_cpp(code, args.cxx, include)
            if problem:
                failures.append(f"{rel}:{line}: the {language} example {problem}")
    for failure in failures:
        print(failure.rstrip() + "\n")
    print(f"check-doc-examples: {checked} examples checked, {len(failures)} failed, "
          f"{fragments} marked as fragments")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
