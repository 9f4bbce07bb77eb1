#!/usr/bin/env python3
"""bench/make-class.py DIR [COPIES [PREFIX]]: write the fixture class of test/class/class.yaml into
DIR/submissions, as test/e2e/class_test.go does (the course project, each submission's edits,
report.md committed at its date), COPIES times (default 1: alice, bob, ...; 5: also alice2 ...
alice5, a class of 30), each name after PREFIX (default none: bench/grade.sh gives "bench", so
that its grading projects, labctl-grade-benchalice..., are not the end-to-end tests' own), and DIR/expected.txt: each submission's expected note and unmet criteria (class.yaml's
expect, measured by hand on the test bed; every copy the same). Used by bench/grade.sh."""
import os, shutil, subprocess, sys
import yaml

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(sys.argv[1], "submissions")
copies = int(sys.argv[2]) if len(sys.argv) > 2 else 1
prefix = sys.argv[3] if len(sys.argv) > 3 else ""
cls = yaml.safe_load(open(os.path.join(root, "test/class/class.yaml")))
variants = {v["name"]: v.get("edits", []) for v in yaml.safe_load(open(os.path.join(root, "test/student/variants/variants.yaml")))["variants"]}

def git(d, date, *args):
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-c", "user.name=Student", "-c", "user.email=student@example.org", *args], cwd=d, env=env, check=True)

expected = []
for copy in range(1, copies + 1):
    for s in cls["submissions"]:
        name = prefix + s["student"] + (str(copy) if copy > 1 else "")
        expected.append(f"{name} {s['expect']['note']} {','.join(sorted(s['expect'].get('unmet', []))) or '-'}")
        d = os.path.join(out, name)
        shutil.copytree(os.path.join(root, "test/student/project"), d)
        for e in variants.get(s.get("variant"), []) + s.get("edits", []):
            p = os.path.join(d, e["file"])
            text = open(p).read()
            assert text.count(e["old"]) == 1, (s["student"], e["old"])
            open(p, "w").write(text.replace(e["old"], e["new"], 1))
        git(d, "2026-11-25T10:00:00+01:00", "init", "-q", "-b", "main")
        git(d, "2026-11-25T10:00:00+01:00", "add", ".")
        git(d, "2026-11-25T10:00:00+01:00", "commit", "-q", "-m", "the project")
        if s.get("report"):
            shutil.copy(os.path.join(root, "test/class/reports", s["report"]), os.path.join(d, "report.md"))
            date = s["committed"]
            date = date.isoformat() if hasattr(date, "isoformat") else str(date)
            git(d, date, "add", "report.md")
            git(d, date, "commit", "-q", "-m", "report")
open(os.path.join(sys.argv[1], "expected.txt"), "w").write("\n".join(expected) + "\n")
