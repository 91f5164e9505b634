#!/usr/bin/env python3
"""Validate the seed procedure catalogue (data/catalogue/*.json).

Usage: python3 data/catalogue/check.py [DIR]
Checks every rule the importer enforces (see README.md) and exits non-zero
on the first file with errors, after listing all errors found.
"""
import json, os, re, sys, unicodedata

KEYS = ["DT-%02d" % i for i in range(1, 11)] + ["LD-%02d" % i for i in range(1, 7)] + \
       ["XD-01", "XD-02", "XD-03", "MT-01", "MT-02", "TM-01", "TM-02", "QL-01"]
TOP = {"code", "national_code", "name", "field", "unit", "online_level", "time_limit",
       "effective_from", "fees", "components", "legal_basis", "result_type", "process", "notes",
       "subjects", "sets", "decision_date", "published_date"}
COMP = {"name", "template", "copy_type", "copies", "mandatory", "condition", "doc_type"}
FEE = {"name", "amount", "per", "due", "exemption", "note"}
STEP_H = {"name", "role", "unit", "hours"}
STEP_D = {"name", "role", "unit", "days"}
UNITS = {"BQL", "VP", "QLDT", "QHXD", "QLMT", "DNLD"}
ROLES = {"receiver", "specialist", "head", "leader", "office", "admin"}
COPY = {"original", "certified_copy", "copy", "original_or_certified_copy"}
LEVELS = {"full", "partial", "none"}
TL_UNITS = {"working_days", "days", "working_hours"}


def check(path):
    errs = []
    e = errs.append
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ["not UTF-8"]
    if unicodedata.normalize("NFC", text) != text:
        e("text is not NFC")
    try:
        p = json.loads(text)
    except ValueError as x:
        return ["does not parse: %s" % x]
    if not isinstance(p, dict):
        return ["not a JSON object"]
    if set(p) != TOP:
        e("keys: missing %s, unknown %s" % (sorted(TOP - set(p)), sorted(set(p) - TOP)))
        return errs
    code = os.path.basename(path)[:-5]
    if p["code"] != code:
        e("code %r does not match file name" % p["code"])
    nc = p["national_code"]
    if nc is not None and not (isinstance(nc, str) and re.fullmatch(r"\d\.\d{6}", nc)):
        e("national_code must be null or like 1.000105")

    def lang(v, where, maxlen=500):
        if not (isinstance(v, dict) and set(v) == {"vi", "en"}):
            e("%s: must be {vi, en}" % where); return
        for k in ("vi", "en"):
            s = v[k]
            if not (isinstance(s, str) and s.strip()):
                e("%s.%s empty" % (where, k))
            elif len(s) > maxlen:
                e("%s.%s longer than %d" % (where, k, maxlen))

    lang(p["name"], "name"); lang(p["field"], "field"); lang(p["result_type"], "result_type")
    if p["unit"] not in UNITS:
        e("unit %r unknown" % p["unit"])
    if p["online_level"] not in LEVELS:
        e("online_level %r" % p["online_level"])
    tl = p["time_limit"]
    if not (isinstance(tl, dict) and set(tl) == {"value", "unit"} and type(tl["value"]) is int
            and tl["value"] >= 0 and tl["unit"] in TL_UNITS):
        e("time_limit malformed"); return errs
    if not (isinstance(p["effective_from"], str) and re.fullmatch(r"\d{4}-\d\d-\d\d", p["effective_from"])):
        e("effective_from must be YYYY-MM-DD")
    # Decision 766's group 1 (public disclosure): null when not known.
    sj = p["subjects"]
    if sj is not None and not (isinstance(sj, str) and sj.strip() and len(sj) <= 1000):
        e("subjects must be null or a non-empty string of at most 1000 characters")
    if p["sets"] is not None and not (type(p["sets"]) is int and 1 <= p["sets"] <= 100):
        e("sets must be null or an integer 1..100")
    for k in ("decision_date", "published_date"):
        if p[k] is not None and not (isinstance(p[k], str) and re.fullmatch(r"\d{4}-\d\d-\d\d", p[k])):
            e("%s must be null or YYYY-MM-DD" % k)
    if not isinstance(p["fees"], list):
        e("fees must be a list")
    else:
        for i, f in enumerate(p["fees"]):
            if not (isinstance(f, dict) and set(f) == FEE):
                e("fees[%d]: keys must be %s" % (i, sorted(FEE))); continue
            lang(f["name"], "fees[%d].name" % i)
            # null: "to be confirmed" (never payable until an administrator sets it)
            if f["amount"] is not None and (type(f["amount"]) is not int or f["amount"] < 0):
                e("fees[%d].amount must be a non-negative integer or null" % i)
            if f["per"] is not None and not re.fullmatch(r"[a-z_]{1,32}", str(f["per"])):
                e("fees[%d].per must be null or a parameter name (a-z, _)" % i)
            if f["due"] not in ("receipt", "before_return"):
                e("fees[%d].due must be receipt or before_return" % i)
            x = f["exemption"]
            if x is not None and (not isinstance(x, dict) or set(x) != {"who", "basis"}
                                  or not all(isinstance(x[k], str) and x[k] for k in x)):
                e("fees[%d].exemption must be null or {who, basis}" % i)
            if f["note"] is not None:
                lang(f["note"], "fees[%d].note" % i)
    cs = p["components"]
    if not (isinstance(cs, list) and 1 <= len(cs) <= 40):
        e("components: 1..40")
    else:
        for i, c in enumerate(cs):
            w = "components[%d]" % i
            if not (isinstance(c, dict) and set(c) == COMP):
                e("%s: keys must be %s" % (w, sorted(COMP))); continue
            lang(c["name"], w + ".name")
            if not (c["template"] is None or (isinstance(c["template"], str) and c["template"].strip())):
                e(w + ".template")
            if c["copy_type"] not in COPY:
                e(w + ".copy_type %r" % c["copy_type"])
            if not (type(c["copies"]) is int and 1 <= c["copies"] <= 10):
                e(w + ".copies 1..10")
            if type(c["mandatory"]) is not bool:
                e(w + ".mandatory must be boolean")
            elif c["mandatory"] and c["condition"] is not None:
                e(w + ": mandatory component has a condition")
            elif not c["mandatory"] and not isinstance(c["condition"], dict):
                e(w + ": conditional component needs a condition {vi, en}")
            elif not c["mandatory"]:
                lang(c["condition"], w + ".condition")
            if not (isinstance(c["doc_type"], str) and re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", c["doc_type"])):
                e(w + ".doc_type must be snake_case")
    lb = p["legal_basis"]
    if not (isinstance(lb, list) and lb and all(isinstance(x, str) and x.strip() for x in lb)):
        e("legal_basis must be a non-empty list of strings")
    st = p["process"]
    if not (isinstance(st, list) and 2 <= len(st) <= 12):
        e("process: 2..12 steps"); return errs
    key = "days" if tl["unit"] == "days" else "hours"
    want = {"working_days": tl["value"] * 8, "working_hours": tl["value"], "days": tl["value"]}[tl["unit"]]
    total = 0
    for i, s in enumerate(st):
        w = "process[%d]" % i
        if not (isinstance(s, dict) and set(s) == (STEP_D if key == "days" else STEP_H)):
            e("%s: keys must be name, role, unit, %s" % (w, key)); continue
        lang(s["name"], w + ".name")
        if s["role"] not in ROLES:
            e(w + ".role %r" % s["role"])
        if s["unit"] not in UNITS:
            e(w + ".unit %r" % s["unit"])
        if not (type(s[key]) is int and s[key] > 0):
            e("%s.%s must be an integer > 0" % (w, key))
        else:
            total += s[key]
    if total != want:
        e("process shares sum to %d %s, expected %d" % (total, key, want))
    if not isinstance(p["notes"], str):
        e("notes must be a string")
    return errs


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    files = sorted(f for f in os.listdir(d) if f.endswith(".json"))
    bad = 0
    names = {f[:-5] for f in files}
    for k in KEYS:
        if k not in names:
            print("missing %s.json" % k); bad += 1
    for f in files:
        for msg in check(os.path.join(d, f)):
            print("%s: %s" % (f, msg)); bad += 1
    print("%d files, %d errors" % (len(files), bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
