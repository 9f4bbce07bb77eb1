#!/usr/bin/env python3
"""bench/variant.py DEST NAME: copy test/student/project to DEST with the edits of the broken
variant NAME applied: one of test/student/variants/variants.yaml, or of bench/red-variants.yaml
(variants the student table lacks). `green` is the project unchanged. Used by bench/red.sh."""
import os, shutil, sys
import yaml

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
dest, name = sys.argv[1], sys.argv[2]
variants = {}
for f in ("test/student/variants/variants.yaml", "bench/red-variants.yaml"):
    for v in yaml.safe_load(open(os.path.join(root, f)))["variants"]:
        variants[v["name"]] = v
if name != "green" and name not in variants:
    sys.exit(f"bench/variant.py: no variant {name!r}")
shutil.copytree(os.path.join(root, "test/student/project"), dest)
for e in variants.get(name, {}).get("edits", []):
    p = os.path.join(dest, e["file"])
    if "old" not in e:
        assert not os.path.exists(p), (name, e["file"])
        src = os.path.join(dest, e["copy"]) if "copy" in e else None
        os.makedirs(os.path.dirname(p), exist_ok=True)
        open(p, "w").write(open(src).read() if src else e["new"])
        continue
    text = open(p).read()
    assert text.count(e["old"]) == 1, (name, e["old"])
    open(p, "w").write(text.replace(e["old"], e["new"], 1))
