#!/usr/bin/env python3
"""Checks that the code keeps the layering docs/design.md describes.

1. Every #include between concepts goes down the dependency order (LAYERS
   below, the order of docs/design.md's "Dependency order"): a concept may
   include its own headers and those of concepts in lower layers, never a
   concept of its own layer or a higher one.
2. Private headers (lib/<concept>/internal/) are included only from lib/ and
   tests/, never from include/ (installed) or python_bindings/.
3. The tree shown in docs/design.md ("Module layout") lists exactly the
   concept folders that exist under include/jobmatch/, lib/, tests/ and bench/.

Usage: check_layers.py [SOURCE_DIR]   (exit 1 and one line per violation)
Standard library only, so any python3 runs it.
"""
import os
import re
import sys

# Lowest first. Concepts in one tuple are one layer: siblings that may not
# include each other.
LAYERS = [
    ("base",),
    ("data",),
    ("io", "synth"),
    ("policy",),
    ("dataset",),
    ("scoring",),
    ("search",),
    ("matching",),
    ("report", "analytics"),
    ("snapshot",),
    ("engine",),
    ("cli",),
]
RANK = {c: i for i, layer in enumerate(LAYERS) for c in layer}
INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
SOURCE_EXT = (".h", ".cc", ".inc")


def concept_of(rel):
    """Concept of a file under include/jobmatch/ or lib/, or None."""
    parts = rel.split("/")
    if parts[0] == "include" and len(parts) > 3:
        return parts[2]
    if parts[0] == "lib" and len(parts) > 2:
        return parts[1]
    return None


def included_concept(inc):
    """(concept, is_private) of an include path, or (None, False)."""
    parts = inc.split("/")
    if parts[0] == "jobmatch" and len(parts) > 2:
        return parts[1], False
    if len(parts) > 2 and parts[1] == "internal" and parts[0] in RANK:
        return parts[0], True
    return None, False


def check_includes(root):
    errors = []
    for top in ("include", "lib", "python_bindings"):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith(SOURCE_EXT):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                src = concept_of(rel)
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                for m in INCLUDE_RE.finditer(text):
                    dst, private = included_concept(m.group(1))
                    if dst is None:
                        continue
                    line = text.count("\n", 0, m.start()) + 1
                    where = f"{rel}:{line}: #include \"{m.group(1)}\""
                    if private and top != "lib":
                        errors.append(f"{where}: private header outside lib/")
                    if src is None or dst == src:
                        continue
                    if src not in RANK:
                        errors.append(f"{where}: concept '{src}' is not in the dependency order")
                    elif dst not in RANK:
                        errors.append(f"{where}: concept '{dst}' is not in the dependency order")
                    elif RANK[dst] >= RANK[src]:
                        errors.append(f"{where}: '{src}' may not depend on '{dst}' "
                                      "(same or higher layer; docs/design.md, Dependency order)")
    return errors


def concept_dirs(root):
    found = set()
    for top in TOPS:
        base = os.path.join(root, top)
        for name in os.listdir(base):
            if os.path.isdir(os.path.join(base, name)) and not name.startswith("."):
                found.add(f"{top}/{name}")
    return found


TOPS = ("include/jobmatch", "lib", "tests", "bench")


def documented_dirs(root):
    """Folders named in the first ``` block after '## Module layout'."""
    with open(os.path.join(root, "docs", "design.md"), encoding="utf-8") as f:
        text = f.read()
    start = text.find("## Module layout")
    if start < 0:
        return None
    block = re.search(r"```[^\n]*\n(.*?)```", text[start:], re.S)
    if not block:
        return None
    found = set()
    top = None
    for raw in block.group(1).splitlines():
        # "top/   description" at column 0; "  name/   description" two spaces in.
        first = raw.split()[0] if raw.strip() else ""
        if not raw.startswith(" "):
            top = first.rstrip("/") if first.rstrip("/") in TOPS else None
        elif top and raw.startswith("  ") and not raw.startswith("   ") and first.endswith("/"):
            found.add(f"{top}/{first.rstrip('/')}")
    return found


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    errors = check_includes(root)
    documented = documented_dirs(root)
    if documented is None:
        errors.append("docs/design.md: no tree block under '## Module layout'")
    else:
        actual = concept_dirs(root)
        for d in sorted(actual - documented):
            errors.append(f"docs/design.md: the tree omits {d}/")
        for d in sorted(documented - actual):
            errors.append(f"docs/design.md: the tree shows {d}/, which does not exist")
    for e in errors:
        print(e)
    if errors:
        print(f"check_layers: {len(errors)} problem(s)")
        return 1
    print("check_layers: dependency order and documented tree hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
