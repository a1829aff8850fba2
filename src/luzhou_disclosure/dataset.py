"""Records too many for memory: a hive-partitioned Parquet dataset, analysed piece by piece.

A national panel (15 years × 100,000 agencies, about 150 million figures) does not fit in memory
as one DataFrame. :func:`write_dataset` writes records as a Parquet dataset, one folder per value
of the partition columns (``year=2021/province=四川省/part-0.parquet``), and :func:`analyse_dataset`
runs :func:`~luzhou_disclosure.compare`, :func:`~luzhou_disclosure.peer_summary`,
:func:`~luzhou_disclosure.check` or :func:`~luzhou_disclosure.indicators` over it, reading through
pyarrow's dataset engine only the partitions one piece of work needs, and calling the in-memory
function on each piece.

Which records a piece must hold for the result to be right depends on the analysis; each states it
in :data:`NEEDS`:

- ``agency``: an agency's years side by side. compare reads, for each pair of years, the two
  years' partitions of a group (a province); check reads all years of a group, or, when the
  dataset is partitioned by year alone, each year with the years beside it. The other
  partition columns (province, a key of the user's) must hold each agency whole: an agency found
  under two of their values is an error, not two half agencies.
- ``year``: all agencies of a year, whatever else the dataset is partitioned by. peer_summary ranks
  an agency among all its peers of the year; it reads each year's partitions together, and refuses
  a dataset not partitioned by year rather than rank agencies within some other partition.
- ``report``: each agency-year whole (an analysis per report: indicators); any partition that
  holds whole agency-years is a piece. With ``by=`` pooling reports (indicators by province and
  year), each group must lie in one partition's value (a province partition holds its province
  whole; ``by="year"`` alone over a dataset partitioned by province is refused).

Another analysis is added with one entry: ``NEEDS["name"] = Needs("report", "why")``.

The pieces are independent: :func:`dask_pieces` hands the same per-piece function to Dask (an
optional dependency, ``pip install luzhou-disclosure[dask]``) to run them on several machines.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
from pandas.api.types import union_categoricals

from .errors import DatasetError

__all__ = ["Needs", "NEEDS", "write_dataset", "analyse_dataset", "dataset_pieces", "dask_pieces"]


@dataclass(frozen=True)
class Needs:
    """What an analysis must see together to be right.

    ``together`` is ``"agency"`` (an agency's years side by side), ``"year"`` (all agencies of a
    year) or ``"report"`` (each agency-year whole); ``why`` says it in words for the messages."""

    together: str
    why: str


#: analysis name → what it needs together (see the module's description)
NEEDS: dict[str, Needs] = {
    "compare": Needs("agency", "it compares each agency's year with its base year"),
    "check": Needs(
        "agency",
        "rules R8-R10 and the printed growth rates compare an agency's adjacent years",
    ),
    "peer_summary": Needs("year", "it ranks each agency among all agencies of the year"),
    "indicators": Needs(
        "report",
        "each indicator divides figures of one report (of one group of reports, with by=)",
    ),
}


def write_dataset(
    records: pd.DataFrame,
    path: str | os.PathLike,
    *,
    partition_by: str | Sequence[str] = ("year",),
    append: bool = False,
) -> Path:
    """Write records as a hive-partitioned Parquet dataset (one folder per partition value).

    Parameters
    ----------
    records
        Records (any columns; categorical columns stay categorical when read back).
    path
        The dataset's folder.
    partition_by
        The columns whose values name the folders, outermost first: ``"year"`` and a column that
        holds each agency whole (``"province"``, or a key of your own) let :func:`analyse_dataset`
        read one piece at a time.
    append
        Add the records to an existing dataset (new files beside the old ones), so that a panel
        too large for memory is written part by part. Without it an existing folder is an error.

    Returns
    -------
    Path
        The dataset's folder.

    Examples
    --------
    >>> import tempfile, luzhou_disclosure as ld
    >>> folder = write_dataset(ld.load_example(), tempfile.mkdtemp() + "/records")
    >>> sorted(p.name for p in folder.iterdir())
    ['year=2016', 'year=2017']
    """
    path = Path(path)
    columns = [partition_by] if isinstance(partition_by, str) else list(partition_by)
    missing = [c for c in columns if c not in records.columns]
    if missing:
        raise DatasetError(
            f"write_dataset: partition_by={columns!r}: the records have no column "
            f"{', '.join(map(repr, missing))}"
        )
    if path.exists() and any(path.iterdir()) and not append:
        raise DatasetError(
            f"write_dataset: {path} already holds files; give append=True to add records to it"
        )
    table = pa.Table.from_pandas(records, preserve_index=False)
    # the partition columns live in the folder names: pandas' note of their dtypes (Int64 for the
    # year) would make pd.read_parquet refuse the folders' dictionary of years
    meta = json.loads(table.schema.metadata[b"pandas"])
    meta["columns"] = [c for c in meta["columns"] if c.get("name") not in columns]
    table = table.replace_schema_metadata({b"pandas": json.dumps(meta).encode()})
    schema = pa.schema(
        [
            pa.field(c, table.schema.field(c).type.value_type)
            if pa.types.is_dictionary(table.schema.field(c).type)
            else table.schema.field(c)
            for c in columns
        ]
    )
    ds.write_dataset(
        table,
        path,
        format="parquet",
        partitioning=ds.partitioning(schema, flavor="hive"),
        basename_template=f"part-{uuid.uuid4().hex[:12]}-{{i}}.parquet",
        existing_data_behavior="overwrite_or_ignore",
        use_threads=False,  # the records of a partition in the order they are given
    )
    return path


@dataclass(frozen=True)
class Piece:
    """One piece of work: the filter that reads its records, the call, and which year's results
    it keeps (None: all)."""

    path: str
    analysis: str
    where: Any  # a pyarrow dataset expression, or None for every record
    kwargs: dict[str, Any] = field(default_factory=dict)
    keep_year: int | None = None
    name: str = ""
    rank: tuple = ()  # the pieces' results are put together in this order


def dataset_pieces(path: str | os.PathLike, analysis: str | Callable, **kwargs: Any) -> list[Piece]:
    """The pieces :func:`analyse_dataset` runs, in the order their results are put together, after
    checking that the dataset's partitioning lets ``analysis`` be right piece by piece
    (:data:`NEEDS`); a :class:`~luzhou_disclosure.errors.DatasetError` otherwise."""
    name = _name(analysis)
    needs = NEEDS[name]
    dataset = _open(path)
    keys = _partition_keys(dataset)
    groups = [k for k in keys if k != "year"]
    fragments = _fragment_keys(dataset, keys)
    by = kwargs.get("by", ("agency", "year") if name == "indicators" else "agency")
    by = [by] if isinstance(by, str) else list(by)
    # an analysis per report (or per group of reports, by=) may read a year's partitions alone
    # when its groups are of one year
    per_year = needs.together == "report" and "year" in by and "year" in keys
    path = str(path)
    if needs.together == "year":
        if keys and "year" not in keys:
            raise DatasetError(
                f"{name} over {path}: {needs.why}, so it needs the dataset partitioned by year; "
                f"it is partitioned by {', '.join(keys)} (write it with "
                f"write_dataset(records, path, partition_by=('year', ...)))"
            )
        if not keys:
            return [Piece(path, name, None, kwargs, None, "all")]
        return [
            Piece(path, name, ds.field("year") == y, {**kwargs, "year": y}, None, f"year={y}", (y,))
            for y in _asked_years(kwargs.get("year"), fragments)
        ]
    if groups:
        _check_whole(dataset, fragments, groups, by, name, needs, path, by_year=per_year)
    pieces = []
    for g, (group, where) in enumerate(_groups(fragments, groups)):
        label = ",".join(f"{k}={v}" for k, v in zip(groups, group, strict=True))
        if per_year:  # each partition of the group, year by year
            held = {f["year"] for f in fragments if _in(f, groups, group)}
            if kwargs.get("year") is not None:  # only the years asked for
                held &= set(_asked_years(kwargs["year"], fragments))
            for y in sorted(held, key=lambda v: (v is None, v)):
                term = ds.field("year").is_null() if y is None else ds.field("year") == y
                shown = "NA" if y is None else y
                order = (g, y is None, y or 0)
                pieces.append(
                    _years_piece(path, name, where, label, term, kwargs, None, shown, order)
                )
            continue
        if "year" not in keys or needs.together == "report" or (groups and name != "compare"):
            # a group's years together (check) or each partition (an analysis per report)
            pieces.append(Piece(path, name, where, kwargs, None, label or "all", (g,)))
            continue
        held = {f["year"] for f in fragments if _in(f, groups, group)}
        present = sorted(y for y in held if y is not None)
        for w, (years_read, call, keep) in enumerate(_windows(name, kwargs, present)):
            years = ds.field("year").isin(years_read)
            shown = keep if keep is not None else call.get("year")
            rank = (w, g) if name == "compare" else (g, w)
            pieces.append(_years_piece(path, name, where, label, years, call, keep, shown, rank))
        if None in held and name != "compare":  # records without a year: a piece of their own
            unknown = ds.field("year").is_null()
            pieces.append(
                _years_piece(
                    path, name, where, label, unknown, kwargs, None, "NA", (g, len(present))
                )
            )
    return sorted(pieces, key=lambda p: p.rank)


def _years_piece(
    path: str,
    name: str,
    where: Any,
    label: str,
    years: Any,
    call: dict[str, Any],
    keep: int | None,
    shown: object,
    rank: tuple,
) -> Piece:
    """The piece of a group (``where``, named ``label``) that reads the records of some years
    (the expression ``years``), named after the group and ``year=shown``."""
    return Piece(
        path,
        name,
        years if where is None else where & years,
        call,
        keep,
        ",".join(filter(None, [label, f"year={shown}"])),
        rank,
    )


def analyse_dataset(
    path: str | os.PathLike,
    analysis: str | Callable,
    *,
    out: str | os.PathLike | None = None,
    **kwargs: Any,
) -> pd.DataFrame | Path:
    """Run ``analysis`` (compare, peer_summary, check or indicators) over a Parquet dataset, one
    piece at a time.

    Parameters
    ----------
    path
        A dataset written by :func:`write_dataset` (or any hive-partitioned Parquet records).
    analysis
        The function (``ld.compare``) or its name (``"compare"``); its :data:`NEEDS` entry says how
        the dataset is cut into pieces, and a partitioning it cannot be right for is refused.
    out
        None: the pieces' results concatenated into one DataFrame (the result must fit in memory).
        A folder: each piece's result is written there as a Parquet file (read it back with
        ``pd.read_parquet(out)``), and the folder is returned; only one piece is held at a time.
    **kwargs
        The analysis' own arguments (``year=``, ``measure=``, …).

    Returns
    -------
    DataFrame or Path
        The analysis' result for all the records, as the in-memory function gives it for records
        that fit in memory (check: in the same order; compare: the rows of each piece in turn, each
        pair of years compared on its own records, as ``compare`` asked one year at a time gives
        them: asked several years at once, it may name a group summed from its parts as another
        year's report states it, and lists items in the order of the earliest year listing them);
        or the folder ``out``.

    Raises
    ------
    DatasetError
        The dataset's partitioning does not hold together what the analysis needs (an agency under
        two provinces for compare or check; no year partitions for peer_summary).

    Examples
    --------
    >>> import tempfile, luzhou_disclosure as ld
    >>> folder = ld.write_dataset(ld.load_example(), tempfile.mkdtemp() + "/records")
    >>> c = ld.analyse_dataset(folder, ld.compare, year=2017)
    >>> c.equals(ld.compare(ld.load_example(), year=2017))
    True
    """
    pieces = dataset_pieces(path, analysis, **kwargs)
    if out is None:
        return _combine(
            pieces[0].analysis if pieces else _name(analysis), [run_piece(p) for p in pieces]
        )
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for i, piece in enumerate(pieces):
        run_piece(piece, out / f"piece-{i:05d}.parquet")
    return out


def run_piece(piece: Piece, out: Path | None = None) -> pd.DataFrame | Path | None:
    """Read one piece's records and run its analysis on them (what a worker does); with ``out``,
    write the result there as Parquet and return the path (None for a piece without records)."""
    from . import check, compare, indicators, peer_summary

    functions: dict[str, Callable[..., pd.DataFrame]] = {
        "compare": compare,
        "check": check,
        "peer_summary": peer_summary,
        "indicators": indicators,
    }
    records = _read(piece)
    if not len(records):  # a pair of years or a window the dataset has nothing for
        return pd.DataFrame() if out is None else None
    result = functions[piece.analysis](records, **piece.kwargs)
    if piece.keep_year is not None:
        keep = (result["year"] == piece.keep_year).to_numpy(dtype=bool, na_value=False)
        result = result[keep].reset_index(drop=True)
    if out is None:
        return result
    result.to_parquet(out, index=False)
    return out


def dask_pieces(path: str | os.PathLike, analysis: str | Callable, **kwargs: Any) -> list[Any]:
    """The pieces of :func:`analyse_dataset` as Dask delayed objects, each running
    :func:`run_piece`: ``dask.compute(*dask_pieces(...))`` runs them with any Dask scheduler (a
    ``dask.distributed`` client for several machines) and gives each piece's result. Requires the
    optional dependency dask (``pip install luzhou-disclosure[dask]``)."""
    try:
        import dask
    except ImportError as exc:  # pragma: no cover - the extra is optional
        raise DatasetError("dask_pieces needs dask: pip install 'luzhou-disclosure[dask]'") from exc
    return [dask.delayed(run_piece)(p) for p in dataset_pieces(path, analysis, **kwargs)]


def combine(analysis: str | Callable, results: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """The results of the pieces (in the order of :func:`dataset_pieces`) as one DataFrame, as
    :func:`analyse_dataset` gives it."""
    return _combine(_name(analysis), list(results))


# --- the partitions ---------------------------------------------------------------------------


def _name(analysis: str | Callable) -> str:
    name = analysis if isinstance(analysis, str) else getattr(analysis, "__name__", repr(analysis))
    if name not in NEEDS:
        raise DatasetError(
            f"analyse_dataset: {name!r} is not an analysis it knows; it runs "
            f"{', '.join(NEEDS)} (NEEDS says what each must see together)"
        )
    return name


def _open(path: str | os.PathLike) -> ds.Dataset:
    if not Path(path).exists():
        raise DatasetError(f"{path}: no such dataset")
    return ds.dataset(str(path), format="parquet", partitioning="hive")


def _partition_keys(dataset: ds.Dataset) -> list[str]:
    """The partition columns, outermost first."""
    partitioning = getattr(dataset, "partitioning", None)
    return list(partitioning.schema.names) if partitioning is not None else []


def _fragment_keys(dataset: ds.Dataset, keys: list[str]) -> list[dict[str, Any]]:
    """Each file's partition values."""
    out = []
    for fragment in dataset.get_fragments():
        values = ds.get_partition_keys(fragment.partition_expression)
        out.append({k: values.get(k) for k in keys})
    return out


def _in(fragment: dict[str, Any], groups: list[str], group: tuple) -> bool:
    return all(fragment[k] == v for k, v in zip(groups, group, strict=True))


def _groups(fragments: list[dict[str, Any]], groups: list[str]):
    """The distinct values of the non-year partition columns, each with the filter reading them."""
    if not groups:
        yield (), None
        return
    seen = dict.fromkeys(tuple(f[k] for k in groups) for f in fragments)
    for group in sorted(seen, key=lambda g: tuple(str(v) for v in g)):
        where = None
        for k, v in zip(groups, group, strict=True):
            term = ds.field(k).is_null() if v is None else ds.field(k) == v
            where = term if where is None else where & term
        yield group, where


def _asked_years(year: Any, fragments: list[dict[str, Any]]) -> list[int]:
    if year is None:
        return sorted({f["year"] for f in fragments if f["year"] is not None})
    return [int(year)] if isinstance(year, int | np.integer) else [int(y) for y in year]


def _windows(name: str, kwargs: dict[str, Any], present: list[int]):
    """For a dataset partitioned by year: (years read, the call's arguments, the year whose results
    are kept) of each piece. compare: each pair of years; check: each year with the
    years beside it (the results of that year only)."""
    if name == "compare":
        years = kwargs["year"]
        years = [int(years)] if isinstance(years, int | np.integer) else [int(y) for y in years]
        base = kwargs.get("base_year")
        if base is None:
            bases = [y - 1 for y in years]
        else:
            bases = [int(base)] if isinstance(base, int | np.integer) else [int(b) for b in base]
            if len(bases) == 1:
                bases = bases * len(years)
        for y, b in zip(years, bases, strict=True):
            yield [y, b], {**kwargs, "year": y, "base_year": b}, None
        return
    for y in present:
        yield [y - 1, y, y + 1], kwargs, y


def _check_whole(
    dataset: ds.Dataset,
    fragments: list[dict[str, Any]],
    groups: list[str],
    by: list[str],
    name: str,
    needs: Needs,
    path: str,
    *,
    by_year: bool,
) -> None:
    """Refuse a partitioning whose non-year columns split an agency (or, for ``by_year``, an
    agency-year): each piece would see part of it. Only the ``by`` (and year) columns are read."""
    cols = list(dict.fromkeys([*by, "year"] if by_year else by))
    seen: dict[tuple, tuple] = {}
    for group, where in _groups(fragments, groups):
        units = dataset.to_table(columns=cols, filter=where).to_pandas().drop_duplicates()
        for unit in units.itertuples(index=False, name=None):
            other = seen.setdefault(unit, group)
            if other != group:
                first, second = (
                    ", ".join(f"{k}={v}" for k, v in zip(groups, g, strict=True))
                    for g in (other, group)
                )
                what = "agency-year" if by_year else "agency"
                raise DatasetError(
                    f"{name} over {path}: {needs.why}, so each {what} must lie under one value of "
                    f"{', '.join(groups)}; {' '.join(map(str, unit))} is under {first} and under "
                    f"{second}. Partition by year and a column that holds each agency whole "
                    f"(a province)"
                )


def _read(piece: Piece) -> pd.DataFrame:
    """The records of a piece as a DataFrame: dictionary columns categorical, the partition columns
    back as columns (year as Int64, the others categorical)."""
    dataset = _open(piece.path)
    table = dataset.to_table(filter=piece.where)
    frame = table.to_pandas()
    if "year" in frame:
        frame["year"] = frame["year"].astype("Int64")
    for key in _partition_keys(dataset):
        if key != "year" and key in frame and not isinstance(frame[key].dtype, pd.CategoricalDtype):
            frame[key] = frame[key].astype("category")
    return frame


def _combine(name: str, results: list[pd.DataFrame]) -> pd.DataFrame:
    results = [r for r in results if len(r.columns)]
    if not results:
        return pd.DataFrame()
    # a piece without rows says nothing of the columns' dtypes (an empty frame's are object)
    results = [r for r in results if len(r)] or results[:1]
    frame = _concat(results)
    if name == "check":
        frame = _findings_order(frame)
    if name == "indicators":  # in order of the by columns (those before form), as indicators sorts
        by = list(frame.columns[: list(frame.columns).index("form")])
        order = np.lexsort([pd.factorize(frame[c], sort=True)[0] for c in reversed(by)])
        frame = frame.take(order).reset_index(drop=True)
    return frame


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate results, categorical columns kept categorical (categories unified)."""
    columns = {}
    for col in frames[0].columns:
        parts = [f[col] for f in frames]
        if all(isinstance(p.dtype, pd.CategoricalDtype) for p in parts):
            columns[col] = pd.Series(
                union_categoricals([p.array for p in parts], ignore_order=True)
            )
        else:
            columns[col] = pd.concat(parts, ignore_index=True)
    return pd.DataFrame(columns)


def _findings_order(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings in check's order: rule number, agency, year (NA last), stable."""
    rank = {f"R{i}": i for i in range(1, 11)}
    rule = findings["rule"].map(lambda r: rank.get(r, 99)).to_numpy(dtype=np.int64)
    agency = findings["agency"].astype(object)
    agency_rank = pd.factorize(agency, sort=True)[0]
    year = findings["year"].to_numpy(dtype="float64", na_value=np.inf)
    order = np.lexsort((year, np.where(agency_rank < 0, agency_rank.max() + 1, agency_rank), rule))
    return findings.take(order).reset_index(drop=True)
