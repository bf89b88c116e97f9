"""Three real SQL engines behind one small API, for checking compiled SQL against pandas.

Fixtures (registered in ``tests/conftest.py``):

- ``duckdb``: an in-memory DuckDB connection (one per test).
- ``postgres``: a throwaway PostgreSQL server for the session: ``initdb`` in a temporary
  directory, listening only on a Unix socket there; stopped and deleted at the end.
- ``spark``: a local Spark SQL session (``local[2]``) for the session.
- ``sql_engine``: parametrized over the three (the server ones carry the ``sql_engine`` mark).

Each yields an :class:`Engine`::

    engine.load("incidents", frame, {"id": "INTEGER", "flag": "BOOLEAN", "note": "TEXT"})
    sql = expression.sql(dialect=engine.dialect)    # "duckdb", "postgres" or "spark"
    result = engine.query(sql + " ORDER BY id")     # pandas, nullable dtypes, NULL as <NA>

``schema`` gives each column's SQL type, in any spelling sqlglot reads (``TEXT``,
``VARCHAR``, ``STRING``, ``INT``, ``SMALLINT``, ``BIGINT``, ``BOOLEAN``, ``DOUBLE``, ``DATE``);
it is rendered in the engine's own dialect. Missing values (``pd.NA``, ``NaN``, ``None``) load
as NULL. ``query`` returns integers as ``Int64``, booleans as ``boolean``, floats as
``Float64`` and text as ``string`` (NA-valued), so results from different engines compare with
``pandas.testing.assert_frame_equal``. Rows come back in the order the query gives them.

A missing engine (no PostgreSQL server binaries, no Java, no pyspark) skips the tests that
need it, with a message saying ``make test`` installs it; when the environment variable ``CI``
is set (and not ``0``/``false``) it fails them instead, so CI cannot pass by skipping.
"""

from __future__ import annotations

import contextlib
import glob
import io
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar, NoReturn

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from sqlglot import exp

ENGINES = ("duckdb", "postgres", "spark")
INSTALL_HINT = "`make sql-engines` (run by `make test`) installs it"

_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")
_ARROW_TYPES: dict[exp.DataType.Type, pa.DataType] = {
    exp.DataType.Type.BOOLEAN: pa.bool_(),
    exp.DataType.Type.TINYINT: pa.int8(),
    exp.DataType.Type.SMALLINT: pa.int16(),
    exp.DataType.Type.INT: pa.int32(),
    exp.DataType.Type.BIGINT: pa.int64(),
    exp.DataType.Type.FLOAT: pa.float32(),
    exp.DataType.Type.DOUBLE: pa.float64(),
    exp.DataType.Type.TEXT: pa.string(),
    exp.DataType.Type.VARCHAR: pa.string(),
    exp.DataType.Type.CHAR: pa.string(),
    exp.DataType.Type.DATE: pa.date32(),
}


def in_ci() -> bool:
    """Whether the environment variable ``CI`` says we run in CI."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(what: str) -> NoReturn:
    """Skip the test because ``what`` is missing, or fail it in CI."""
    message = f"{what}; {INSTALL_HINT}"
    if in_ci():
        pytest.fail(f"{message} (CI is set, so a missing SQL engine is an error)", pytrace=False)
    pytest.skip(message)


# --- schema and data, shared by the engines --------------------------------------------------


def _column_types(schema: Mapping[str, str], dialect: str) -> dict[str, tuple[str, pa.DataType]]:
    """Each column's SQL type rendered for ``dialect`` and its Arrow type."""
    out = {}
    for column, sql_type in schema.items():
        if not _IDENTIFIER.fullmatch(column):
            raise ValueError(f"column names are lower-case identifiers: {column!r}")
        data_type = exp.DataType.build(sql_type)
        if data_type.this not in _ARROW_TYPES:
            raise ValueError(f"unsupported SQL type for {column!r}: {sql_type!r}")
        out[column] = (data_type.sql(dialect=dialect), _ARROW_TYPES[data_type.this])
    return out


def _arrow_table(frame: pd.DataFrame, types: Mapping[str, tuple[str, pa.DataType]]) -> pa.Table:
    """``frame``'s columns named in ``types``, as Arrow with those types (missing -> null)."""
    if missing := [c for c in types if c not in frame.columns]:
        raise KeyError(f"columns not in the frame: {missing}")
    arrays = []
    for column, (_, arrow_type) in types.items():
        series = frame[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            series = series.astype(object)
        array = pa.array(series, from_pandas=True)
        arrays.append(array if array.type == arrow_type else array.cast(arrow_type))
    return pa.Table.from_arrays(arrays, names=list(types))


def _nullable(arrow_type: pa.DataType) -> Any:
    """The pandas nullable dtype for an Arrow type (``None``: pyarrow's default)."""
    if pa.types.is_integer(arrow_type):
        return pd.Int64Dtype()
    if pa.types.is_boolean(arrow_type):
        return pd.BooleanDtype()
    if pa.types.is_floating(arrow_type):
        return pd.Float64Dtype()
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype()  # the "string" dtype
    return None


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """An Arrow result as pandas with nullable dtypes: Int64, boolean, Float64, string."""
    for i, field in enumerate(table.schema):
        wanted = field.type
        if pa.types.is_integer(field.type):
            wanted = pa.int64()
        elif pa.types.is_decimal(field.type):  # e.g. DuckDB's SUM (HUGEINT), PostgreSQL's NUMERIC
            wanted = pa.int64() if field.type.scale == 0 else pa.float64()
        elif pa.types.is_floating(field.type):
            wanted = pa.float64()
        if wanted != field.type:
            table = table.set_column(i, field.name, table.column(i).cast(wanted))
    frame: pd.DataFrame = table.to_pandas(types_mapper=_nullable)
    return frame


class Engine:
    """One SQL engine: ``load`` a frame as a typed table, ``query`` it back as pandas."""

    name: ClassVar[str]
    dialect: ClassVar[str]

    def load(self, name: str, frame: pd.DataFrame, schema: Mapping[str, str]) -> None:
        """(Re)create table ``name`` with ``schema``'s columns and types, holding ``frame``."""
        if not _IDENTIFIER.fullmatch(name):
            raise ValueError(f"table names are lower-case identifiers: {name!r}")
        types = _column_types(schema, self.dialect)
        self._load(name, _arrow_table(frame, types), types)

    def query(self, sql: str) -> pd.DataFrame:
        """The result of ``sql``, with nullable dtypes and NULL as ``pd.NA``, in its order."""
        return to_pandas(self._query(sql))

    def _load(self, name: str, table: pa.Table, types: Mapping[str, tuple[str, Any]]) -> None:
        raise NotImplementedError

    def _query(self, sql: str) -> pa.Table:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} dialect={self.dialect!r}>"


def _create(name: str, types: Mapping[str, tuple[str, Any]], *, using: str = "") -> str:
    columns = ", ".join(f"{column} {sql_type}" for column, (sql_type, _) in types.items())
    return f"CREATE TABLE {name} ({columns}){using}"


# --- DuckDB ----------------------------------------------------------------------------------


class DuckDBEngine(Engine):
    """An in-memory DuckDB database; frames arrive through a registered Arrow table."""

    name = "duckdb"
    dialect = "duckdb"

    def __init__(self) -> None:
        import duckdb

        self.connection = duckdb.connect(":memory:")

    def _load(self, name: str, table: pa.Table, types: Mapping[str, tuple[str, Any]]) -> None:
        con = self.connection
        con.execute(f"DROP TABLE IF EXISTS {name}")
        con.execute(_create(name, types))
        con.register("_policy_model_load", table)
        try:
            con.execute(f"INSERT INTO {name} SELECT * FROM _policy_model_load")
        finally:
            con.unregister("_policy_model_load")

    def _query(self, sql: str) -> pa.Table:
        relation = self.connection.sql(sql)
        if relation is None:  # a statement, not a query
            return pa.table({})
        fetch = getattr(relation, "to_arrow_table", None) or relation.fetch_arrow_table  # < 1.4
        table: pa.Table = fetch()
        return table

    def close(self) -> None:
        self.connection.close()


# --- PostgreSQL ------------------------------------------------------------------------------

# Result column types by PostgreSQL type OID; others (NUMERIC: Decimal) are left to Arrow.
_PG_ARROW = {
    16: pa.bool_(),
    20: pa.int64(),
    21: pa.int16(),
    23: pa.int32(),
    25: pa.string(),
    1043: pa.string(),
    1042: pa.string(),
    700: pa.float32(),
    701: pa.float64(),
}


class PostgresEngine(Engine):
    """A PostgreSQL database; frames arrive by ``COPY ... FROM STDIN`` in CSV."""

    name = "postgres"
    dialect = "postgres"

    def __init__(self, dsn: str) -> None:
        import psycopg

        self.dsn = dsn
        self.connection = psycopg.connect(dsn, autocommit=True)

    def connect(self) -> Any:
        """A new ``psycopg`` connection to the same database (autocommit)."""
        import psycopg

        return psycopg.connect(self.dsn, autocommit=True)

    def _load(self, name: str, table: pa.Table, types: Mapping[str, tuple[str, Any]]) -> None:
        # pyarrow's CSV quotes every string and leaves NULL empty and unquoted, which is
        # exactly how PostgreSQL's CSV COPY tells NULL ("") from the empty string ('""').
        buffer = io.BytesIO()
        pa_csv.write_csv(table, buffer, pa_csv.WriteOptions(include_header=False))
        with self.connection.transaction(), self.connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
            cursor.execute(_create(name, types))
            columns = ", ".join(types)
            with cursor.copy(f"COPY {name} ({columns}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(buffer.getbuffer())
            cursor.execute(f"ANALYZE {name}")

    def _query(self, sql: str) -> pa.Table:
        with self.connection.cursor() as cursor:
            cursor.execute(sql)
            if cursor.description is None:
                return pa.table({})
            names = [d.name for d in cursor.description]
            rows = cursor.fetchall()
            arrays = []
            for i, d in enumerate(cursor.description):
                values = [row[i] for row in rows]
                arrays.append(pa.array(values, type=_PG_ARROW.get(d.type_code)))
            return pa.Table.from_arrays(arrays, names=names)

    def close(self) -> None:
        self.connection.close()


def _postgres_bindir() -> Path | None:
    """The newest PostgreSQL server's bin directory (Debian's layout, then PATH)."""
    if env := os.environ.get("PG_BINDIR"):
        return Path(env)
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


class PostgresServer:
    """A throwaway cluster in a temporary directory, reachable only through a Unix socket."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.as_user: str | None = None
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            self.as_user = "postgres"
        self.root = Path(tempfile.mkdtemp(prefix="policy-model-pg-", dir=_short_tmp()))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.user = self.as_user or pwd.getpwuid(os.geteuid()).pw_name
        self.dsn = f"host={self.root} port=5432 user={self.user} dbname=postgres"
        self.started = False

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.root)
        if done.returncode:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}{log}")

    def start(self) -> None:
        if self.as_user:
            try:
                user = pwd.getpwnam(self.as_user)
            except KeyError:
                unavailable("running as root needs the `postgres` user to run PostgreSQL")
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            self.user,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        )
        options = (
            f"-k {self.root} -c listen_addresses='' -p 5432 -F"
            " -c full_page_writes=off -c synchronous_commit=off"
        )
        self._run(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            "60",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
        )
        self.started = True

    def stop(self) -> None:
        try:
            if self.started:
                self._run("pg_ctl", "stop", "-m", "fast", "-w", "-D", str(self.data))
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _short_tmp() -> str | None:
    """``/tmp`` when it exists: a Unix socket's path must stay under about 100 bytes."""
    return "/tmp" if os.path.isdir("/tmp") else None


@contextlib.contextmanager
def postgres_engine() -> Iterator[PostgresEngine]:
    """A :class:`PostgresEngine` on a fresh server, torn down on exit."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is not installed")
    bindir = _postgres_bindir()
    if bindir is None or not (bindir / "pg_ctl").exists():
        unavailable("the PostgreSQL server (initdb, pg_ctl) is not installed")
    server = PostgresServer(bindir)
    try:
        server.start()
        engine = PostgresEngine(server.dsn)
        try:
            yield engine
        finally:
            engine.close()
    finally:
        server.stop()


# --- Spark -----------------------------------------------------------------------------------


def _java_home() -> str | None:
    """A Java 17+ home: JAVA_HOME, the one of ``java`` on PATH, else Debian's (17 first)."""
    candidates = [os.environ.get("JAVA_HOME", "")]
    if java := shutil.which("java"):
        candidates.append(str(Path(java).resolve().parents[1]))
    candidates += sorted(glob.glob("/usr/lib/jvm/java-17-*")) + sorted(glob.glob("/usr/lib/jvm/*"))
    for home in candidates:
        if home and Path(home, "bin", "java").exists() and (_java_major(home) or 17) >= 17:
            return home
    return None


def _java_major(java_home: str) -> int | None:
    """The major version in ``java_home``'s ``release`` file, if it has one."""
    release = Path(java_home, "release")
    if release.exists():
        found = re.search(r'^JAVA_VERSION="(?:1\.)?(\d+)', release.read_text(), re.M)
        if found:
            return int(found.group(1))
    return None


class SparkEngine(Engine):
    """A local Spark SQL session; frames arrive as Parquet files read into temporary views."""

    name = "spark"
    dialect = "spark"

    def __init__(self, session: Any, workdir: Path) -> None:
        self.session = session
        self.workdir = workdir

    def _load(self, name: str, table: pa.Table, types: Mapping[str, tuple[str, Any]]) -> None:
        path = self.workdir / "tables" / f"{name}-{time.monotonic_ns()}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, path, compression="none")
        schema = ", ".join(f"{column} {sql_type}" for column, (sql_type, _) in types.items())
        self.session.read.schema(schema).parquet(str(path)).createOrReplaceTempView(name)

    def _query(self, sql: str) -> pa.Table:
        table: pa.Table = self.session.sql(sql).toArrow()
        return table


SPARK_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "2",
    "spark.default.parallelism": "2",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.catalogImplementation": "in-memory",
}


@contextlib.contextmanager
def spark_engine() -> Iterator[SparkEngine]:
    """A :class:`SparkEngine` on a fresh local session, stopped on exit."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        unavailable("pyspark is not installed")
    java_home = _java_home()
    if java_home is None:
        unavailable("Java 17 or newer (openjdk-17-jre-headless), which Spark 4 needs, is missing")
    os.environ["JAVA_HOME"] = java_home
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    workdir = Path(tempfile.mkdtemp(prefix="policy-model-spark-"))
    builder = SparkSession.builder.master("local[2]").appName("policy_model-tests")
    for key, value in {
        **SPARK_CONF,
        "spark.local.dir": str(workdir / "local"),
        "spark.sql.warehouse.dir": str(workdir / "warehouse"),
    }.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
        session.sparkContext.setLogLevel("WARN")
        try:
            yield SparkEngine(session, workdir)
        finally:
            session.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(name="duckdb")
def duckdb_fixture() -> Iterator[DuckDBEngine]:
    """An in-memory DuckDB :class:`Engine`, one per test."""
    engine = DuckDBEngine()
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresEngine]:
    """A PostgreSQL :class:`Engine` on a throwaway server (``.dsn``, ``.connect()``)."""
    with postgres_engine() as engine:
        yield engine


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkEngine]:
    """A Spark SQL :class:`Engine` on a local session (``.session`` is the SparkSession)."""
    with spark_engine() as engine:
        yield engine


@pytest.fixture(
    params=[
        "duckdb",
        pytest.param("postgres", marks=pytest.mark.sql_engine),
        pytest.param("spark", marks=pytest.mark.sql_engine),
    ]
)
def sql_engine(request: pytest.FixtureRequest) -> Engine:
    """Each of DuckDB, PostgreSQL and Spark in turn."""
    engine: Engine = request.getfixturevalue(request.param)
    return engine
