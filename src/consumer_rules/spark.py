"""Check a Spark DataFrame of texts: ``check_dataframe(df)`` returns a DataFrame of findings.

Needs the ``spark`` extra (``pip install 'consumer-rules[spark]'``: pyspark and pyarrow). The compiled rule
set is broadcast, so it is shipped once to each executor, not once per row or per task; each Python worker
unpickles it once and rebuilds its matcher in milliseconds. Texts are checked in Arrow batches
(``mapInArrow``), without pandas.

The findings DataFrame has one row per finding, in this schema (``FINDING_COLUMNS``), after the id column,
which keeps the input's type:

========================  =======  ===============================================================
column                    type     meaning
========================  =======  ===============================================================
``rule_id``               string   the rule's code, e.g. FIN001
``name``                  string   the rule's name
``category``              string   docs/categories.md
``severity``              string   error, warning or info
``message``               string   what is wrong (Chinese)
``message_en``            string   the same in English
``start``, ``end``        int      code-point offsets in the text, end exclusive
``line``, ``column``      int      1-based, where the finding starts
``end_line``, ``end_column``  int  1-based, where it ends
``excerpt``               string   the text between start and end
``scope``                 string   span, or document (a required wording is missing)
``fix``                   string   what to write instead
``references``            string   JSON list of {"law", "article"}
``fingerprint``           string   stable across edits elsewhere in the text (for baselines)
========================  =======  ===============================================================

These are the fields of the JSON format's findings (schemas/findings.schema.json), with ``path`` replaced by
the id column; a text with no finding has no row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .ruleset import RuleSet, load_rules
from .vocabulary import check_kind, check_product_type

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["FINDING_COLUMNS", "check_dataframe"]

FINDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("rule_id", "string"),
    ("name", "string"),
    ("category", "string"),
    ("severity", "string"),
    ("message", "string"),
    ("message_en", "string"),
    ("start", "int"),
    ("end", "int"),
    ("line", "int"),
    ("column", "int"),
    ("end_line", "int"),
    ("end_column", "int"),
    ("excerpt", "string"),
    ("scope", "string"),
    ("fix", "string"),
    ("references", "string"),
    ("fingerprint", "string"),
)


def check_dataframe(
    df: DataFrame,
    *,
    id_col: str = "id",
    text_col: str = "text",
    rules: RuleSet | None = None,
    kind: str = "auto",
    product_type: str | None = None,
    kind_col: str | None = "kind",
    product_type_col: str | None = "product_type",
) -> DataFrame:
    """The findings of every text in ``df`` (columns ``id_col`` and ``text_col``; optional per-row
    ``kind_col`` and ``product_type_col``, used when present and not null, else ``kind`` and
    ``product_type``), checked with ``rules`` (default: the built-in packs). See the module for the schema."""
    import pyarrow as pa

    missing = [c for c in (id_col, text_col) if c not in df.columns]
    if missing:
        raise ValueError(f"the DataFrame has no column {', '.join(map(repr, missing))} (columns: {df.columns})")
    ruleset = rules if rules is not None else load_rules()
    ruleset.check_text("")  # fail here, not on the executors, if the rule set cannot run
    shared = df.sparkSession.sparkContext.broadcast(ruleset)
    optional = [c for c in (kind_col, product_type_col) if c and c in df.columns]
    selected = df.select(id_col, text_col, *optional)
    id_field = selected.schema[id_col]
    ddl = ", ".join([f"`{id_col}` {id_field.dataType.simpleString()}", *(f"`{n}` {t}" for n, t in FINDING_COLUMNS)])
    arrow_types = {"string": pa.string(), "int": pa.int32()}

    def check_batches(batches: Iterator[Any]) -> Iterator[Any]:
        rs: RuleSet = shared.value
        out_schema = None
        for batch in batches:
            if out_schema is None:
                id_type = batch.schema.field(id_col).type
                out_schema = pa.schema(
                    [pa.field(id_col, id_type), *(pa.field(n, arrow_types[t]) for n, t in FINDING_COLUMNS)]
                )
            rows = []
            for record in batch.to_pylist():
                text = record[text_col]
                if text is None:
                    continue
                report = rs.check_text(
                    text,
                    # A kind or product type outside the vocabularies is an error here too, never a silent pass.
                    kind=check_kind((record.get(kind_col) if kind_col else None) or kind),
                    product_type=check_product_type(
                        (record.get(product_type_col) if product_type_col else None) or product_type
                    ),
                )
                for f in report.findings:
                    row = f.to_dict()
                    rows.append(
                        {
                            id_col: record[id_col],
                            **{n: row[n] for n, _ in FINDING_COLUMNS if n != "references"},
                            "references": json.dumps(row["references"], ensure_ascii=False),
                        }
                    )
            yield pa.RecordBatch.from_pylist(rows, schema=out_schema)

    return selected.mapInArrow(check_batches, ddl)
