#!/usr/bin/python3
"""Writes one script of docs/cluster.md to a file, with sizes and names substituted.

Usage: doc_script.py DOC NAME OUT [OLD=>NEW ...]

The script is the fenced block that follows the line `<!-- test-cluster: NAME -->`. Each
OLD=>NEW replaces OLD by NEW; an OLD that is not in the script is an error, so the test
fails when the documentation changes under it instead of silently submitting something else.
"""
import re
import sys


def main():
    doc, name, out, *pairs = sys.argv[1:]
    text = open(doc, encoding="utf-8").read()
    match = re.search(r"^<!-- test-cluster: " + re.escape(name) + r" -->\n```sh\n(.*?)^```$",
                      text, re.S | re.M)
    if not match:
        sys.exit(f"doc_script: no script '{name}' in {doc}")
    script = match.group(1)
    for pair in pairs:
        old, arrow, new = pair.partition("=>")
        if not arrow or old not in script:
            sys.exit(f"doc_script: '{old}' not found in script '{name}' of {doc}")
        script = script.replace(old, new)
    with open(out, "w", encoding="utf-8") as f:
        f.write(script)


if __name__ == "__main__":
    main()
