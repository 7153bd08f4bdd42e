"""Where what prg compiles from a spec is kept between runs: the user's cache directory,
``$XDG_CACHE_HOME/prg`` (``~/.cache/prg`` by default). It holds a search's compiled tables
(``prg.model.tables``), one file per search, and the symbolic engine's encodings of the pair
(``prg.model.symbolic``), one file per transition system.

A file is named by a digest of everything it depends on: the spec as loaded (its mutant's
patch and what-if settings applied), prg's version and the source of ``prg.model`` (which
decide what the spec means); for a search, every option's value, the fault budget and the
joint states it starts from; for an encoding, the fault budget, how users are counted, the
findings' scopes set aside and Z3's version. A file that cannot be read, or whose checksum or
numbers are wrong, is worked out again and written anew, never trusted. The cache only saves
time: a directory that cannot be written is gone without.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path

from .digest import canonical, spec_written, version
from .product import Joint, Pair
from .spec import Spec
from .tables import FORMAT, BadTables, Tables, from_bytes

#: The folder of compiled tables inside the cache directory.
TABLES = "tables"
#: The most the compiled tables may take on disk: past it, the least recently used go.
MAX_CACHE_BYTES = 512 << 20
#: The folder of the symbolic engine's encodings, and the most they may take on disk.
ENCODINGS, MAX_ENCODING_BYTES = "encodings", 64 << 20
#: How an encoding is written: a change of it names every encoding anew.
ENCODING_FORMAT = "prg encoding 1"
#: A file a write left half done (the process was killed) is removed after this many seconds.
STALE_PART_SECONDS = 3600


def cache_directory() -> Path:
    """The user's cache directory for prg: ``$XDG_CACHE_HOME/prg``, or ``~/.cache/prg``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "prg"


class _Folder:
    """Files of one kind in a folder of the cache directory, one per key: each written whole
    or not at all, the least recently used removed past ``limit`` bytes."""

    folder = ""
    suffix = ""
    limit = 0

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, key: str) -> Path:
        return self.directory / self.folder / f"{key}{self.suffix}"

    def _read(self, key: str) -> bytes | None:
        """The bytes stored under ``key``, marked used now (their modification time), for
        ``prune``; None where there are none."""
        path = self.path(key)
        try:
            found = path.read_bytes()
        except OSError:
            return None
        with suppress(OSError):
            os.utime(path)
        return found

    def _write(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key`` (a file is written beside and renamed); a directory
        that cannot be written is left as it is."""
        path = self.path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, written = tempfile.mkstemp(dir=path.parent, suffix=".part")
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(written, path)
        except OSError:
            with suppress(OSError):
                os.unlink(written)
            return
        self.prune()

    def prune(self, limit: int | None = None) -> None:
        """Keep the folder within ``limit`` bytes (its kind's own by default), removing the
        least recently used first, and remove what writes killed half way left behind."""
        limit = self.limit if limit is None else limit
        folder = self.directory / self.folder
        now = time.time()
        kept: list[tuple[float, int, Path]] = []
        for path in folder.iterdir() if folder.is_dir() else ():
            try:
                status = path.stat()
            except OSError:
                continue
            if path.suffix == ".part":
                if now - status.st_mtime > STALE_PART_SECONDS:
                    with suppress(OSError):
                        path.unlink()
            elif path.suffix == self.suffix:
                kept.append((status.st_mtime, status.st_size, path))
        total = sum(size for _, size, _ in kept)
        for _, size, path in sorted(kept):
            if total <= limit:
                break
            with suppress(OSError):
                path.unlink()
                total -= size


class TableCache(_Folder):
    """Compiled tables in one directory, a file per search key."""

    folder, suffix, limit = TABLES, ".tables", MAX_CACHE_BYTES

    def read(self, key: str) -> Tables | None:
        """The tables stored under ``key``; None where there are none, or they are bad."""
        found = self._read(key)
        try:
            return from_bytes(found) if found is not None else None
        except BadTables:
            return None

    def write(self, key: str, tables: Tables) -> None:
        """Store ``tables`` under ``key``."""
        self._write(key, tables.to_bytes())


class EncodingCache(_Folder):
    """The symbolic engine's encodings of the pair (``prg.model.symbolic``) as SMT-LIB text,
    a file per encoding key, each headed by the checksum of the text below it."""

    folder, suffix, limit = ENCODINGS, ".smt2", MAX_ENCODING_BYTES

    def read(self, key: str) -> str | None:
        """The text stored under ``key``; None where there is none, or its checksum is not
        the text's."""
        found = self._read(key)
        if found is None:
            return None
        header, _, text = found.partition(b"\n")
        if header != _checksum_line(text):
            return None
        try:
            return text.decode()
        except UnicodeDecodeError:
            return None

    def write(self, key: str, text: str) -> None:
        """Store ``text`` under ``key``, headed by its checksum."""
        body = text.encode()
        self._write(key, _checksum_line(body) + b"\n" + body)


def _checksum_line(body: bytes) -> bytes:
    return b"; sha256 " + hashlib.sha256(body).hexdigest().encode()


_in_use: list[Path | None] = []


def _directory_in_use() -> Path | None:
    """The cache directory this process reads and writes: the one ``caching`` set (None:
    none), else the user's."""
    return _in_use[-1] if _in_use else cache_directory()


def tables_cache() -> TableCache | None:
    """The compiled tables the searches of this process read and write (None: none)."""
    directory = _directory_in_use()
    return TableCache(directory) if directory is not None else None


def encodings_cache() -> EncodingCache | None:
    """The encodings the symbolic engine of this process reads and writes (None: none)."""
    directory = _directory_in_use()
    return EncodingCache(directory) if directory is not None else None


@contextmanager
def caching(enabled: bool) -> Iterator[str | None]:
    """Searches and encodings within read and write the user's cache directory, or, where
    not ``enabled``, no cache at all. Gives a one-line reason where the directory cannot be
    written (they then go without it), else None."""
    directory = cache_directory()
    problem = _unwritable(directory / TABLES) if enabled else None
    _in_use.append(directory if enabled and problem is None else None)
    try:
        yield problem
    finally:
        _in_use.pop()


def _unwritable(folder: Path) -> str | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        return (f"cannot write the cache directory {folder} ({error.strerror or error}): "
                "searching without it")
    return None


def search_key(pair: Pair, roots: Sequence[Joint]) -> str:
    """The name of a search's tables: a digest of what they depend on (see the module's
    docstring)."""
    text = canonical((FORMAT.decode(), version(), _model_source(), _spec_digest(pair.spec),
                      pair.config, pair.fault_budget, list(roots)))
    return hashlib.sha256(text.encode()).hexdigest()


def encoding_key(spec: Spec, fault_budget: int | None, users: str, without: object,
                 solver_version: str) -> str:
    """The name of an encoding of the pair: a digest of what it depends on (see the module's
    docstring)."""
    text = canonical((ENCODING_FORMAT, version(), _model_source(), solver_version,
                      _spec_digest(spec), fault_budget, users, without))
    return hashlib.sha256(text.encode()).hexdigest()


def _spec_digest(spec: Spec) -> str:
    """A digest of the spec as loaded, wherever its file lies."""
    return hashlib.sha256(spec_written(spec).encode()).hexdigest()


@cache
def _model_source() -> str:
    """A digest of the source of ``prg.model``: what the tables mean changes with it, even
    where the version does not."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class CachedSearch:
    """A search's use of the cache: the compiled tables it starts from, where the cache holds
    them for this pair, configuration, fault budget and roots (the pair then numbered as they
    are), and where it does not, the tables it leaves (``keep``). A pair that has already
    numbered more than its initial node neither reads nor writes."""

    def __init__(self, pair: Pair, roots: Sequence[Joint]) -> None:
        self.pair = pair
        self.cache = tables_cache() if pair.untouched() else None
        self.key = search_key(pair, roots) if self.cache is not None else ""
        self.tables: Tables | None = None
        if self.cache is not None:
            found = self.cache.read(self.key)
            if found is not None:
                try:
                    pair.number_as(*found.numbering(pair.spec))
                    self.tables = found
                except (BadTables, ValueError):
                    self.tables = None

    def keep(self, tables: Callable[[], Tables]) -> None:
        """Write the tables the search worked out (``tables()``), unless it read them."""
        if self.cache is not None and self.tables is None:
            self.cache.write(self.key, tables())
