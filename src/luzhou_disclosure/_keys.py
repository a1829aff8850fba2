"""Integer keys: several columns of codes packed into one int64 per row, so that lookups,
groupings, sorts and year-over-year pairings are done on integers, not on strings or categoricals.

The contract (:class:`Packing`, used by compare, peer_summary and check):

- What is packed: named fields, each a code in ``0 … size - 1`` (an int64 array per field). A
  field's size is fixed when the packing is made: ``Packing(unit=3, item=40, measure=3)``.
- The key is the mixed-radix number of the codes, the first field the most significant:
  ``key = ((unit · 40) + item) · 3 + measure``. Keys are in ``0 … Packing.size - 1``.
- Ordering: keys compare as the tuples of their codes compare (lexicographic order, first field
  first), so sorting the keys sorts the rows as ``DataFrame.sort_values(fields)`` on the code
  columns does, and equal keys are exactly equal codes in every field (``groupby(fields)``).
- ``unpack(pack(codes)) == codes`` for every code in range; a code out of its range is refused
  (``ValueError`` naming the field), and so are sizes whose product an int64 cannot hold
  (``OverflowError`` naming the fields and sizes): a key is never silently wrong.
- NA: a packing holds no NA. A column's NA becomes a code of its own, the last one
  (:func:`column_codes`), so NA sorts last and forms its own group, as ``sort_values(...,
  na_position="last")`` and ``groupby(..., dropna=False)`` treat it.

Where the codes come from: :func:`column_codes` (one column; a categorical's own codes, other
values factorised), :func:`dense_codes` (several columns combined and renumbered densely in order of
first appearance, so that a key space of millions stays small) and :func:`keys` (the key columns of
several frames in one code space, so that a key of one frame can be looked up in another). Those two
renumber as they go: their keys group like the columns but do not sort like them.

Distinct keys are found by a stable sort, not by a hash table: with millions of distinct keys a hash
table no longer fits in the cache and every probe misses it (10x the rows cost 20x the time), while
a stable sort (timsort) of keys that come in runs, as records of one report do, is close to linear.

>>> p = Packing(unit=2, item=3)
>>> key = p.pack(unit=np.array([1, 0, 1]), item=np.array([0, 2, 2]))
>>> key.tolist(), [c.tolist() for c in p.unpack(key)]
([3, 2, 5], [[1, 0, 1], [0, 2, 2]])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

_LIMIT = 2**62  # keep the mixed radix from overflowing
_INT64 = 2**63  # keys are below this


class Packing:
    """Named fields of codes packed into one int64 key per row (the module's contract).

    ``Packing(**sizes)``: the fields in order, most significant first, each with its number of
    codes (at least 1). Raises ``OverflowError`` when the product of the sizes does not fit an
    int64.
    """

    def __init__(self, **sizes: int) -> None:
        if not sizes:
            raise ValueError("a packing needs at least one field")
        size = 1
        for name, n in sizes.items():
            if int(n) < 1:
                raise ValueError(f"field {name!r} has {n} codes; a field needs at least 1")
            size *= int(n)
        if size > _INT64:
            shown = ", ".join(f"{name}={int(n)}" for name, n in sizes.items())
            raise OverflowError(
                f"cannot pack {shown} into one int64 key: {size} keys, more than 2**63"
            )
        self.sizes = {name: int(n) for name, n in sizes.items()}
        #: the number of keys: every key is below it
        self.size = size

    @property
    def fields(self) -> tuple[str, ...]:
        """The field names, most significant first."""
        return tuple(self.sizes)

    def __repr__(self) -> str:
        return "Packing(" + ", ".join(f"{k}={v}" for k, v in self.sizes.items()) + ")"

    def pack(self, **codes: np.ndarray) -> np.ndarray:
        """The key of each row, from one array of codes per field (all fields, aligned)."""
        if set(codes) != set(self.sizes):
            raise TypeError(f"pack takes the fields {list(self.sizes)}, got {list(codes)}")
        key: np.ndarray | None = None
        for name, n in self.sizes.items():
            code = np.asarray(codes[name], dtype=np.int64)
            if code.size and (code.min() < 0 or code.max() >= n):
                bad = code[(code < 0) | (code >= n)][0]
                raise ValueError(f"field {name!r}: code {bad} is outside 0 … {n - 1}")
            key = code.copy() if key is None else key * n + code
        assert key is not None  # at least one field (checked when made)
        return key

    def unpack(self, key: np.ndarray) -> tuple[np.ndarray, ...]:
        """The codes of each field (in field order) of ``key``: the inverse of :meth:`pack`."""
        rest = np.asarray(key, dtype=np.int64)
        out = []
        for n in reversed(list(self.sizes.values())[1:]):
            rest, code = np.divmod(rest, n)
            out.append(code)
        out.append(rest)
        return tuple(reversed(out))


def _shared_codes(parts: Sequence[pd.Series]) -> tuple[list[np.ndarray], int]:
    """Codes of aligned columns in one code space (NA is a code of its own: the last) and the number
    of codes. Categorical columns give their codes (mapped onto the union of their categories when
    those differ), whole numbers in a short range their offset from the smallest; other values are
    factorised together."""
    if all(isinstance(p.dtype, pd.CategoricalDtype) for p in parts):
        union = parts[0].cat.categories
        for p in parts[1:]:
            cats = p.cat.categories
            if cats is not union and not cats.equals(union):
                union = union.append(cats[~cats.isin(union)])
        out = []
        for p in parts:
            codes = np.asarray(p.array.codes)
            cats = p.cat.categories
            if cats is not union and not cats.equals(union):
                codes = np.where(codes < 0, -1, union.get_indexer(cats)[codes])
            if codes.size and codes.min() < 0:
                codes = np.where(codes < 0, len(union), codes.astype(np.int64))
            out.append(codes)
        return out, len(union) + 1
    if all(pd.api.types.is_integer_dtype(p.dtype) for p in parts):
        values = [p.to_numpy(dtype="float64", na_value=np.nan) for p in parts]
        finite = [v[~np.isnan(v)] for v in values]
        if any(len(f) for f in finite):
            lo = min(f.min() for f in finite if len(f))
            hi = max(f.max() for f in finite if len(f))
            if hi - lo < 2**20:
                radix = int(hi - lo) + 2
                return [
                    np.where(np.isnan(v), radix - 1, v - lo).astype(np.int64) for v in values
                ], radix
    values = pd.concat(
        [
            p.reset_index(drop=True).astype(object)
            if isinstance(p.dtype, pd.CategoricalDtype)
            else p.reset_index(drop=True)
            for p in parts
        ],
        ignore_index=True,
    )
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    codes = np.where(codes < 0, len(uniques), codes).astype(np.int64)
    return np.split(codes, np.cumsum([len(p) for p in parts])[:-1]), len(uniques) + 1


def keys(*frames: Sequence[pd.Series]) -> list[np.ndarray]:
    """One int64 key per row for each frame, given as a list of its key columns (the i-th column of
    every frame plays the same role); equal keys mean equal values in every column."""
    sizes = [len(f[0]) for f in frames]
    bounds = np.cumsum([0, *sizes])
    combined = np.zeros(int(bounds[-1]), dtype=np.int64)
    bound = 1  # every key is below this
    for j in range(len(frames[0])):
        codes, radix = _shared_codes([f[j] for f in frames])
        if bound > _LIMIT // radix:
            combined = factorize(combined)[0]
            bound = int(combined.max()) + 1 if len(combined) else 1
        combined *= radix
        for c, a, b in zip(codes, bounds[:-1], bounds[1:], strict=True):
            combined[a:b] += c
        bound *= radix
        if j == 1 and len(frames[0]) > 2 and bound <= max(4 * len(combined), 1 << 16):
            combined, bound = by_first_appearance(combined, bound)
    return np.split(combined, bounds[1:-1])


def by_first_appearance(key: np.ndarray, bound: int) -> tuple[np.ndarray, int]:
    """``key`` (each below ``bound``) renumbered in order of first appearance, and the new bound.

    The first two key columns are usually agency and year: renumbered so, the keys of records that
    come report by report rise with the rows, and the stable sorts of :func:`groups` and
    :func:`lookup` find long sorted runs (the sort then costs little more than a pass)."""
    n = len(key)
    first = np.full(bound, n, dtype=np.int64)
    first[key[::-1]] = np.arange(n - 1, -1, -1)  # the last write wins: each value's first row
    present = np.flatnonzero(first < n)
    rank = np.zeros(bound, dtype=np.int64)
    rank[present[np.argsort(first[present], kind="stable")]] = np.arange(len(present))
    return rank[key], max(len(present), 1)


def column_codes(series: pd.Series, rows: np.ndarray | None = None) -> tuple[np.ndarray, int]:
    """Codes of a column at ``rows`` (all rows when None) and how many codes there are; NA is a code
    of its own, the last. A categorical gives its codes (no copy of the strings); other values are
    factorised, a hash of the distinct values, which are few for the records' text columns."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = np.asarray(series.array.codes)
        n = len(series.cat.categories)
    else:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        n = len(uniques)
    if rows is not None:
        codes = codes[rows]
    codes = codes.astype(np.int64)
    if codes.size and codes.min() < 0:
        codes[codes < 0] = n
    return codes, n + 1


#: a combined code space up to this size is renumbered through an array of its size (linear)
_DENSE = 1 << 22


def dense_codes(columns: Sequence[tuple[np.ndarray, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the combinations of aligned columns, numbered in order of first appearance, and
    the row where each combination first appears.

    Each column is given as ``(codes, number of codes)`` (:func:`column_codes`). The codes are
    combined in a mixed radix; whenever the combined space would grow past a few million, the
    combinations seen so far are renumbered densely (through an array of the space's size, in one
    pass), so the cost is a few passes over the rows whatever their number: no sort and no hash of
    the rows (the same codes as ``pd.factorize`` of the combinations)."""
    n = len(columns[0][0]) if columns else 0
    combined = np.zeros(n, dtype=np.int64)
    bound = 1
    for codes, radix in columns:
        if bound * radix > _DENSE and bound > 1:
            combined, first = _first_appearance(combined, bound)
            bound = max(len(first), 1)
        if bound * radix > _DENSE:  # one column of millions of codes: a stable sort
            combined = combined * radix + codes
            return groups(combined)
        combined *= radix
        combined += codes
        bound *= radix
    return _first_appearance(combined, bound)


def _first_appearance(key: np.ndarray, bound: int) -> tuple[np.ndarray, np.ndarray]:
    """``key`` (each below ``bound``) renumbered in order of first appearance, and the first row
    of each number."""
    n = len(key)
    first = np.full(bound, n, dtype=np.int64)
    first[key[::-1]] = np.arange(n - 1, -1, -1)  # the last write wins: each value's first row
    rows = np.sort(first[first < n])
    rank = np.zeros(bound, dtype=np.int64)
    rank[key[rows]] = np.arange(len(rows))
    return rank[key], rows


def factorize(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Like ``pd.factorize`` for an int64 array (codes in order of first appearance, the distinct
    keys), by one stable sort: linear-ish and cache-friendly at any size."""
    key = np.asarray(key, dtype=np.int64)
    codes, first = groups(key)
    return codes, key[first]


def first_positions(key: np.ndarray) -> tuple[pd.Index, np.ndarray]:
    """The distinct keys (in order of first appearance) and the row of each one's first
    appearance."""
    codes, first = groups(key)
    return pd.Index(key[first]), first


def _sorted_groups(key: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stable sort order of ``key``, the group of each sorted position (in sorted-key order) and
    each group's first sorted position."""
    order = np.argsort(key, kind="stable")
    sk = key[order]
    start = np.empty(len(key), dtype=bool)
    if len(key):
        start[0] = True
        np.not_equal(sk[1:], sk[:-1], out=start[1:])
    return order, np.cumsum(start) - 1, np.flatnonzero(start)


def groups(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group codes of ``key`` (in order of first appearance) and the first row of each group."""
    key = np.asarray(key, dtype=np.int64)
    n = len(key)
    if not n:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order, gid, starts = _sorted_groups(key)
    first_sorted = order[starts]  # first row of each group, groups in sorted-key order
    is_first = np.zeros(n, dtype=bool)
    is_first[first_sorted] = True
    rank = (np.cumsum(is_first) - 1)[
        first_sorted
    ]  # each group's number in order of first appearance
    codes = np.empty(n, dtype=np.int64)
    codes[order] = rank[gid]
    return codes, np.flatnonzero(is_first).astype(np.int64)


def lookup(key: np.ndarray, table_key: np.ndarray) -> np.ndarray:
    """For each of ``key``, the row of ``table_key`` where that key first appears (−1: none)."""
    n = len(table_key)
    both = np.concatenate([np.asarray(table_key, dtype=np.int64), np.asarray(key, dtype=np.int64)])
    if not len(both):
        return np.zeros(0, dtype=np.int64)
    order, gid, starts = _sorted_groups(both)
    head = order[
        starts
    ]  # stable: a group's first sorted row is a table row when the table has the key
    head = np.where(head < n, head, -1)
    found = np.empty(len(both), dtype=np.int64)
    found[order] = head[gid]
    return found[n:]


def isin(key: np.ndarray, table_key: np.ndarray) -> np.ndarray:
    """Whether each of ``key`` is among ``table_key`` (``np.isin`` by one stable sort)."""
    return lookup(key, table_key) >= 0


def take(series: pd.Series, pos: np.ndarray) -> np.ndarray:
    """``series`` values at rows ``pos`` as float64, NaN where ``pos`` is −1 or the value is NA."""
    values = pd.to_numeric(series).to_numpy(dtype="float64", na_value=np.nan)
    return np.where(pos < 0, np.nan, values[np.clip(pos, 0, None)] if len(values) else np.nan)
