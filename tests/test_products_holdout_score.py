"""The product checks scored on the frozen holdout of real product + copy pairs (tests/products_holdout/).

The scorer (tests/products_holdout/score.py) runs ``RuleSet.check_product`` on every pair's product.yaml and
copy.md and compares the error and warning findings with the reviewer's expected.yaml. The table is printed
(``pytest -s`` shows it) so a change in any pair is visible.

Issue 10's target is precision >= 0.85 and recall >= 0.80. Measured when the scorer was added: precision 20/65 =
0.31, recall 19/53 = 0.36, 2 of 59 must_not_flag phrases hit, 4 of 26 pairs exactly right. After missing-field
rules honoured what a record claims to hold, advertisement warnings were asked only of copy that promotes, and
the copy checks for paying period, premium, renewal, credit line and early exit were added: precision 20/45 =
0.44, recall 20/53 = 0.38, 2 of 59 must_not_flag phrases hit, 8 of 26 pairs exactly right. After eight more real
pairs were labelled, wording owed by promoting copy was pointed at what promotes, and the cooling-off and
waiting-period warnings were asked only of copy that offers a policy: precision 21/44 = 0.48, recall 20/53 = 0.38,
1 of 59 must_not_flag phrases hit, 10 of 26 pairs exactly right; with the APR asked only of loan copy that
promotes the loan, precision 21/41 = 0.51 and 11 of 26 pairs exactly right. After the corpus round that followed
(reports and warnings not held to selling rules, new urgency and loan-cost families): precision 23/43 = 0.53, recall
22/53 = 0.42, 1 of 59 must_not_flag phrases hit, 11 of 26 exact. While tuning one round, per-pair lines of the
fee_disclosure rows were printed once by mistake (about ten lines); the words they showed were kept out of the
rules, but the pairs are no longer wholly unseen: a fresh set is due. The floors below sit just under
the latest figures: they catch a regression, and are to be raised as the rules improve, never lowered.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCORER = Path(__file__).resolve().parent / "products_holdout" / "score.py"


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("products_holdout_score", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_holdout_scores_stay_above_the_floor() -> None:
    scorer = load_scorer()
    totals = scorer.score_all()
    # Only totals here: the per-pair table (python tests/products_holdout/score.py) is for measuring, and a
    # failing test should not put holdout copy in front of whoever is fixing the rules.
    assert len(totals.pairs) == 26, "every holdout pair has a product.yaml"
    assert totals.sum("expected") == 53
    assert totals.precision >= 0.52
    assert totals.recall >= 0.41
    assert totals.traps <= 1
    assert totals.exact >= 11
