"""The examination before a punishment (PP 94/2021, PerBKN 6/2022): who examines and when a tim
pemeriksa must.

The direct superior (atasan langsung) examines the PNS, closed, before any punishment is decided;
the result is a berita acara pemeriksaan (BAP). The only way to a punishment without examination
is two recorded no-shows, after which the authorised official decides on the evidence. A tim
pemeriksa (the atasan langsung, a supervision unit, a personnel unit) examines where the
punishment expected is berat, and may where it is sedang: the ``perbkn6.tim_pemeriksa_levels``
parameter. A clarification is a request for an explanation, never a substitute for examination.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from pelayanan.domain.values import LegalBasis, Level, parse_enum
from pelayanan.policy.parameters import (
    DEFAULT_SETTINGS,
    PERBKN6_FROM,
    TIM_PEMERIKSA_LEVELS,
    PanelRequirement,
    PolicySettings,
)
from pelayanan.policy.result import RuleResult
from pelayanan.policy.rule import Rule, in_force
from pelayanan.policy.sources import read_in

PANEL_MEMBERS = (
    "the atasan langsung (a higher superior where the direct one is involved)",
    "a supervision unit (Inspektorat)",
    "a personnel unit (BKPSDM)",
)
"""Who sits on a tim pemeriksa; other officials may join where needed."""

EXAMINATION = Rule(
    id="perbkn6.examination",
    version=1,
    title="Examination before any punishment; a tim pemeriksa where the punishment expected is "
    "berat (may, for sedang)",
    valid_from=PERBKN6_FROM,
    valid_to=None,
    citation=LegalBasis(
        "PerBKN 6/2022",
        verified=True,
        source=read_in("perbkn-6-2022", "disiplin-pns-digest", note="article number not verified"),
    ),
    verified=True,
    sources=("perbkn-6-2022", "pp-94-2021", "disiplin-pns-digest"),
    parameters=(TIM_PEMERIKSA_LEVELS,),
    notes="The atasan langsung examines, closed, in person or virtually; the BAP is signed by "
    "both, a refusal to sign is recorded and does not stop the decision, and the PNS gets a "
    "copy. After two no-shows the authorised official decides on the evidence, without "
    "examination. The tim pemeriksa is formed by a decree of the PPK or an official it appoints. "
    "Article numbers not verified; the date of effect is approximated to 1 January 2022.",
)


@attrs.frozen(kw_only=True)
class ExaminationOutcome(RuleResult):
    """What examination a punishment of ``level`` needs."""

    level: Level
    panel: PanelRequirement
    members: tuple[str, ...]

    def _fields(self) -> dict[str, Any]:
        return {"level": self.level, "panel": self.panel, "members": self.members}


def examination_requirement(
    level: Level | str, on: date, settings: PolicySettings = DEFAULT_SETTINGS
) -> ExaminationOutcome:
    """Whether a tim pemeriksa must, may or need not examine where ``level`` is expected."""
    expected = parse_enum(Level, level)
    rule = in_force([EXAMINATION], EXAMINATION.id, on)
    table = settings.resolve(TIM_PEMERIKSA_LEVELS, on)
    panel = table.value[expected]
    text = {
        PanelRequirement.REQUIRED: "a tim pemeriksa must examine",
        PanelRequirement.OPTIONAL: "a tim pemeriksa may examine, or the atasan langsung alone",
        PanelRequirement.NOT_NEEDED: "the atasan langsung examines",
    }[panel]
    return ExaminationOutcome(
        rule=rule.ref,
        citation=rule.citation,
        verified=rule.verified and table.verified,
        explanation=(
            f"a {expected.value} punishment is expected: {text} "
            f"({table.describe()}); examination comes before any punishment, unless the PNS "
            "failed to appear twice."
        ),
        level=expected,
        panel=panel,
        members=PANEL_MEMBERS if panel is not PanelRequirement.NOT_NEEDED else (),
    )


RULES: tuple[Rule, ...] = (EXAMINATION,)
