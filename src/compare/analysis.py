"""Comparisons on the curated tables: pure pandas in, pandas out.

Each public function names what one row of its result is.  Inputs are the published tables
(`targets`, `jurisdictions`, `outcomes`, `documents`) or frames with the same columns; nothing here
reads files, so every function can be tested on a few hand-made rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from compare import metadata

#: Levels below the province (cities, their districts and counties).
CITY_LEVELS = ("prefecture", "district", "county")
#: Levels from the top of the cascade down.
LEVEL_ORDER = ("national", "province", *CITY_LEVELS)
#: Verdicts of a same-year comparison; pairs for different years get CONTEXT.
VERDICTS = ("stricter", "same", "looser")
CONTEXT = "context"
#: The cap whose trajectories cap_trajectories draws by default.
CAP_INDICATOR = "total_water_use_cap"
#: Preferred provenance when one target is stated more than once.
_METHOD_ORDER = {"review": 0, "rule": 1, "reference": 2}
_TOLERANCE = 1e-9


# --------------------------------------------------------------------------- helpers


def jurisdiction_order() -> dict[str, int]:
    """jurisdiction_id → position in data/reference/jurisdictions.yaml (nation, provinces, cities)."""
    return {jid: i for i, jid in enumerate(metadata.jurisdiction_specs())}


def indicator_order() -> dict[str, int]:
    """indicator_id → position in metadata/indicators.yaml."""
    return {iid: i for i, iid in enumerate(metadata.indicator_specs())}


def _sort(df: pd.DataFrame, *extra: str) -> pd.DataFrame:
    """Rows in metadata order of jurisdiction and indicator, then by `extra` columns."""
    keys, cols = [], []
    if "jurisdiction_id" in df:
        order = jurisdiction_order()
        keys.append(df["jurisdiction_id"].map(lambda j: order.get(j, len(order))).rename("_j"))
    if "indicator_id" in df:
        order = indicator_order()
        keys.append(df["indicator_id"].map(lambda i: order.get(i, len(order))).rename("_i"))
    tmp = pd.concat([df, *keys], axis=1)
    cols = [k.name for k in keys] + [c for c in extra if c in df]
    return tmp.sort_values(cols, kind="stable").drop(columns=[k.name for k in keys]).reset_index(drop=True)


def scope_rank(scope: object) -> int:
    """0 for a whole-jurisdiction scope (none stated, 全市, 全省 …), 1 for other 全… scopes, 2 otherwise."""
    if scope is None or pd.isna(scope) or scope == "":
        return 0
    prefix = metadata.lexicon()["whole_scope_prefix"]
    whole = {s for s in metadata.lexicon()["scopes"] if str(s).startswith(prefix)}
    if scope in whole:
        return 0
    return 1 if str(scope).startswith(prefix) else 2


def add_levels(df: pd.DataFrame, jurisdictions: pd.DataFrame) -> pd.DataFrame:
    """`df` with the jurisdiction's `level` and `parent_id` added (one row per row of `df`)."""
    j = jurisdictions[["jurisdiction_id", "level", "parent_id"]]
    out = df.drop(columns=[c for c in ("level", "parent_id") if c in df]).merge(j, on="jurisdiction_id", how="left")
    assert len(out) == len(df), "jurisdictions has duplicate ids"
    return out


def ancestor_at_level(jurisdiction_id: str, level: str, jurisdictions: pd.DataFrame) -> str | None:
    """The id of the jurisdiction's ancestor (or itself) at `level`, None when there is none."""
    parents = dict(zip(jurisdictions["jurisdiction_id"], jurisdictions["parent_id"], strict=True))
    levels = dict(zip(jurisdictions["jurisdiction_id"], jurisdictions["level"], strict=True))
    current: str | None = jurisdiction_id
    seen: set[str] = set()
    while current is not None and not pd.isna(current) and current not in seen:
        if levels.get(current) == level:
            return current
        seen.add(current)
        current = parents.get(current)
    return None


def is_reduction(indicator_id: str) -> bool:
    """True for reductions stated against a baseline year (indicators.yaml `kind: reduction`)."""
    return metadata.indicator_kind(indicator_id) == "reduction"


def assumed_baseline_year(target_year: int) -> int:
    """The last year before the five-year-plan period containing `target_year` (2025 → 2020, 2022 → 2020,
    2020 → 2015): the baseline a reduction stated without one most plausibly refers to.  The periods
    are the lexicon's `plan_periods`, extended at the same length before the first and after the last."""
    ends = metadata.plan_period_ends()
    first, length = ends[0], (ends[1] - ends[0] if len(ends) > 1 else 5)
    return first + ((int(target_year) - 1 - first) // length) * length


def annualised_rate(reduction_pct: float, n_years: float) -> float:
    """The constant yearly reduction (in %) that compounds to `reduction_pct` over `n_years`:
    100 · (1 − (1 − r)^(1/n)) with r = reduction_pct / 100.  NaN when n_years ≤ 0 or r ≥ 100 %."""
    if pd.isna(reduction_pct) or pd.isna(n_years) or n_years <= 0 or reduction_pct >= 100:
        return float("nan")
    return 100.0 * (1.0 - (1.0 - reduction_pct / 100.0) ** (1.0 / n_years))


def annual_growth(start: float, end: float, n_years: float) -> float:
    """Compound yearly growth (in %) from `start` to `end` over `n_years`; NaN when undefined."""
    if pd.isna(start) or pd.isna(end) or pd.isna(n_years) or n_years <= 0 or start <= 0:
        return float("nan")
    return 100.0 * ((end / start) ** (1.0 / n_years) - 1.0)


def classify(value: float, reference: float, direction: str) -> str | None:
    """`stricter`, `same` or `looser`: how `value` compares with `reference` for an indicator whose
    `direction` is lower_is_better or higher_is_better; None when either value is missing."""
    if pd.isna(value) or pd.isna(reference):
        return None
    if abs(value - reference) <= _TOLERANCE * max(1.0, abs(reference)):
        return "same"
    better = value < reference if direction == "lower_is_better" else value > reference
    return "stricter" if better else "looser"


# --------------------------------------------------------------------------- target views


def headline_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """One row per jurisdiction × indicator × target year: the target for the whole jurisdiction.

    When a target is stated several times (headline and body text, two reports of one plan) or for
    several scopes, the row kept is the one with the widest scope (`scope_rank`), then reviewed before
    rule before reference, then first in the text.  Rows without a target year are left out.
    """
    df = targets[targets["target_year"].notna()].copy()
    df["_scope_rank"] = df["scope_zh"].map(scope_rank) if "scope_zh" in df else 0
    df["_method_rank"] = df["method"].map(lambda m: _METHOD_ORDER.get(m, 9)) if "method" in df else 0
    sort_cols = ["_scope_rank", "_method_rank"] + [c for c in ("char_start", "document_id") if c in df]
    df = df.sort_values(sort_cols, kind="stable", na_position="last")
    df = df.drop_duplicates(["jurisdiction_id", "indicator_id", "target_year"], keep="first")
    df = _sort(df.drop(columns=["_scope_rank", "_method_rank"]), "target_year")
    assert not df.duplicated(["jurisdiction_id", "indicator_id", "target_year"]).any()
    return df


def indicator_view(
    targets: pd.DataFrame,
    indicator_id: str,
    jurisdictions: pd.DataFrame | None = None,
    documents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per jurisdiction × target year for one indicator: value, comparator, baseline, scope,
    document (with its doc number and source URL when `documents` is given) and the quoted sentence."""
    df = headline_targets(targets[targets["indicator_id"] == indicator_id])
    if jurisdictions is not None:
        df = add_levels(df, jurisdictions)
    if documents is not None:
        docs = documents[["document_id", "title_zh", "doc_number", "source_url"]]
        df = df.drop(columns=[c for c in docs.columns if c in df and c != "document_id"]).merge(
            docs, on="document_id", how="left"
        )
    return _sort(df, "target_year")


def jurisdiction_profile(targets: pd.DataFrame, jurisdiction_id: str) -> pd.DataFrame:
    """One row per indicator × target year for one jurisdiction: every dated target it states
    (headline scope), in vocabulary order."""
    df = headline_targets(targets[targets["jurisdiction_id"] == jurisdiction_id])
    return _sort(df, "target_year")


def annualised_reductions(targets: pd.DataFrame) -> pd.DataFrame:
    """One row per reduction target (jurisdiction × reduction indicator × target year) with the stated
    reduction, the baseline year used, `is_baseline_assumed` and `annual_reduction_pct`, the constant
    yearly reduction 100 · (1 − (1 − r)^(1/(target_year − baseline_year))) that compounds to it.

    A reduction stated without a baseline is measured from the start of its five-year-plan period
    (`assumed_baseline_year`) and flagged, so charts can show the assumption.
    """
    df = headline_targets(targets[targets["indicator_id"].map(is_reduction)])
    stated = df["baseline_year"]
    df["is_baseline_assumed"] = stated.isna().astype("bool")
    assumed = df["target_year"].map(lambda y: assumed_baseline_year(int(y)))
    df["baseline_year_used"] = stated.astype("Float64").fillna(assumed.astype("Float64")).astype("Int16")
    df["n_years"] = (df["target_year"].astype("Int64") - df["baseline_year_used"].astype("Int64")).astype("Int64")
    df["annual_reduction_pct"] = [
        annualised_rate(r, n) for r, n in zip(df["value"], df["n_years"], strict=True)
    ]
    df["annual_reduction_pct"] = df["annual_reduction_pct"].astype("float64")
    return df


def cap_trajectories(targets: pd.DataFrame, indicator_id: str = CAP_INDICATOR) -> pd.DataFrame:
    """One row per jurisdiction × target year of a cap: the cap, the jurisdiction's first cap,
    `index_first_100` (cap / first cap × 100) and the implied compound yearly growth since the
    previous stated year (`annual_growth_pct`) and since the first (`annual_growth_since_first_pct`)."""
    df = headline_targets(targets[targets["indicator_id"] == indicator_id])
    df = df.sort_values(["jurisdiction_id", "target_year"], kind="stable")
    g = df.groupby("jurisdiction_id", sort=False)
    df["first_target_year"] = g["target_year"].transform("first")
    df["first_value"] = g["value"].transform("first")
    df["previous_target_year"] = g["target_year"].shift(1)
    df["previous_value"] = g["value"].shift(1)
    df["index_first_100"] = 100.0 * df["value"] / df["first_value"]
    df["annual_growth_pct"] = [
        annual_growth(p, v, y - py) if not pd.isna(py) else float("nan")
        for p, v, y, py in zip(df["previous_value"], df["value"], df["target_year"], df["previous_target_year"],
                               strict=True)
    ]
    df["annual_growth_since_first_pct"] = [
        annual_growth(f, v, y - fy)
        for f, v, y, fy in zip(df["first_value"], df["value"], df["target_year"], df["first_target_year"], strict=True)
    ]
    for col in ("annual_growth_pct", "annual_growth_since_first_pct"):
        df[col] = df[col].astype("float64")
    return _sort(df, "target_year")


def comparison_values(targets: pd.DataFrame) -> pd.DataFrame:
    """One row per headline target (jurisdiction × indicator × target year) with `comparison_value`:
    the annualised reduction for reductions (so different baselines compare), the value otherwise."""
    h = headline_targets(targets)
    red = annualised_reductions(targets)[
        ["jurisdiction_id", "indicator_id", "target_year", "annual_reduction_pct", "baseline_year_used",
         "is_baseline_assumed"]
    ]
    out = h.merge(red, on=["jurisdiction_id", "indicator_id", "target_year"], how="left")
    out["comparison_value"] = out["annual_reduction_pct"].where(
        out["indicator_id"].map(is_reduction), out["value"]
    ).astype("float64")
    out["comparison_basis"] = np.where(out["indicator_id"].map(is_reduction), "annual_reduction", "value")
    return out


def ancestors(jurisdiction_id: str, jurisdictions: pd.DataFrame) -> list[str]:
    """The jurisdiction's ancestors, nearest first (county → prefecture → province → nation)."""
    parents = dict(zip(jurisdictions["jurisdiction_id"], jurisdictions["parent_id"], strict=True))
    chain: list[str] = []
    current = parents.get(jurisdiction_id)
    while current is not None and not pd.isna(current) and current not in chain and current != jurisdiction_id:
        chain.append(str(current))
        current = parents.get(current)
    return chain


def _reference_for(cand: pd.DataFrame | None, year: int, max_year_gap: int) -> pd.Series | None:
    """Among one ancestor's targets for one indicator (`cand`), the target for `year`, else the nearest
    year within `max_year_gap` (the earlier on a tie); None when there is none."""
    if cand is None or cand.empty:
        return None
    years = cand["target_year"].astype("int64")
    cand = cand.assign(_gap=(years - int(year)).abs(), _year=years)
    cand = cand[cand["_gap"] <= max_year_gap].sort_values(["_gap", "_year"], kind="stable")
    return None if cand.empty else cand.iloc[0]


def target_cascade(
    targets: pd.DataFrame, jurisdictions: pd.DataFrame, max_year_gap: int = 5
) -> pd.DataFrame:
    """One row per pair (a jurisdiction's target of a comparable indicator for one target year, one of
    its ancestors that has a target for that indicator): the target against the ancestor's, with a
    `verdict`.  Every ancestor is paired (county → prefecture → province → nation), nearest first
    (`reference_distance` 1 = the parent).

    `verdict` is `stricter` / `same` / `looser` (by the indicator's direction) ONLY when the ancestor
    has a target for the same target year (`target_year == reference_target_year`).  Otherwise the
    ancestor's target for the nearest year within `max_year_gap` (the earlier on a tie) is shown with
    `verdict` = `context` and both years: it is never classed and never counted in a headline.  A
    same-year pair whose compared value cannot be computed (a reduction whose baseline is not before
    its target year) is `context` too.  An ancestor with no target for the indicator within the gap
    gives no row.

    Reductions are compared on their annualised rate (`comparison_basis` = `annual_reduction`), which
    makes different baselines comparable for the same target year.  Decision: reductions for
    different target years are `context` too, not classed on their annualised rates — they belong to
    different plan periods, and a rate promised for one period says nothing about another.  Their
    rates still stand side by side (`comparison_value`, `reference_comparison_value`).
    Non-comparable indicators (volumes, counts, thresholds depend on the jurisdiction's size) are left out.
    """
    specs = metadata.indicator_specs()
    cv = add_levels(comparison_values(targets), jurisdictions)
    cv = cv[cv["indicator_id"].map(lambda i: bool(specs.get(i, {}).get("comparable", False)))]
    ref_cols = ["jurisdiction_id", "level", "indicator_id", "target_year", "comparator", "value",
                "baseline_year_used", "is_baseline_assumed", "comparison_value", "document_id"]
    refs = {key: g for key, g in cv[ref_cols].groupby(["jurisdiction_id", "indicator_id"])}
    chains: dict[str, list[str]] = {}
    rows = []
    for _, own in cv.iterrows():
        jid, iid = own["jurisdiction_id"], own["indicator_id"]
        if jid not in chains:
            chains[jid] = ancestors(jid, jurisdictions)
        base = {
            "jurisdiction_id": jid, "level": own["level"], "indicator_id": iid, "target_year": own["target_year"],
            "comparator": own["comparator"], "value": own["value"], "unit": own["unit"],
            "baseline_year": own["baseline_year"], "baseline_year_used": own["baseline_year_used"],
            "is_baseline_assumed": own["is_baseline_assumed"], "comparison_basis": own["comparison_basis"],
            "comparison_value": own["comparison_value"], "direction": specs[iid]["direction"],
            "document_id": own["document_id"], "quote_zh": own.get("quote_zh"),
        }
        for distance, ref_id in enumerate(chains[jid], start=1):
            ref = _reference_for(refs.get((ref_id, iid)), int(own["target_year"]), max_year_gap)
            if ref is None:
                continue
            same_year = int(ref["target_year"]) == int(own["target_year"])
            verdict = classify(own["comparison_value"], ref["comparison_value"], base["direction"]) if same_year else None
            rows.append(base | {
                "reference_jurisdiction_id": ref_id, "reference_level": ref["level"], "reference_distance": distance,
                "reference_target_year": ref["target_year"], "reference_comparator": ref["comparator"],
                "reference_value": ref["value"], "reference_baseline_year_used": ref["baseline_year_used"],
                "reference_is_baseline_assumed": ref["is_baseline_assumed"],
                "reference_comparison_value": ref["comparison_value"], "reference_document_id": ref["document_id"],
                "year_gap": int(own["target_year"]) - int(ref["target_year"]),
                "verdict": verdict if verdict is not None else CONTEXT,
            })
    out = pd.DataFrame(rows, columns=CASCADE_COLUMNS)
    for col in ("target_year", "reference_target_year", "baseline_year", "baseline_year_used",
                "reference_baseline_year_used"):
        out[col] = out[col].astype("Int16")
    for col in ("value", "comparison_value", "reference_value", "reference_comparison_value"):
        out[col] = out[col].astype("float64")
    for col in ("reference_distance", "year_gap"):
        out[col] = out[col].astype("int64")
    for col in ("is_baseline_assumed", "reference_is_baseline_assumed"):
        out[col] = out[col].astype("boolean")
    out = _sort(out, "target_year", "reference_distance")
    assert not out.duplicated(["jurisdiction_id", "indicator_id", "target_year", "reference_jurisdiction_id"]).any()
    assert (out.loc[out["verdict"] != CONTEXT, "target_year"]
            == out.loc[out["verdict"] != CONTEXT, "reference_target_year"]).all()
    return out


#: Columns of `target_cascade` (contract: target_year, reference_target_year, reference_jurisdiction_id, verdict).
CASCADE_COLUMNS = [
    "jurisdiction_id", "level", "indicator_id", "target_year", "comparator", "value", "unit", "baseline_year",
    "baseline_year_used", "is_baseline_assumed", "comparison_basis", "comparison_value", "direction",
    "document_id", "quote_zh",
    "reference_jurisdiction_id", "reference_level", "reference_distance", "reference_target_year",
    "reference_comparator", "reference_value", "reference_baseline_year_used", "reference_is_baseline_assumed",
    "reference_comparison_value", "reference_document_id", "year_gap", "verdict",
]


def cascade_counts(cascade: pd.DataFrame) -> pd.DataFrame:
    """One row per reference level present in a `target_cascade` frame, the nearest first (county,
    district, prefecture, province, nation): how many pairs are `stricter` / `same` / `looser` (same
    target year only), how many are `context` (`n_not_compared`: different years) and `n_pairs` in all."""
    order = {lvl: i for i, lvl in enumerate(reversed(LEVEL_ORDER))}
    rows = []
    levels = sorted(pd.unique(cascade["reference_level"].dropna()), key=lambda lvl: order.get(lvl, len(order)))
    for lvl in levels:
        vc = cascade.loc[cascade["reference_level"] == lvl, "verdict"].value_counts()
        row = {"reference_level": lvl} | {v: int(vc.get(v, 0)) for v in VERDICTS}
        row["n_not_compared"] = int(vc.get(CONTEXT, 0))
        row["n_pairs"] = int(vc.sum())
        rows.append(row)
    return pd.DataFrame(rows, columns=["reference_level", *VERDICTS, "n_not_compared", "n_pairs"])


# --------------------------------------------------------------------------- outcomes


def outcome_indicator_for(target_indicator_id: str, outcome_indicator_ids: set[str]) -> str | None:
    """The outcome indicator a target is measured by: the same id, or its `outcome_indicator` in
    indicators.yaml (total_water_use_cap → total_water_use); None when outcomes report neither."""
    if target_indicator_id in outcome_indicator_ids:
        return target_indicator_id
    spec = metadata.indicator_specs().get(target_indicator_id) or {}
    other = spec.get("outcome_indicator")
    return other if other in outcome_indicator_ids else None


def _is_met(outcome: float, comparator: str, target: float, direction: str) -> bool | None:
    """Whether a reported value satisfies a target stated with `comparator`."""
    if pd.isna(outcome) or pd.isna(target):
        return None
    if comparator == "=":
        comparator = "<=" if direction == "lower_is_better" else ">="
    return bool({"<=": outcome <= target + _TOLERANCE, "<": outcome < target, ">=": outcome >= target - _TOLERANCE,
                 ">": outcome > target}[comparator])


def targets_vs_outcomes(targets: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """One row per reported outcome (jurisdiction × outcome indicator × year × source) of a jurisdiction
    that set a target measured by it, with the matching target.

    The match is the target for the same year (`target_match` = `same_year`, with `is_met`), else the
    next later target (`later_target`: progress only, `is_met` empty), else none.  Reductions match only
    targets with the same baseline.  `n_sources` counts the outcomes for the same jurisdiction,
    indicator, year and baseline; `is_conflicting` is true when they disagree.
    """
    specs = metadata.indicator_specs()
    h = headline_targets(targets)
    outcome_ids = set(outcomes["indicator_id"])
    pairs = {
        (j, oi): t for j, t in zip(h["jurisdiction_id"], h["indicator_id"], strict=True)
        if (oi := outcome_indicator_for(t, outcome_ids)) is not None
    }
    o = outcomes.copy()
    o["target_indicator_id"] = [pairs.get((j, i)) for j, i in zip(o["jurisdiction_id"], o["indicator_id"], strict=True)]
    o = o[o["target_indicator_id"].notna()].copy()
    key = ["jurisdiction_id", "indicator_id", "year", "baseline_year"]
    grouped = o.groupby(key, dropna=False)["value"]
    o["n_sources"] = grouped.transform("size").astype("int64")
    o["is_conflicting"] = (grouped.transform("nunique") > 1).astype("bool")
    matches = [_match_target(h, row) for _, row in o.iterrows()]
    m = pd.DataFrame(matches, index=o.index)
    out = pd.concat([o, m], axis=1)
    out["is_met"] = [
        _is_met(v, c, t, specs[ti]["direction"]) if match == "same_year" else None
        for v, c, t, ti, match in zip(out["value"], out["target_comparator"], out["target_value"],
                                      out["target_indicator_id"], out["target_match"], strict=True)
    ]
    out["is_met"] = out["is_met"].astype("boolean")
    out["target_year"] = out["target_year"].astype("Int16")
    out["target_value"] = out["target_value"].astype("float64")
    return _sort(out, "year", "source_url")


def _match_target(h: pd.DataFrame, outcome: pd.Series) -> dict:
    """The target an outcome row is read against (same year, else the next later one)."""
    cand = h[(h["jurisdiction_id"] == outcome["jurisdiction_id"]) & (h["indicator_id"] == outcome["target_indicator_id"])]
    if not pd.isna(outcome.get("baseline_year")):
        cand = cand[cand["baseline_year"].isna() | (cand["baseline_year"] == outcome["baseline_year"])]
    same = cand[cand["target_year"] == outcome["year"]]
    later = cand[cand["target_year"] > outcome["year"]].sort_values("target_year")
    pick, match = (same, "same_year") if not same.empty else (later, "later_target")
    if pick.empty:
        return {"target_match": "none", "target_year": None, "target_value": np.nan, "target_comparator": None,
                "target_document_id": None}
    t = pick.iloc[0]
    return {"target_match": match, "target_year": t["target_year"], "target_value": t["value"],
            "target_comparator": t["comparator"], "target_document_id": t["document_id"]}


def outcome_panels(targets: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """One row per point of the targets-vs-outcomes chart: each headline target (`series` = `target`)
    and each reported outcome (`series` = `outcome`) of a jurisdiction × target indicator that has both.
    Outcomes keep their source; conflicting sources for one year stay side by side."""
    tvo = targets_vs_outcomes(targets, outcomes)
    pairs = tvo[["jurisdiction_id", "target_indicator_id"]].drop_duplicates()
    h = headline_targets(targets).merge(
        pairs.rename(columns={"target_indicator_id": "indicator_id"}), on=["jurisdiction_id", "indicator_id"]
    )
    t = pd.DataFrame({
        "jurisdiction_id": h["jurisdiction_id"], "indicator_id": h["indicator_id"], "series": "target",
        "year": h["target_year"].astype("Int16"), "value": h["value"].astype("float64"), "unit": h["unit"],
        "comparator": h["comparator"], "baseline_year": h["baseline_year"].astype("Int16"),
        "is_conflicting": False, "is_met": pd.NA, "document_id": h["document_id"], "source_url": pd.NA,
        "quote_zh": h.get("quote_zh"), "note": h.get("note"),
    })
    o = pd.DataFrame({
        "jurisdiction_id": tvo["jurisdiction_id"], "indicator_id": tvo["target_indicator_id"], "series": "outcome",
        "year": tvo["year"].astype("Int16"), "value": tvo["value"].astype("float64"), "unit": tvo["unit"],
        "comparator": pd.NA, "baseline_year": tvo["baseline_year"].astype("Int16"),
        "is_conflicting": tvo["is_conflicting"], "is_met": tvo["is_met"], "document_id": pd.NA,
        "source_url": tvo["source_url"], "quote_zh": pd.NA, "note": tvo.get("note"),
    })
    out = pd.concat([t, o], ignore_index=True)
    out["is_conflicting"] = out["is_conflicting"].astype("bool")
    out["is_met"] = out["is_met"].astype("boolean")
    return _sort(out, "series", "year")


# --------------------------------------------------------------------------- coverage


def coverage(
    targets: pd.DataFrame, jurisdictions: pd.DataFrame, indicator_ids: list[str] | None = None
) -> pd.DataFrame:
    """One row per jurisdiction × indicator (every jurisdiction of `jurisdictions`; the indicators given,
    else every indicator with at least one target): how many targets, the target years as text
    (`2020,2022`), first and last year, and `has_target` — zeros included, so gaps are visible."""
    ids = indicator_ids if indicator_ids is not None else list(pd.unique(targets["indicator_id"]))
    grid = pd.MultiIndex.from_product(
        [jurisdictions["jurisdiction_id"], ids], names=["jurisdiction_id", "indicator_id"]
    ).to_frame(index=False)
    t = targets[targets["indicator_id"].isin(ids)]
    agg = t.groupby(["jurisdiction_id", "indicator_id"]).agg(
        n_targets=("indicator_id", "size"),
        first_year=("target_year", "min"),
        last_year=("target_year", "max"),
        n_undated=("target_year", lambda s: int(s.isna().sum())),
    ).reset_index()
    years = t[t["target_year"].notna()].groupby(["jurisdiction_id", "indicator_id"])["target_year"].agg(
        lambda s: ",".join(str(int(y)) for y in sorted(set(s)))
    ).rename("years").reset_index()
    out = grid.merge(agg, how="left").merge(years, how="left")
    out["n_targets"] = out["n_targets"].fillna(0).astype("int64")
    out["n_undated"] = out["n_undated"].fillna(0).astype("int64")
    out["years"] = out["years"].fillna("").astype("string")
    out["n_years"] = out["years"].map(lambda s: len(s.split(",")) if s else 0).astype("int64")
    out["has_target"] = out["n_targets"] > 0
    for col in ("first_year", "last_year"):
        out[col] = out[col].astype("Int16")
    out = _sort(out)
    assert not out.duplicated(["jurisdiction_id", "indicator_id"]).any()
    return out


#: Where a target comes from, most direct first: the document's own text in the corpus, a government or
#: agency page, an official newspaper or news site, any other report or reprint.
SOURCE_KINDS = ("official text", "official page", "official media", "news report")


def target_source_kinds(targets: pd.DataFrame, documents: pd.DataFrame) -> pd.Series:
    """The source kind of each target (index of `targets`): `official text` when its document's text is
    in the corpus, else the registered page's `source_kind`, else the document's kind."""
    docs = documents.set_index("document_id")
    missing = sorted(set(targets["document_id"]) - set(docs.index))
    if missing:
        raise ValueError(f"targets cite documents missing from the documents table: {missing}")
    kind = targets["document_id"].map(docs["kind"])
    page = targets["document_id"].map(docs["source_kind"]) if "source_kind" in docs else pd.Series(pd.NA, index=targets.index)
    out = kind.where(kind == "official text", page.where(page.notna(), kind)).astype("string")
    unknown = sorted(set(out.dropna()) - set(SOURCE_KINDS))
    if unknown:
        raise ValueError(f"unknown source kinds {unknown}; expected one of {list(SOURCE_KINDS)}")
    return out


def coverage_by_source(
    targets: pd.DataFrame, documents: pd.DataFrame, jurisdictions: pd.DataFrame, target_year: int | None = None
) -> pd.DataFrame:
    """One row per indicator × level × source kind that has at least one target (of `target_year` when
    given): how many jurisdictions of the level state it from that kind of source (`n_jurisdictions`,
    ids in `jurisdiction_ids`) and with how many targets; `n_jurisdictions_any` counts the level's
    jurisdictions with the indicator from any source (one jurisdiction may have several kinds, so the
    per-kind counts need not add up to it) and `n_listed` the level's jurisdictions in `jurisdictions`."""
    levels = dict(zip(jurisdictions["jurisdiction_id"], jurisdictions["level"], strict=True))
    t = targets if target_year is None else targets[targets["target_year"] == target_year]
    t = t.assign(source_kind=target_source_kinds(t, documents), level=t["jurisdiction_id"].map(levels))
    if t["level"].isna().any():
        raise ValueError(f"targets of jurisdictions missing from the jurisdictions table: "
                         f"{sorted(set(t.loc[t['level'].isna(), 'jurisdiction_id']))}")
    order = jurisdiction_order()
    rows = []
    for (iid, level, kind), g in t.groupby(["indicator_id", "level", "source_kind"], sort=False):
        ids = sorted(set(g["jurisdiction_id"]), key=lambda j: order.get(j, len(order)))
        rows.append({"indicator_id": iid, "level": level, "source_kind": kind, "n_jurisdictions": len(ids),
                     "n_targets": len(g), "jurisdiction_ids": ",".join(ids)})
    cols = ["indicator_id", "level", "source_kind", "n_jurisdictions", "n_targets", "jurisdiction_ids",
            "n_jurisdictions_any", "n_listed"]
    out = pd.DataFrame(rows, columns=cols[:6])
    anyk = t.groupby(["indicator_id", "level"])["jurisdiction_id"].nunique().rename("n_jurisdictions_any")
    listed = pd.Series(list(levels.values())).value_counts().rename("n_listed")
    out = out.merge(anyk.reset_index(), how="left").merge(listed.rename_axis("level").reset_index(), how="left")
    rank = {"level": {lv: i for i, lv in enumerate(LEVEL_ORDER)}, "source_kind": {k: i for i, k in enumerate(SOURCE_KINDS)}}
    out = out.assign(_l=out["level"].map(rank["level"]), _k=out["source_kind"].map(rank["source_kind"]))
    out = _sort(out, "_l", "_k").drop(columns=["_l", "_k"])
    for col in ("n_jurisdictions", "n_targets", "n_jurisdictions_any", "n_listed"):
        out[col] = out[col].astype("int64")
    for col in ("indicator_id", "level", "source_kind", "jurisdiction_ids"):
        out[col] = out[col].astype("string")
    return out[cols]


# --------------------------------------------------------------------------- responsibilities (task-division annexes)

#: Agency kind that is not one body ("all relevant departments …"): left out of "who leads" by default.
COLLECTIVE_KIND = "collective"
ROLES = ("lead", "participant")
_ITEM = ["document_id", "task_no", "item_seq"]


def task_order() -> dict[str, int]:
    """task_id → position in data/reference/tasks.yaml."""
    return {tid: i for i, tid in enumerate(metadata.task_specs())}


def agency_order() -> dict[str, int]:
    """agency_id → position in data/reference/agencies.yaml."""
    return {aid: i for i, aid in enumerate(metadata.agency_specs())}


def _rank(values: pd.Series, order: dict[str, int]) -> pd.Series:
    """Position of each value in `order`; unknown values after all known ones."""
    return values.astype("object").map(order).fillna(len(order)).astype("int64")


def _joined(values, sep: str = ", ") -> str:
    """Distinct non-missing values in first-seen order, joined."""
    return sep.join(dict.fromkeys(str(v) for v in values if not pd.isna(v)))


def responsibilities_located(
    responsibilities: pd.DataFrame, documents: pd.DataFrame, agencies: pd.DataFrame,
    include_collective: bool = False,
) -> pd.DataFrame:
    """One row per row of `responsibilities` with a harmonised task (`task_id` not null), with the
    document's `jurisdiction_id` and the agency's `kind` added; rows of `collective` agencies (not one
    body: 各有关部门 …) are dropped unless `include_collective`."""
    r = responsibilities[responsibilities["task_id"].notna()]
    r = r.merge(documents[["document_id", "jurisdiction_id"]], on="document_id", how="left")
    r = r.merge(agencies[["agency_id", "kind"]], on="agency_id", how="left")
    if not include_collective:
        r = r[r["kind"].astype("object") != COLLECTIVE_KIND]
    return r.reset_index(drop=True)


def _sort_tasks(df: pd.DataFrame, *extra: str) -> pd.DataFrame:
    """Rows in tasks.yaml order, then jurisdictions.yaml order, then agencies.yaml order, then `extra`."""
    keys = {}
    if "task_id" in df:
        keys["_t"] = _rank(df["task_id"], task_order())
    if "jurisdiction_id" in df:
        keys["_j"] = _rank(df["jurisdiction_id"], jurisdiction_order())
    if "agency_id" in df:
        keys["_a"] = _rank(df["agency_id"], agency_order())
    out = df.assign(**keys).sort_values([*keys, *extra], kind="stable")
    return out.drop(columns=list(keys)).reset_index(drop=True)


def task_leads(
    responsibilities: pd.DataFrame, documents: pd.DataFrame, agencies: pd.DataFrame,
    include_collective: bool = False,
) -> pd.DataFrame:
    """One row per harmonised task × jurisdiction whose annex names a lead for it: who leads it.

    `lead_agency_ids` lists every leading agency, the one leading most items first (ties: the one
    written first in the annex); `main_agency_id` is that first one; `n_lead_agencies` counts them (> 1: the lead is shared
    or differs between the items mapped to the task); `n_items` counts the annex items (document ×
    task number × item) the task covers there; `units_zh` are the lead units as written, `task_nos`,
    `task_titles_zh` and `task_texts_zh` the annex's task numbers, titles and texts.  Collective "agencies" are left out
    unless `include_collective` (a task led only by them then has no row).
    """
    r = responsibilities_located(responsibilities, documents, agencies, include_collective)
    lead = r[r["role"] == "lead"]
    cols = ["task_id", "jurisdiction_id", "main_agency_id", "lead_agency_ids", "n_lead_agencies", "n_items",
            "units_zh", "task_nos", "task_titles_zh", "task_texts_zh", "document_ids"]
    if lead.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    per_agency = lead.drop_duplicates(["task_id", "jurisdiction_id", "agency_id", *_ITEM]).groupby(
        ["task_id", "jurisdiction_id", "agency_id"]).agg(n_led=("task_no", "size"),
                                                          first_doc=("document_id", "min"),
                                                          first_start=("char_start", "min")).reset_index()
    per_agency = per_agency.assign(_neg=-per_agency["n_led"]).sort_values(
        ["_neg", "first_doc", "first_start"], kind="stable")
    agencies_of = per_agency.groupby(["task_id", "jurisdiction_id"], sort=False)["agency_id"].agg(list)
    items = r.drop_duplicates(["task_id", "jurisdiction_id", *_ITEM])
    out = pd.DataFrame({
        "lead_agency_ids": agencies_of.map(", ".join),
        "main_agency_id": agencies_of.map(lambda a: a[0]),
        "n_lead_agencies": agencies_of.map(len),
    })
    by = ["task_id", "jurisdiction_id"]
    out = out.join(lead.groupby(by)["unit_zh"].agg(lambda s: _joined(s, "、")).rename("units_zh"))
    out = out.join(items.groupby(by).size().rename("n_items"))
    out = out.join(items.groupby(by)["task_no"].agg(_joined).rename("task_nos"))
    out = out.join(items.groupby(by)["task_title_zh"].agg(lambda s: _joined(s, "；")).rename("task_titles_zh"))
    out = out.join(items.groupby(by)["task_text_zh"].agg(lambda s: _joined(s, "；")).rename("task_texts_zh"))
    out = out.join(items.groupby(by)["document_id"].agg(_joined).rename("document_ids"))
    out = _sort_tasks(out.reset_index())[cols]
    out["n_lead_agencies"] = out["n_lead_agencies"].astype("int64")
    out["n_items"] = out["n_items"].astype("int64")
    assert not out.duplicated(by).any()
    return out


def lead_comparison(leads: pd.DataFrame) -> pd.DataFrame:
    """One row per harmonised task in `task_leads(...)`: in how many jurisdictions it has a lead, how
    many different main leads they name (`n_main_leads`; 1 = the same agency everywhere), the most
    frequent main lead and in how many jurisdictions it leads (`n_commonest`, ties: agencies.yaml
    order), and `main_leads` as `jurisdiction_id: agency_id` pairs.  Tasks in most jurisdictions first."""
    cols = ["task_id", "n_jurisdictions", "n_main_leads", "commonest_agency_id", "n_commonest", "main_leads"]
    if leads.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    rows = []
    order = agency_order()
    for task_id, g in leads.groupby("task_id", sort=False):
        counts = g["main_agency_id"].value_counts()
        best = sorted(counts.index, key=lambda a: (-counts[a], order.get(a, len(order)), a))[0]
        rows.append({"task_id": task_id, "n_jurisdictions": len(g), "n_main_leads": int(g["main_agency_id"].nunique()),
                     "commonest_agency_id": best, "n_commonest": int(counts[best]),
                     "main_leads": "; ".join(f"{j}: {a}" for j, a in zip(g["jurisdiction_id"], g["main_agency_id"],
                                                                         strict=True))})
    out = pd.DataFrame(rows, columns=cols)
    out = out.assign(_t=_rank(out["task_id"], task_order()), _n=-out["n_jurisdictions"])
    out = out.sort_values(["_n", "_t"], kind="stable").drop(columns=["_n", "_t"]).reset_index(drop=True)
    for col in ("n_jurisdictions", "n_main_leads", "n_commonest"):
        out[col] = out[col].astype("int64")
    return out


def agency_task_matrix(
    responsibilities: pd.DataFrame, documents: pd.DataFrame, agencies: pd.DataFrame,
    jurisdiction_id: str | None = None, include_collective: bool = False,
) -> pd.DataFrame:
    """One row per jurisdiction × agency × harmonised task that an annex names together (only
    `jurisdiction_id` when given): `n_lead` and `n_participant` rows, `n_rows` (their sum) and `role`,
    `lead` when the agency leads at least one item of the task there, else `participant`."""
    r = responsibilities_located(responsibilities, documents, agencies, include_collective)
    if jurisdiction_id is not None:
        r = r[r["jurisdiction_id"] == jurisdiction_id]
    by = ["jurisdiction_id", "agency_id", "task_id"]
    counts = (r.assign(n_lead=(r["role"] == "lead").astype("int64"),
                       n_participant=(r["role"] == "participant").astype("int64"))
              .groupby(by)[["n_lead", "n_participant"]].sum().reset_index())
    counts["n_rows"] = counts["n_lead"] + counts["n_participant"]
    counts["role"] = counts["n_lead"].gt(0).map({True: "lead", False: "participant"}).astype("object")
    out = _sort_tasks(counts)[["jurisdiction_id", "agency_id", "task_id", "role", "n_lead", "n_participant",
                               "n_rows"]]
    out = out.assign(**{c: out[c].astype("int64") for c in ("n_lead", "n_participant", "n_rows")})
    assert not out.duplicated(by).any()
    return out


def task_participants(
    responsibilities: pd.DataFrame, documents: pd.DataFrame, agencies: pd.DataFrame,
    include_collective: bool = False,
) -> pd.DataFrame:
    """One row per harmonised task × jurisdiction with an annex entry: how many distinct agencies
    take part without leading (`n_participants`; an agency leading one item and taking part in another
    counts as a lead only), how many lead (`n_leads`), `n_agencies` in all, and the participants' ids
    (agencies.yaml order)."""
    m = agency_task_matrix(responsibilities, documents, agencies, include_collective=include_collective)
    cols = ["task_id", "jurisdiction_id", "n_leads", "n_participants", "n_agencies", "participant_agency_ids"]
    if m.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    by = ["task_id", "jurisdiction_id"]
    out = m.groupby(by).agg(
        n_leads=("role", lambda s: int((s == "lead").sum())),
        n_participants=("role", lambda s: int((s == "participant").sum())),
        n_agencies=("agency_id", "size"),
    ).reset_index()
    part = m[m["role"] == "participant"].groupby(by)["agency_id"].agg(_joined).rename("participant_agency_ids")
    out = out.merge(part.reset_index(), on=by, how="left")
    out["participant_agency_ids"] = out["participant_agency_ids"].fillna("")
    out = _sort_tasks(out)[cols]
    return out.assign(**{c: out[c].astype("int64") for c in ("n_leads", "n_participants", "n_agencies")})


# --------------------------------------------------------------------------- counts and grids shared by the outputs


def targets_per_document(targets: pd.DataFrame) -> pd.Series:
    """document_id → the number of curated targets taken from it (documents without targets absent)."""
    return targets.groupby("document_id").size().astype("int64").rename("targets")


def coverage_grid(cov: pd.DataFrame, values: str, rows: str = "jurisdiction_id") -> pd.DataFrame:
    """`coverage` output as a grid of one of its columns (`years`, `n_years` …): one row per `rows`
    (jurisdiction_id or indicator_id), one column per the other, both in the order of `cov`."""
    cols = "indicator_id" if rows == "jurisdiction_id" else "jurisdiction_id"
    row_ids, col_ids = list(dict.fromkeys(cov[rows])), list(dict.fromkeys(cov[cols]))
    return cov.pivot(index=rows, columns=cols, values=values).loc[row_ids, col_ids]


def annex_summary(responsibilities: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per task-division annex (jurisdiction × document, jurisdictions in vocabulary order): how
    many annex tasks, rows, lead entries, distinct agencies and harmonised tasks it has."""
    per_doc = responsibilities.merge(documents[["document_id", "jurisdiction_id"]]).groupby(
        ["jurisdiction_id", "document_id"]).agg(
        tasks=("task_no", "nunique"), rows=("role", "size"), leads=("role", lambda s: int((s == "lead").sum())),
        agencies=("agency_id", "nunique"), harmonised_tasks=("task_id", "nunique")).reset_index()
    return per_doc.sort_values("jurisdiction_id", key=lambda s: s.map(jurisdiction_order()))


def lead_grid(leads: pd.DataFrame) -> pd.DataFrame:
    """`task_leads` as harmonised task (rows, in the order of `leads`) × jurisdiction (columns, vocabulary
    order): the main lead's agency id, `+n` when n more agencies share the lead; NaN where the
    jurisdiction's annex has no such task."""
    lead = leads["main_agency_id"] + leads["n_lead_agencies"].map(lambda n: f" +{n - 1}" if n > 1 else "")
    grid = leads.assign(lead=lead).pivot(index="task_id", columns="jurisdiction_id", values="lead")
    order = jurisdiction_order()
    cities = sorted(pd.unique(leads["jurisdiction_id"]), key=lambda j: order.get(j, len(order)))
    return grid.reindex(list(dict.fromkeys(leads["task_id"])))[cities]


def leads_of_task(leads: pd.DataFrame, task_id: str) -> pd.DataFrame:
    """The rows of `task_leads` for one harmonised task, one per jurisdiction whose annex has it."""
    return leads[leads["task_id"] == task_id]


def tasks_everywhere(leads: pd.DataFrame, comparison: pd.DataFrame) -> pd.DataFrame:
    """The rows of `lead_comparison` for the harmonised tasks that every jurisdiction of `leads` has."""
    return comparison[comparison["n_jurisdictions"] == leads["jurisdiction_id"].nunique()]


def agency_lead_share(leads: pd.DataFrame, agency_id: str) -> pd.DataFrame:
    """Per jurisdiction (order of `leads`): its harmonised tasks with a lead (`tasks`), how many of them
    `agency_id` is the main lead of (`led`), how many agencies are main leads, and `led_share_pct`."""
    out = leads.assign(is_agency=leads["main_agency_id"] == agency_id).groupby("jurisdiction_id", sort=False).agg(
        tasks=("task_id", "size"), led=("is_agency", "sum"), agencies_leading=("main_agency_id", "nunique"),
    ).reset_index()
    out["led_share_pct"] = 100 * out["led"] / out["tasks"]
    return out


def participants_grid(participants: pd.DataFrame, min_jurisdictions: int = 4, top: int = 10) -> pd.DataFrame:
    """`task_participants` as harmonised task × jurisdiction (vocabulary order) of `n_participants`, for
    the tasks that at least `min_jurisdictions` annexes have, with their `median` over jurisdictions:
    the `top` tasks with the most participants in the median jurisdiction first."""
    wide = participants.pivot(index="task_id", columns="jurisdiction_id", values="n_participants")
    wide = wide[[j for j in jurisdiction_order() if j in wide.columns]]
    wide = wide[wide.notna().sum(axis=1) >= min_jurisdictions]
    return wide.assign(median=wide.median(axis=1)).sort_values("median", ascending=False, kind="stable").head(top)


def counts(df: pd.DataFrame, by: str | list[str], name: str = "targets") -> pd.DataFrame:
    """How many rows of `df` have each value of `by` (a column or columns): one row per value, the
    count in `name`."""
    return df.groupby(by).size().rename(name).reset_index()


def cap_path_ends(caps: pd.DataFrame) -> pd.DataFrame:
    """One row per jurisdiction of `cap_trajectories` output (its order): how many caps, the first and
    the last (year, value, unit) and the annual growth from the first to the last."""
    g = caps.groupby("jurisdiction_id", sort=False)
    first, last = g.nth(0).set_index("jurisdiction_id"), g.nth(-1).set_index("jurisdiction_id")
    return pd.DataFrame({
        "n_caps": g.size(), "first_year": first["target_year"], "first_value": first["value"],
        "last_year": last["target_year"], "last_value": last["value"], "unit": last["unit"],
        "annual_growth_since_first_pct": last["annual_growth_since_first_pct"],
    }).reset_index()


def reduction_extremes(reductions: pd.DataFrame) -> pd.DataFrame:
    """For each reduction indicator (order of first appearance among the cities), the city target with
    the highest and the one with the lowest annualised reduction (`annualised_reductions` output with
    levels; ties: the later row of a stable sort is the highest)."""
    city = reductions[reductions["level"].isin(CITY_LEVELS)].sort_values("annual_reduction_pct", kind="stable")
    rows = []
    for _, g in city.groupby("indicator_id", sort=False):
        rows += [g.iloc[-1].to_dict() | {"extreme": "highest"}, g.iloc[0].to_dict() | {"extreme": "lowest"}]
    return pd.DataFrame(rows, columns=[*city.columns, "extreme"])


def targets_by_method_and_kind(targets: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """How many targets each method (rule, review, reference) took from each kind of document."""
    src = targets.merge(documents[["document_id", "kind"]], on="document_id")
    return pd.crosstab(src["method"], src["kind"])
