"""Synthetic water-saving plans with their ground truth: benchmark corpora and a measure of the
extractor's precision and recall at scale.

Each plan is generated (nothing is copied from the corpus): a title, paragraphs of filler prose built
from short phrase fragments, a "main targets" section whose sentences combine the wording families the
extractor supports (caps in 亿/万立方米, reductions against a baseline year, coordinated lists with
分别/均, floors and ceilings, coefficients, shares written before the alias, counts, annual-use
thresholds), background statistics that are *not* targets, an indicator table with one column per year
(tab-led cells, one per line, a blank line between rows) and a task-division annex.

    python benchmarks/synth.py 300 --out /tmp/corpus      # write 300 plans + truth.json
    python benchmarks/synth.py 50 --score                 # generate, extract, print precision/recall
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from compare import metadata

# --------------------------------------------------------------------------- truth and plans


@dataclass(frozen=True)
class Truth:
    """One target a synthetic plan states, in the extractor's canonical unit."""

    indicator_id: str
    target_year: int | None
    value: float
    comparator: str
    baseline_year: int | None = None
    family: str = ""

    def key(self) -> tuple:
        return (self.indicator_id, self.target_year, round(self.value, 6), self.comparator, self.baseline_year)


@dataclass
class Plan:
    """One synthetic plan: its registry fields, its text and what it states."""

    document_id: str
    jurisdiction_id: str
    title_zh: str
    text: str
    truth: list[Truth] = field(default_factory=list)


# --------------------------------------------------------------------------- filler vocabulary
# Fragments chosen so that no combination names an indicator or holds a number.

_VERBS = ["深入推进", "全面落实", "持续强化", "加快构建", "统筹推进", "积极探索", "不断完善", "大力实施",
          "严格执行", "着力提升", "稳步开展", "切实加强", "系统谋划", "协同推动"]
_OBJECTS = ["水资源刚性约束制度", "节约用水的生活方式", "农业节水增效工作", "工业节水减排改造", "城镇节水降损行动",
            "节水科技创新体系", "水价形成机制改革", "取用水监督管理", "节水宣传教育活动", "水资源论证制度",
            "河湖生态保护修复", "用水定额管理", "节水标准体系", "水权水市场建设", "水资源监测能力", "跨部门协调机制",
            "节水产品认证", "供水设施改造", "雨洪资源利用", "灌区续建配套"]
_PURPOSES = ["推动形成节约用水的良好风尚", "为经济社会高质量发展提供水安全保障", "切实提高水资源利用效率",
             "促进人口经济与资源环境相均衡", "夯实生态文明建设基础", "增强全社会的节水意识",
             "推动用水方式由粗放向节约集约转变", "保障城乡居民饮水安全"]
_HOW = ["坚持以水定城、以水定地、以水定人、以水定产", "坚持政府主导、市场调节、公众参与",
        "坚持节水优先、空间均衡、系统治理、两手发力", "坚持问题导向和目标导向相统一", "坚持因地制宜、分类施策"]
_HEADINGS = ["总体要求", "基本原则", "重点任务", "保障措施", "组织实施", "监督考核", "宣传引导", "资金保障"]
_TASKS = ["农业节水增效", "工业节水减排", "城镇节水降损", "节水科技创新", "水资源监管", "非常规水源利用",
          "节水机制改革", "生态保护修复"]
_AGENCIES = ["县水利局", "县发展改革委", "县住房城乡建设局", "县农业农村局", "县工业和信息化局", "县城管局",
             "县财政局", "县生态环境局", "县市场监管局", "县教育局"]
_SYLLABLES = "安平清河东宁和兴阳山丰永长新桃临沁汾浦江泽源德丘"
_SCOPES = ["全县", "全区", ""]
_CN_NUMERALS = {2: "两", 3: "三", 4: "四", 5: "五"}


def _sentence(rng: random.Random) -> str:
    parts = [f"{rng.choice(_VERBS)}{rng.choice(_OBJECTS)}" for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.4:
        parts.insert(0, rng.choice(_HOW))
    return "，".join(parts) + f"，{rng.choice(_PURPOSES)}。"


def _paragraph(rng: random.Random, n: tuple[int, int] = (3, 7)) -> str:
    return "".join(_sentence(rng) for _ in range(rng.randint(*n)))


# --------------------------------------------------------------------------- target phrasings
# Each family returns (clause, truths) for the target year `y`; values are random but plausible.

Family = Callable[[random.Random, int], tuple[str, list[Truth]]]


def _num(rng: random.Random, lo: float, hi: float, decimals: int) -> str:
    v = round(rng.uniform(lo, hi), decimals)
    return f"{v:.{decimals}f}".rstrip("0").rstrip(".") if decimals else str(int(v))


def _t(iid, year, value, comparator, baseline=None, family="") -> Truth:
    return Truth(iid, year, float(value), comparator, baseline, family)


def cap_yi(rng, y):
    v = _num(rng, 0.5, 40, 2)
    phrase, comp = rng.choice([("控制在{v}亿立方米以内", "<="), ("不超过{v}亿m³", "<="), ("控制在{v}亿方以内", "<=")])
    return f"{rng.choice(_SCOPES)}用水总量{phrase.format(v=v)}", [_t("total_water_use_cap", y, v, comp, family="cap_yi")]


def cap_wan(rng, y):
    v = _num(rng, 5000, 90000, 0)
    return (f"{rng.choice(_SCOPES)}用水总量控制在{v}万立方米以内",
            [_t("total_water_use_cap", y, float(v) / 1e4, "<=", family="cap_wan")])


def groundwater(rng, y):
    v = _num(rng, 200, 20000, 0)
    alias = rng.choice(["地下水开采量", "地下水开发利用总量", "地下水取用量"])
    return f"{alias}控制在{v}万立方米以内", [_t("groundwater_withdrawal_cap", y, float(v) / 1e4, "<=", family="groundwater")]


def _baseline_phrase(rng, b):
    return rng.choice([f"较{b}年", f"比{b}年", f"与{b}年相比，"])


def reduction(rng, y):
    b = y - rng.choice([5, 5, 10])
    v = _num(rng, 3, 30, rng.choice([0, 1]))
    alias, iid = rng.choice([("万元GDP用水量", "gdp_water_intensity_reduction"),
                             ("万元地区生产总值用水量", "gdp_water_intensity_reduction"),
                             ("万元工业增加值用水量", "industrial_water_intensity_reduction")])
    verb = rng.choice(["下降", "降低"])
    return f"{alias}{_baseline_phrase(rng, b)}{verb}{v}%", [_t(iid, y, v, ">=", b, "reduction")]


def coordinated(rng, y):
    b = y - 5
    v1, v2 = _num(rng, 8, 25, 0), _num(rng, 5, 20, 0)
    gdp = rng.choice(["万元地区生产总值用水量", "万元国内生产总值用水量", "万元GDP用水量"])
    ind = "万元工业增加值用水量"
    if rng.random() < 0.5:
        text = f"{gdp}、{ind}较{b}年分别降低{v1}%和{v2}%"
        values = (v1, v2)
    else:
        text = f"{gdp}、{ind}较{b}年均降低{v1}%"
        values = (v1, v1)
    return text, [_t("gdp_water_intensity_reduction", y, values[0], ">=", b, "coordinated"),
                  _t("industrial_water_intensity_reduction", y, values[1], ">=", b, "coordinated")]


def coefficient(rng, y):
    v = _num(rng, 0.5, 0.75, 3)
    phrase = rng.choice(["提高到{v}以上", "达到{v}", "不低于{v}"])
    alias = rng.choice(["农田灌溉水有效利用系数", "灌溉水有效利用系数"])
    return f"{alias}{phrase.format(v=v)}", [_t("irrigation_water_use_coefficient", y, v, ">=", family="coefficient")]


_RATES = [  # alias, indicator, range, phrasings with their comparator
    ("规模以上工业用水重复利用率", "industrial_water_reuse_rate", (80, 98), [("达到{v}%以上", ">="), ("不低于{v}%", ">=")]),
    ("城市再生水利用率", "reclaimed_water_use_rate", (15, 50), [("达到{v}%以上", ">="), ("提高到{v}%", ">=")]),
    ("公共供水管网漏损率", "public_supply_leakage_rate", (6, 12), [("控制在{v}%以内", "<="), ("低于{v}%", "<"),
                                                              ("不高于{v}%", "<=")]),
    ("矿井水利用率", "mine_water_utilization_rate", (60, 95), [("达到{v}%", ">="), ("不低于{v}%", ">=")]),
    ("节水型居民小区建成率", "water_saving_residential_community_rate", (10, 40), [("达到{v}%", ">=")]),
    ("农业灌溉用水计量率", "agricultural_irrigation_metering_rate", (50, 90), [("达到{v}%以上", ">=")]),
    ("重点用水行业节水型企业建成率", "water_saving_enterprise_rate", (30, 80), [("达到{v}%", ">=")]),
]


def rate(rng, y):
    alias, iid, (lo, hi), phrasings = rng.choice(_RATES)
    v = _num(rng, lo, hi, rng.choice([0, 0, 1]))
    phrase, comp = rng.choice(phrasings)
    return f"{alias}{phrase.format(v=v)}", [_t(iid, y, v, comp, family="floor_ceiling")]


def share_increase(rng, y):
    v = _num(rng, 1, 5, 0)
    unit = rng.choice(["个百分点", "%"])
    return (f"非常规水利用占比提高{v}{unit}",
            [_t("unconventional_water_share_increase", y, v, ">=", family="share_increase")])


def area(rng, y):
    v = _num(rng, 0.5, 30, 1)
    alias, iid, phrase, comp = rng.choice([
        ("高效节水灌溉面积", "new_efficient_irrigation_area", "新增{a}{v}万亩", "="),
        ("高标准农田面积", "high_standard_farmland_area", "{a}达到{v}万亩", ">="),
        ("水肥一体化面积", "fertigation_area", "{a}达到{v}万亩", ">="),
    ])
    return phrase.format(a=alias, v=v), [_t(iid, y, v, comp, family="area")]


def shares_before(rng, y):
    units = rng.sample(["县级机关", "县级事业单位", "县级公共机构", "乡镇机关"], rng.randint(1, 3))
    values = [_num(rng, 20, 90, 0) for _ in units]
    text = "、".join(f"{v}%以上的{u}" for v, u in zip(values, units, strict=True)) + "建成节水型单位"
    return text, [_t("water_saving_institution_share", y, v, ">=", family="share_before") for v in values]


def counts(rng, y):
    n = rng.randint(2, 12)
    written = _CN_NUMERALS[n] if n in _CN_NUMERALS and rng.random() < 0.3 else str(n)
    verb, classifier, alias, iid = rng.choice([
        ("创建", "个", "农业高效节水示范区", "agricultural_demonstration_zone_count"),
        ("建成", "个", "节水农业示范区", "agricultural_demonstration_zone_count"),
        ("遴选", "家", "水效领跑者", "water_efficiency_leader_count"),
        ("培育", "家", "节水标杆企业", "water_saving_benchmark_enterprise_count"),
        ("建成", "家", "节水型企业", "water_saving_enterprise_count"),
    ])
    return f"{verb}{written}{classifier}{alias}", [_t(iid, y, n, "=", family="count")]


def threshold(rng, y):
    v = rng.choice([1, 3, 5, 10, 20, 50])
    subject, tail, iid = rng.choice([
        ("工业企业", "实现计量全覆盖", "metering_threshold"),
        ("用水单位", "纳入重点监控用水单位名录", "key_monitoring_threshold"),
        ("非居民用水户", "全部纳入计划用水管理", "water_plan_management_threshold"),
    ])
    return f"年用水量{v}万立方米以上的{subject}{tail}", [_t(iid, y, v, ">=", family="threshold")]


FAMILIES: dict[str, Family] = {
    "cap_yi": cap_yi, "cap_wan": cap_wan, "groundwater": groundwater, "reduction": reduction,
    "coordinated": coordinated, "coefficient": coefficient, "floor_ceiling": rate,
    "share_increase": share_increase, "area": area, "share_before": shares_before, "count": counts,
    "threshold": threshold,
}

# --------------------------------------------------------------------------- indicator tables

_TABLE_ROWS = [  # row name, unit cell, indicator, canonical factor, range, decimals, comparator
    ("用水总量", "亿立方米", "total_water_use_cap", 1.0, (1, 30), 2),
    ("万元GDP用水量下降幅度", "%", "gdp_water_intensity_reduction", 1.0, (5, 20), 1),
    ("万元工业增加值用水量下降幅度", "%", "industrial_water_intensity_reduction", 1.0, (5, 20), 1),
    ("农田灌溉水有效利用系数", "1", "irrigation_water_use_coefficient", 1.0, (0.5, 0.75), 3),
    ("城镇公共供水管网漏损率", "%", "public_supply_leakage_rate", 1.0, (6, 12), 1),
    ("城市再生水利用率", "%", "reclaimed_water_use_rate", 1.0, (15, 50), 0),
    ("农业灌溉面积", "万亩", "irrigated_area", 1.0, (10, 300), 0),
    ("地下水开采量", "万立方米", "groundwater_withdrawal_cap", 1e-4, (200, 20000), 0),
]


def _cell_text(rng: random.Random, name: str) -> str:
    """A row name, sometimes wrapped onto a second line (as converted Word/PDF tables are)."""
    if len(name) > 6 and rng.random() < 0.3:
        k = rng.randint(3, len(name) - 2)
        return f"{name[:k]}\n{name[k:]}"
    return name


def indicator_table(rng: random.Random, place: str) -> tuple[str, list[Truth]]:
    years = rng.choice([(2025, 2030), (2022, 2025), (2025, 2035)])
    rows = rng.sample(_TABLE_ROWS, rng.randint(4, len(_TABLE_ROWS)))
    out = [f"{place}节水主要指标表", "\t序号", "\t指标类型", "\t指标名称", "\t单位", "\t指标属性",
           *(f"\t{y}年" for y in years), "\t责任单位", ""]
    truth = []
    for i, (name, unit, iid, factor, (lo, hi), dec) in enumerate(rows, 1):
        kind = rng.choice(["", "总体目标", "以水定产", "以水定地"])
        attribute = rng.choice(["约束性", "预期性"])
        cells = [f"\t{i}", f"\t{kind}" if kind else "\t", f"\t{_cell_text(rng, name)}", f"\t{unit}", f"\t{attribute}"]
        for y in years:
            v = _num(rng, lo, hi, dec)
            written = f"{v}%" if unit == "%" and rng.random() < 0.3 else v
            cells.append(f"\t{written}")
            # a bare number in a target column: the indicator's bare_comparator (a cap <=, a reduction >=)
            truth.append(_t(iid, y, float(v) * factor, metadata.indicator_specs()[iid].get("bare_comparator", "="),
                            family="indicator_table"))
        cells.append(f"\t{rng.choice(_AGENCIES)}")
        out += [*cells, ""]
    return "\n".join(out) + "\n", truth


# --------------------------------------------------------------------------- plans


def _background(rng: random.Random, y: int) -> str:
    """Statistics of a past year: numbers that are not targets (the extractor must leave them)."""
    return (f"{y}年全县年用水总量{_num(rng, 1, 20, 2)}亿立方米，现有水库{rng.randint(3, 40)}座、"
            f"灌区{rng.randint(2, 20)}处，{_sentence(rng)}")


def _task_annex(rng: random.Random) -> str:
    lines = ["附件", "重点任务分工", "\t序号", "\t重点任务", "\t具体内容", "\t责任单位", ""]
    for i in range(1, rng.randint(12, 26)):
        lines += [f"\t{i}", f"\t{rng.choice(_TASKS)}", f"\t{_sentence(rng)}{_sentence(rng)}",
                  f"\t{rng.choice(_AGENCIES)}", ""]
    return "\n".join(lines) + "\n"


def _place(rng: random.Random) -> str:
    return "".join(rng.sample(_SYLLABLES, 2)) + rng.choice(["县", "区"])


#: Families whose number stands before the indicator (创建3个示范区, 40%以上的…建成节水型单位).
BEFORE_FAMILIES = ("count", "share_before", "threshold")


def make_plan(i: int, jurisdiction_id: str, prefecture_zh: str, seed: int = 0, mixed: bool = False) -> Plan:
    """The i-th synthetic plan (deterministic for a given seed). Within a sentence, clauses whose number
    precedes the indicator come last unless `mixed`: the extractor reads `…纳入重点监控用水单位名录，
    地下水开采量控制在…` as one list of indicators (a known limitation measured separately)."""
    rng = random.Random(f"{seed}-{i}")
    place = _place(rng)
    title = f"{prefecture_zh}{place}节水行动实施方案"
    truth: list[Truth] = []
    parts = [title, "", "一、总体要求", _paragraph(rng), _paragraph(rng), "", "二、主要目标"]
    base_year = rng.choice([2020, 2021, 2022])
    parts.append(_background(rng, base_year - 1))
    for _ in range(rng.randint(2, 4)):
        y = rng.choice([2022, 2025, 2030, 2035])
        clauses = []
        names = rng.sample(list(FAMILIES), rng.randint(2, 4))
        if not mixed:
            names.sort(key=lambda f: f in BEFORE_FAMILIES)
        for name in names:
            text, ts = FAMILIES[name](rng, y)
            clauses.append(text)
            truth += ts
        lead = "力争到" if rng.random() < 0.2 else "到"
        parts.append(f"{lead}{y}年，" + "，".join(clauses) + "。" + _sentence(rng))
    parts += ["", "三、重点任务"]
    for k, task in enumerate(rng.sample(_TASKS, rng.randint(4, 7)), 1):
        parts.append(f"（{'一二三四五六七八九'[k - 1]}）{task}")
        parts.append(_paragraph(rng))
        if rng.random() < 0.6:
            y = rng.choice([2025, 2030])
            text, ts = FAMILIES[rng.choice(list(FAMILIES))](rng, y)
            truth += ts
            parts.append(f"{_sentence(rng)}到{y}年，{text}。{_sentence(rng)}")
        parts.append(_paragraph(rng, (2, 5)))
    if rng.random() < 0.6:
        table, ts = indicator_table(rng, place)
        parts += ["", table]
        truth += ts
    for k, heading in enumerate(rng.sample(_HEADINGS[2:], 2)):
        parts += ["", f"{'四五'[k]}、{heading}", *(_paragraph(rng) for _ in range(rng.randint(2, 5)))]
    parts += ["", _task_annex(rng)]
    return Plan(f"synth_{i:05d}", jurisdiction_id, title, "\n".join(parts) + "\n", truth)


def generate(n: int, seed: int = 0, jurisdictions: Iterable[tuple[str, str]] | None = None,
             mixed: bool = False) -> list[Plan]:
    """`n` plans, registered in turn under the given (jurisdiction_id, name_zh) pairs (default: every
    prefecture/district of data/reference/jurisdictions.yaml)."""
    if jurisdictions is None:
        from compare import metadata

        jurisdictions = [(jid, s["name_zh"]) for jid, s in metadata.jurisdiction_specs().items()
                         if s["level"] in ("prefecture", "district", "county")]
    pool = list(jurisdictions)
    return [make_plan(i, *pool[i % len(pool)], seed=seed, mixed=mixed) for i in range(n)]


# --------------------------------------------------------------------------- writing and scoring

from compare.registry import REGISTRY_COLUMNS  # noqa: E402  (the registry's own columns: one home)


def write_corpus(plans: list[Plan], raw_dir: Path, registry_csv: Path | None = None,
                 keep_rows: list[dict] | None = None) -> None:
    """Write each plan to raw_dir/<id>.txt and (re)write the registry: `keep_rows` first, then the plans."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    rows = list(keep_rows or [])
    for p in plans:
        data = p.text.encode("utf-8")
        (raw_dir / f"{p.document_id}.txt").write_bytes(data)
        rows.append({"document_id": p.document_id, "jurisdiction_id": p.jurisdiction_id, "title_zh": p.title_zh,
                     "issuer_zh": None, "doc_number": None, "date_issued": "2021-06-01", "kind": "official text",
                     "source_url": None, "path": f"{p.document_id}.txt",
                     "sha256": hashlib.sha256(data).hexdigest(), "notes": "synthetic benchmark plan"})
    with (registry_csv or raw_dir / "documents.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=REGISTRY_COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: ("" if r.get(c) is None else r.get(c)) for c in REGISTRY_COLUMNS})


def _key(c) -> tuple:
    return (c.indicator_id, c.target_year, round(c.value, 6), c.comparator, c.baseline_year)


def score(plans: list[Plan], extracted: dict[str, list]) -> dict:
    """Precision and recall of extracted candidates against the plans' truth (match on indicator,
    year, value, comparator and baseline year), overall and recall per wording family."""
    tp = fp = fn = 0
    fam_total: Counter = Counter()
    fam_found: Counter = Counter()
    misses: list[str] = []
    for p in plans:
        want = Counter(t.key() for t in p.truth)
        got = Counter(_key(c) for c in extracted.get(p.document_id, []))
        hit = want & got
        tp += sum(hit.values())
        fp += sum((got - want).values())
        fn += sum((want - got).values())
        left = Counter(hit)
        for t in p.truth:
            fam_total[t.family] += 1
            if left[t.key()] > 0:
                left[t.key()] -= 1
                fam_found[t.family] += 1
            elif len(misses) < 5:
                misses.append(f"{p.document_id}: {t}")
    return {
        "truth": tp + fn, "extracted": tp + fp, "true_positives": tp,
        "precision": tp / (tp + fp) if tp + fp else math.nan,
        "recall": tp / (tp + fn) if tp + fn else math.nan,
        "recall_by_family": {f: round(fam_found[f] / n, 4) for f, n in sorted(fam_total.items())},
        "examples_missed": misses,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, help="write <out>/<id>.txt, documents.csv and truth.json")
    ap.add_argument("--score", action="store_true", help="extract and print precision/recall")
    args = ap.parse_args(argv)
    plans = generate(args.n, args.seed)
    if args.out:
        write_corpus(plans, args.out)
        truth = {p.document_id: [asdict(t) for t in p.truth] for p in plans}
        (args.out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"wrote {len(plans)} plans to {args.out}")
    if args.score:
        from compare.cache import extract_many

        print(json.dumps(score(plans, extract_many({p.document_id: p.text for p in plans}, use_cache=False)),
                         ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
