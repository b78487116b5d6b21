"""consumer_rules.spark on a local[2] Spark session: the same findings as check_text, in the documented schema.
Skipped only when pyspark is not installed (the ``spark`` extra)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from consumer_rules import RuleSet

pyspark = pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")

TEXTS = [
    "本理财产品保本保息，预期年化收益率8.5%，最佳选择！",
    "理财非存款、产品有风险、投资须谨慎。本产品不保本。",
    "使用即视为同意本政策。最终解释权归本公司所有。",
    "今天天气很好。",
]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("consumer-rules-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_findings_equal_check_text_in_the_documented_schema(spark: Any, builtin: RuleSet) -> None:
    from consumer_rules.spark import FINDING_COLUMNS, check_dataframe

    rows = [(i, TEXTS[i % 4], "terms" if i % 4 == 2 else None) for i in range(40)]
    df = spark.createDataFrame(rows, "id long, text string, kind string").repartition(4)
    found = check_dataframe(df, rules=builtin)
    assert found.columns == ["id", *(name for name, _ in FINDING_COLUMNS)]
    assert dict(found.dtypes)["id"] == "bigint" and dict(found.dtypes)["start"] == "int"
    got = sorted((r["id"], r["rule_id"], r["start"], r["end"], r["excerpt"]) for r in found.collect())
    expected = sorted(
        (i, f.rule_id, f.start, f.end, f.excerpt)
        for i, text, kind in rows
        for f in builtin.check_text(text, kind=kind or "auto").findings
    )
    assert got == expected and got
    one = found.filter("rule_id = 'FIN001'").first()
    assert json.loads(one["references"])[0]["law"]


def test_a_missing_column_is_a_clear_error(spark: Any, builtin: RuleSet) -> None:
    from consumer_rules.spark import check_dataframe

    df = spark.createDataFrame([(1, "x")], "key int, body string")
    with pytest.raises(ValueError, match="no column 'id', 'text'"):
        check_dataframe(df, rules=builtin)
    assert check_dataframe(df, id_col="key", text_col="body", rules=builtin).count() == 0
