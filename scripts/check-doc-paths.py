#!/usr/bin/env python3
"""Fails when documentation or a code comment names a repository path that does not exist.

A reader must be able to follow every path the repository names. This checks the Markdown files
(README.md, docs/*.md, plugins/*/*/README.md) and the comments of the source, build and script
files under host/ sdk/ plugins/ tests/ bench/ scripts/, and prints each dangling path as
`file:line: path`.

What counts as a path (chosen so that prose, URLs, C++ names and shell syntax never match):
  - a token of path characters that contains a '/' and is not part of a URL, an absolute path
    (/tmp/x, /usr/lib), a home path (~/x), a pattern (<name>, *, {a,b}, $VAR, ...), a path in
    the build tree (build/..., a .so/.a/.o output) or a path relative to the working directory
    of a command (./tempo.yaml);
  - whose first part is a top-level folder of the repository (host/, docs/, ...), or which ends
    in a source or document extension (.cc .h .md .py .yaml ...);
  - a bare file name with a source extension (upsert.cc, harness.py) names a file of that name
    anywhere in the repository;
  - a Markdown link target ([text](target)) is relative to the Markdown file, as GitHub reads it.
A path may be written relative to the repository root, to the file that names it, or to an
include root (sdk/include, host, tests); it passes if it exists from any of these. `X.h/.cc`
names both files. A path leaving the repository (`../shared/...`) or into a folder that is not
in it (`reference/...`) is dangling: refer to such documents in words instead.

Usage: check-doc-paths.py [--root DIR]    (exit 1 when a path dangles)
       check-doc-paths.py --self-test     (checks the rules above on examples)
"""
import argparse
import os
import re
import subprocess
import sys

SOURCE_EXTENSIONS = (".c", ".cc", ".cpp", ".h", ".hpp", ".py", ".sh", ".cmake")
EXTENSIONS = SOURCE_EXTENSIONS + (".md", ".yaml", ".yml", ".txt")
BUILD_OUTPUTS = (".so", ".a", ".o")
INCLUDE_ROOTS = ("sdk/include", "host", "tests")
COMMENT_FOLDERS = ("host", "sdk", "plugins", "tests", "bench", "scripts")
C_LIKE = (".c", ".cc", ".cpp", ".h", ".hpp")
HASH_COMMENTS = (".py", ".sh", ".cmake", ".yaml", ".yml")

URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S*")
# Path characters, plus the characters of patterns so that a pattern stays one token and is skipped.
TOKEN = re.compile(r"[A-Za-z0-9_.~/<>*{}$@%+=,:-]+")
PATTERN_CHARS = set("<>*{}$@%+=,:~")
MARKDOWN_LINK = re.compile(r"\]\(([^)\s#]+)(#[^)\s]*)?\)")


def markdown_links(text):
    """The local targets of the Markdown links in `text` (URLs and in-page anchors left out)."""
    return [m.group(1) for m in MARKDOWN_LINK.finditer(text) if not URL.match(m.group(1))]


def candidate_paths(text, top_level):
    """The strings in `text` that name a repository path, by the rules in the module comment.

    A bare file name comes back as it is (no '/'): the caller looks it up by name."""
    text = URL.sub(" ", text)
    found = []
    for match in TOKEN.finditer(text):
        # Trailing prose punctuation and a line position (`:42:7`) aside, a comma or colon
        # inside a token is not a path.
        token = re.sub(r"(:\d+)+$", "", match.group(0).rstrip(".,:;"))
        if PATTERN_CHARS & set(token) or "..." in token:
            continue
        start = match.start()
        if start > 0 and text[start - 1] in "\\.-":
            continue
        if "/" not in token:
            if token.endswith(SOURCE_EXTENSIONS) and re.fullmatch(r"[A-Za-z0-9_-]+\.[a-z]+", token):
                found.append(token)
            continue
        if token.startswith(("/", "./")) or token.endswith(BUILD_OUTPUTS):
            continue
        first = token.split("/", 1)[0]
        base = token.rstrip("/").rsplit("/", 1)[-1]
        if first == "build":
            continue
        is_path = first in top_level or (base.endswith(EXTENSIONS) and not base.startswith("."))
        if not is_path:
            continue
        # `host/store/run_log.h/.cc`: the header and the source of the same name.
        shorthand = re.fullmatch(r"(.*)(\.[a-z]+)/(\.[a-z]+)", token)
        if shorthand:
            found.append(shorthand.group(1) + shorthand.group(2))
            found.append(shorthand.group(1) + shorthand.group(3))
        else:
            found.append(token)
    return found


def comment_text(path, lines):
    """The comments of a source or script file as (line number, text)."""
    out = []
    ext = os.path.splitext(path)[1]
    name = os.path.basename(path)
    if ext in C_LIKE:
        in_block = False
        for number, line in enumerate(lines, 1):
            # String and character literals may hold "//" (URLs) or "/*": drop them first.
            code = re.sub(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'', '""', line)
            rest = code
            while rest:
                if in_block:
                    end = rest.find("*/")
                    out.append((number, rest if end < 0 else rest[:end]))
                    if end < 0:
                        break
                    in_block = False
                    rest = rest[end + 2:]
                    continue
                line_comment = rest.find("//")
                block = rest.find("/*")
                if line_comment >= 0 and (block < 0 or line_comment < block):
                    out.append((number, rest[line_comment + 2:]))
                    break
                if block >= 0:
                    in_block = True
                    rest = rest[block + 2:]
                    continue
                break
    elif ext in HASH_COMMENTS or name == "CMakeLists.txt" or name == "Makefile":
        for number, line in enumerate(lines, 1):
            code = re.sub(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'', '""', line)
            hash_at = code.find("#")
            if hash_at >= 0 and not code.startswith("#!"):
                out.append((number, code[hash_at + 1:]))
    return out


def exists(root, source, path, tracked_names):
    """True when `path`, named in file `source`, names a file or folder inside the repository."""
    if "/" not in path:
        return path in tracked_names
    root = os.path.realpath(root)
    bases = [root, os.path.join(root, os.path.dirname(source))]
    bases += [os.path.join(root, r) for r in INCLUDE_ROOTS]
    for base in bases:
        full = os.path.realpath(os.path.join(base, path))
        if (full == root or full.startswith(root + os.sep)) and os.path.exists(full):
            return True
    return False


def files_to_check(root):
    tracked = subprocess.run(
        ["git", "-C", root, "ls-files"], check=True, capture_output=True, text=True
    ).stdout.split()
    markdown = [
        f for f in tracked
        if f == "README.md" or re.fullmatch(r"docs/[^/]+\.md", f)
        or re.fullmatch(r"plugins/.+/README\.md", f)
    ]
    commented = [
        f for f in tracked
        if f.split("/", 1)[0] in COMMENT_FOLDERS and f not in markdown
    ]
    return tracked, markdown, commented


def check(root):
    tracked, markdown, commented = files_to_check(root)
    top_level = {f.split("/", 1)[0] for f in tracked if "/" in f}
    tracked_names = {os.path.basename(f) for f in tracked}
    dangling = []
    for source in markdown + commented:
        with open(os.path.join(root, source), encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
        is_markdown = source in markdown
        texts = list(enumerate(lines, 1)) if is_markdown else comment_text(source, lines)
        for number, text in texts:
            if "docs-example:" in text:
                continue  # names the file tests/docs extracts the block into (build folder)
            for path in candidate_paths(text, top_level):
                if not exists(root, source, path, tracked_names):
                    dangling.append(f"{source}:{number}: {path}")
            for target in markdown_links(text) if is_markdown else []:
                full = os.path.normpath(os.path.join(root, os.path.dirname(source), target))
                inside = full.startswith(os.path.normpath(root) + os.sep)
                if not inside or not os.path.exists(full):
                    dangling.append(f"{source}:{number}: {target} (link)")
    return dangling


def self_test():
    top = {"host", "docs", "sdk", "plugins", "tests", "bench", "scripts", "config"}
    cases = {
        "see docs/store-schema.md.": ["docs/store-schema.md"],
        "(`reference/scoring-model.md` B.3)": ["reference/scoring-model.md"],
        "[notes](../shared/reference/api-wire-formats.md)": ["../shared/reference/api-wire-formats.md"],
        "host/store/run_log.h/.cc": ["host/store/run_log.h", "host/store/run_log.cc"],
        "the host/plugin/ stage": ["host/plugin/"],
        "https://github.com/boostorg/dll/issues/68 and http://x/y.md": [],
        "plugins/connectors/<name>/README.md, tests/unit/*.cc, ${HOME}/x.md": [],
        "/usr/lib/x.h ~/src/a.cc and/or read/write, I/O, 2024/01": [],
        "std::string_view a/b; a .. b": [],
        "tempo/plugin.h": ["tempo/plugin.h"],
        "SQL comes only from code (see upsert.cc); std::vector.h": ["upsert.cc"],
        "`./tempo.yaml`, build/demo/tempo.yaml, plugins/tempo_hubspot.so, -c config/x.yaml": [
            "config/x.yaml"
        ],
        "the file ../shared/notes.md and ../data/in": ["../shared/notes.md"],
        "host/cli/main.cc:42:7: error, key:value/x.md": ["host/cli/main.cc"],
    }
    failures = 0
    for text, want in cases.items():
        got = candidate_paths(text, top)
        if got != want:
            failures += 1
            print(f"self-test: {text!r}: got {got}, want {want}", file=sys.stderr)
    block = comment_text("x.cc", ['auto u = "http://a/b.md"; // see docs/a.md', "/* c/d.h", "e/f.h */ x"])
    if [t for _, t in block] != [" see docs/a.md", " c/d.h", "e/f.h "]:
        failures += 1
        print(f"self-test: comment_text: got {block}", file=sys.stderr)
    links = markdown_links("[a](docs/a.md#x), [b](#anchor), [c](https://x.org/c.md), [d](../d.md)")
    if links != ["docs/a.md", "../d.md"]:
        failures += 1
        print(f"self-test: markdown_links: got {links}", file=sys.stderr)
    total = len(cases) + 2
    print(f"check-doc-paths self-test: {total - failures} of {total} passed")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."))
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    dangling = check(args.root)
    for line in dangling:
        print(line, file=sys.stderr)
    if dangling:
        print(f"check-doc-paths: {len(dangling)} path(s) above do not exist in the repository; "
              "fix the path, or refer to a document outside the repository in words",
              file=sys.stderr)
        return 1
    print("check-doc-paths: every path named in the docs and comments exists")
    return 0


if __name__ == "__main__":
    sys.exit(main())
