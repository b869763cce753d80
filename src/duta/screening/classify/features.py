"""Features shared by every head: hashed word 1-2-grams and character 2-5-grams, TF-IDF, one L2 norm per block.

A post's tokens (from :func:`duta.screening.text.normalize`) give

- the word block: each token and each pair of neighbouring tokens;
- the character block: the 2- to 5-grams of each token padded with spaces (``" bego "`` -> ``" b"``, ``"be"``, ...)
  and the 3- to 5-grams that span the space between two neighbouring tokens (``"go !"``), i.e. the character n-grams
  of the joined text.

Each n-gram is hashed with CRC-32 (stable across processes and platforms, unlike ``hash()``) into the word space
(``2**WORD_BITS``) or the character space (``2**CHAR_BITS``) that follows it. The hashes of each token and each
pair are cached, so a post costs a few dict look-ups and one concatenation per batch.

:class:`Vocabulary` is the fitted part: the hashed features kept (seen in at least ``min_df`` training texts),
their inverse document frequency, and the transform: sublinear tf (``1 + log tf``) times idf, each block scaled to
unit length (so that the thousands of character n-grams do not drown the words), then weighted by ``block_weights``.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import scipy.sparse as sp

WORD_BITS = 20
CHAR_BITS = 21
CHAR_MIN, CHAR_MAX = 2, 5
_CACHE_LIMIT = 500_000

_EMPTY = np.zeros(0, dtype=np.int32)


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


class Featurizer:
    """Hashes token lists into feature ids; with a ``lookup`` (hashed id -> kept column, -1 if dropped) the ids are
    the kept columns directly."""

    def __init__(self, lookup: np.ndarray | None = None) -> None:
        self.word_size = 1 << WORD_BITS
        self.size = self.word_size + (1 << CHAR_BITS)
        self._word_mask = self.word_size - 1
        self._char_mask = (1 << CHAR_BITS) - 1
        self.lookup = lookup
        self._tokens: dict[str, np.ndarray] = {}
        self._pairs: dict[tuple[str, str], np.ndarray] = {}

    @property
    def columns(self) -> int:
        return self.size if self.lookup is None else int(self.lookup.max(initial=-1)) + 1

    def _map(self, ids: list[int]) -> np.ndarray:
        array = np.array(ids, dtype=np.int32)
        if self.lookup is not None:
            array = self.lookup[array]
            array = array[array >= 0]
        return array

    def _char(self, gram: str) -> int:
        return self.word_size + (_crc(gram) & self._char_mask)

    def token(self, token: str) -> np.ndarray:
        padded = f" {token} "
        ids = [_crc("w" + token) & self._word_mask]
        if padded.isascii():  # the same hashes, from byte slices (faster than encoding each n-gram)
            raw, crc32, offset, mask = padded.encode(), zlib.crc32, self.word_size, self._char_mask
            for n in range(CHAR_MIN, CHAR_MAX + 1):
                ids.extend(offset + (crc32(raw[i : i + n]) & mask) for i in range(len(raw) - n + 1))
        else:
            for n in range(CHAR_MIN, CHAR_MAX + 1):
                ids.extend(self._char(padded[i : i + n]) for i in range(len(padded) - n + 1))
        return self._map(ids)

    def pair(self, first: str, second: str) -> np.ndarray:
        ids = [_crc(f"b{first} {second}") & self._word_mask]
        for n in range(3, CHAR_MAX + 1):
            for left in range(1, n - 1):
                right = n - 1 - left
                if left <= len(first) and right <= len(second):
                    ids.append(self._char(f"{first[-left:]} {second[:right]}"))
        return self._map(ids)

    def counts(self, token_lists: Sequence[Sequence[str]], ignore: frozenset[str] = frozenset()) -> sp.csr_matrix:
        """Term counts, one row per post (columns: hashed ids, or kept columns with a lookup); ``ignore``: tokens
        left out first (a dataset's view of the posts)."""
        if ignore:
            token_lists = [[token for token in post if token not in ignore] for post in token_lists]
        tokens, pairs = self._tokens, self._pairs
        if len(tokens) > _CACHE_LIMIT or len(pairs) > _CACHE_LIMIT:
            tokens.clear()
            pairs.clear()
        arrays: list[np.ndarray] = []
        arrays_before = np.zeros(len(token_lists) + 1, dtype=np.int64)  # arrays of the rows before each row
        for row, post in enumerate(token_lists):
            for token in post:
                array = tokens.get(token)
                if array is None:
                    array = tokens[token] = self.token(token)
                arrays.append(array)
            for key in pairwise(post):
                array = pairs.get(key)
                if array is None:
                    array = pairs[key] = self.pair(*key)
                arrays.append(array)
            arrays_before[row + 1] = len(arrays)
        sizes = np.fromiter((array.size for array in arrays), dtype=np.int64, count=len(arrays))
        indptr = np.concatenate([[0], np.cumsum(sizes)])[arrays_before]
        indices = np.concatenate(arrays) if arrays else _EMPTY
        matrix = sp.csr_matrix(
            (np.ones(indices.size, dtype=np.float32), indices, indptr), shape=(len(token_lists), self.columns)
        )
        matrix.sum_duplicates()
        return matrix


@dataclass(frozen=True)
class Vocabulary:
    """The kept hashed features (sorted: the word block first) and their idf."""

    features: np.ndarray  # int32 hashed ids, ascending
    idf: np.ndarray  # float32, one per kept feature
    word_columns: int  # kept features of the word block: columns [0, word_columns)
    block_weights: tuple[float, float] = (1.0, 1.0)

    @classmethod
    def fit(cls, counts: sp.csr_matrix, *, min_df: int, block_weights: tuple[float, float] = (1.0, 1.0)) -> Vocabulary:
        """From hashed counts of the training texts (documents = rows)."""
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        return cls.from_df(df, counts.shape[0], min_df=min_df, block_weights=block_weights)

    @classmethod
    def from_df(
        cls, df: np.ndarray, documents: int, *, min_df: int, block_weights: tuple[float, float] = (1.0, 1.0)
    ) -> Vocabulary:
        features = np.flatnonzero(df >= min_df).astype(np.int32)
        idf = (np.log((1 + documents) / (1 + df[features])) + 1).astype(np.float32)
        word_columns = int(np.searchsorted(features, 1 << WORD_BITS))
        return cls(features=features, idf=idf, word_columns=word_columns, block_weights=block_weights)

    def lookup(self) -> np.ndarray:
        """Hashed id -> column (-1 for the features not kept)."""
        table = np.full((1 << WORD_BITS) + (1 << CHAR_BITS), -1, dtype=np.int32)
        table[self.features] = np.arange(self.features.size, dtype=np.int32)
        return table

    def select(self, hashed: sp.csr_matrix) -> sp.csr_matrix:
        """Hashed counts -> counts over the kept columns (the order of columns is kept: ids are sorted)."""
        columns = self.lookup()[hashed.indices]
        keep = columns >= 0
        indptr = np.concatenate([[0], np.cumsum(keep)])[hashed.indptr]
        shape = (hashed.shape[0], self.features.size)
        return sp.csr_matrix((hashed.data[keep], columns[keep], indptr), shape=shape)

    def transform(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Counts over the kept columns -> the weighted, block-normalized TF-IDF matrix (float32)."""
        matrix = sp.csr_matrix(counts, dtype=np.float32, copy=True)
        data, columns = matrix.data, matrix.indices
        np.log(data, out=data)
        data += 1.0
        data *= self.idf[columns]
        rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
        word = columns < self.word_columns
        squares = data * data
        n = matrix.shape[0]
        word_norm = np.sqrt(np.bincount(rows, weights=np.where(word, squares, 0.0), minlength=n))
        char_norm = np.sqrt(np.bincount(rows, weights=np.where(word, 0.0, squares), minlength=n))
        word_scale = np.divide(self.block_weights[0], word_norm, out=np.zeros(n), where=word_norm > 0)
        char_scale = np.divide(self.block_weights[1], char_norm, out=np.zeros(n), where=char_norm > 0)
        data *= np.where(word, word_scale[rows], char_scale[rows]).astype(np.float32)
        return matrix
