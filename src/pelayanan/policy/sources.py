"""Every legal or factual source the rules and the demo rely on, with its status.

Each :class:`Source` has a stable id, which is also its anchor in ``docs/sources.md`` (generated
from this registry by ``python -m pelayanan.policy.docgen``). Rules name their sources by id
(:attr:`~pelayanan.policy.rule.Rule.sources`), and a rule naming an id that is not here is refused
when the rule is built, so a citation can never point at nothing.

A status describes how the fact was read, not how likely it is to be true:

- ``verified``: read in the regulation's text or an official or reputable summary of it;
- ``secondary``: read only in a secondary source (a blog, someone's code, a regulation that
  copies another, a third-party data package);
- ``unverified``: not read anywhere; a working assumption, kept overridable.

No source records a web address: none was kept when the facts were read, and an invented one
would be worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import Enum
from types import MappingProxyType

import attrs

from pelayanan.domain.errors import InvalidValue

SOURCES_PAGE = "docs/sources.md"
"""Where the registry is published, relative to the repository root."""


class SourceStatus(Enum):
    """How a source's facts were read."""

    VERIFIED = "verified"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"


@attrs.frozen
class Source:
    """One source: what it is, who issued it and when, how it was read, and what rests on it."""

    id: str
    title: str
    issuer: str
    date: str
    status: SourceStatus
    read_in: str
    used_for: str
    caveats: str = ""

    @property
    def anchor(self) -> str:
        """The reference to this source's entry, e.g. ``docs/sources.md#pp-94-2021``."""
        return f"{SOURCES_PAGE}#{self.id}"


_V, _S, _U = SourceStatus.VERIFIED, SourceStatus.SECONDARY, SourceStatus.UNVERIFIED

_ALL: tuple[Source, ...] = (
    # ------------------------------------------------------------------ civil-service discipline
    Source(
        "pp-94-2021", "Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri "
        "Sipil", "Government of the Republic of Indonesia",
        "2021; the rules apply it from 31 August 2021, its promulgation",
        _V, "the regulation's text or official and reputable summaries of it",
        "levels and punishments (Pasal 8); the duty to come to work and keep working hours "
        "(Pasal 4 huruf f); duties outside the office count as coming to work (Pasal 1 angka 5); "
        "the attendance ladder's day ranges and punishments; dismissal for 28 or more days "
        "(Pasal 11 ayat (2) huruf d angka 3) and for 10 consecutive working days (angka 4)",
        "The ayat/huruf/angka numbers of the ringan and sedang ladder rows, the angka of the "
        "first two berat rows, the articles for levels by impact, and the pay-stop article "
        "(Pasal 15 ayat (2)) were not read: the rules cite them as unverified.",
    ),
    Source(
        "bkn-sedang-transition", "BKN explanation of the sedang punishments under PP 94/2021",
        "Badan Kepegawaian Negara (BKN)", "after PP 94/2021 (date not recorded)", _V,
        "BKN's public explanation",
        "the tunjangan kinerja cuts apply only once the new PP on PNS pay is in force; until then "
        "agencies apply the PP 53/2010 sedang punishments",
    ),
    Source(
        "pp-53-2010", "Peraturan Pemerintah Nomor 53 Tahun 2010 tentang Disiplin Pegawai Negeri "
        "Sipil (repealed by PP 94/2021)", "Government of the Republic of Indonesia", "2010", _S,
        "secondary summaries",
        "the transitional sedang punishments (penundaan kenaikan gaji berkala 1 tahun, penundaan "
        "kenaikan pangkat 1 tahun, penurunan pangkat 1 tahun); its elucidation counted 7.5 hours "
        "of lateness as one day",
        "Pairing its three sedang punishments step by step with the three tunjangan kinerja cuts "
        "is this library's reading, not a source's.",
    ),
    Source(
        "perbkn-6-2022", "Peraturan BKN Nomor 6 Tahun 2022, implementing PP 94/2021",
        "Badan Kepegawaian Negara (BKN)", "2022 (exact date of effect not recorded)", _V,
        "summaries of the regulation",
        "the procedure: written summons by the direct superior with at most 7 working days to the "
        "examination; a second summons within 7 working days of a no-show; a decision on the "
        "evidence after a second no-show; closed examination and its BAP; the tim pemeriksa",
        "Article numbers not read. Its date of effect was not recorded: the procedure rules take "
        "effect on 1 January 2022, the start of the year in its number (an approximation).",
    ),
    Source(
        "bkn-regional-office", "BKN regional office (Kantor Regional) guidance on PP 94/2021",
        "Badan Kepegawaian Negara, regional office", "date not recorded", _V,
        "the regional office's public guidance",
        "a punishment decree is delivered privately within 14 working days of being set; social "
        "obligations are not a valid reason for absence, leave (cuti) is the channel",
    ),
    Source(
        "bpk-handbook", "BPK handbook on civil-servant discipline", "Badan Pemeriksa Keuangan "
        "(BPK)", "date not recorded", _V, "the handbook",
        "superior liability: a superior who fails to summon, examine or report, or an authorised "
        "official who fails to punish or punishes wrongly, is punished more heavily",
    ),
    Source(
        "jpnn-superior-liability", "jpnn.com report on superior liability under PP 94/2021",
        "jpnn.com (news)", "date not recorded", _V, "the news report",
        "superior liability (as the BPK handbook)",
    ),
    Source(
        "kemenkeu-pp94-guideline", "Kementerian Keuangan guideline on PP 94/2021",
        "Kementerian Keuangan", "date not recorded", _S, "the ministry's internal guideline",
        "lateness and early leave added up, 7.5 hours = 1 day absent; authority to punish",
        "Secondary for PP 94 itself: the 7.5-hour conversion was not found in PP 94/2021.",
    ),
    Source(
        "bkpsdm-material", "BKPSDM pages on PP 94/2021", "regional personnel agencies (BKPSDM)",
        "date not recorded", _S, "public web pages of regional personnel agencies",
        "who may punish; the budget holder stopping pay before the decree after 10 consecutive "
        "working days absent, and its reinstatement if the PNS returns",
    ),
    Source(
        "disiplin-pns-digest", "disiplin-pns: a public educational digest of PP 94/2021",
        "the open-source project wawannug/disiplin-pns", "date not recorded", _S,
        "its data files src/data/pejabat.js, pemeriksaan.js and berlaku.js",
        "who may impose which level; the examination and the tim pemeriksa; pembebasan "
        "sementara (a PNS likely to get a berat punishment freed from duties from the "
        "examination until the decree, with an acting official and rights kept); the decree "
        "delivered within 14 'hari', sent to the PNS who does not come, and in effect from day "
        "15 after receipt; a decree against which upaya administratif is filed takes effect as "
        "the decision on it says",
        "Someone's code: article numbers not verified; used only as a secondary source.",
    ),
    Source(
        "pp94-secondary-summaries", "Secondary summaries of PP 94/2021",
        "various (articles and explainers)", "date not recorded", _S, "secondary summaries",
        "repeat offences punished more heavily; offences found together get one punishment, the "
        "heaviest; a punishment takes effect on day 15 after the decree is received",
        "Whether those 15 days are working or calendar days is not stated [unverified].",
    ),
    Source(
        "pp-79-2021", "Peraturan Pemerintah Nomor 79 Tahun 2021 tentang Upaya Administratif dan "
        "Badan Pertimbangan Aparatur Sipil Negara", "Government of the Republic of Indonesia",
        "2021", _V, "a published copy of the regulation's text (its opening articles) and "
        "official summaries (bphn-pp79-summary, bkn-upaya-administratif)",
        "upaya administratif is keberatan or banding administratif (Pasal 1 angka 3); keberatan "
        "lies against a PPK's decision other than dismissal as PNS and against an official's "
        "decision (Pasal 1 angka 4); banding administratif lies against a PPK's decision to "
        "dismiss a PNS (Pasal 1 angka 5) and goes to BPASN; a keberatan goes to the superior of "
        "the official who decided",
        "Read: Pasal 1 only. Not read: the filing windows (14 working days comes from "
        "permenkumham-24-2023 and secondary summaries), the deciding bodies' windows, whether a "
        "ringan punishment is open to keberatan, whether the superior may make a punishment "
        "heavier, what follows when a body does not decide in time, and the keberatan to a PPK "
        "that has no superior: each is an unverified parameter or is only flagged.",
    ),
    Source(
        "bphn-pp79-summary", "BPHN (JDIH Nasional) summary of PP 79/2021",
        "Badan Pembinaan Hukum Nasional, Kementerian Hukum", "date not recorded", _V,
        "the national legal documentation network's summary of the regulation",
        "keberatan is filed with the superior of the official whose decision is disputed; "
        "banding administratif with BPASN against a PPK's dismissal decision; BPASN decides; an "
        "ASN who files a banding keeps pay and allowances until BPASN decides",
    ),
    Source(
        "bkn-upaya-administratif", "BKN regional office (Pekanbaru) article on upaya "
        "administratif", "Badan Kepegawaian Negara, regional office", "29 July 2022", _V,
        "the regional office's public article",
        "a PNS dissatisfied with a dismissal imposed as a disciplinary punishment may file a "
        "written banding administratif with BPASN; staff disputes go through upaya "
        "administratif before the administrative court",
    ),
    Source(
        "permenkumham-24-2023", "Peraturan Menteri Hukum dan HAM Nomor 24 Tahun 2023 on imposing "
        "disciplinary punishments in the ministry", "Kementerian Hukum dan HAM", "2023", _S,
        "its Pasal 34 as published in a regulation database",
        "a banding administratif against a dismissal is filed in writing with BPASN, with "
        "reasons, within 14 working days of the day the employee received the decree",
        "A ministry's own regulation repeating the national rule: secondary for PP 79/2021.",
    ),
    # ------------------------------------------------------------------ public service
    Source(
        "uu-25-2009", "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
        "Government of the Republic of Indonesia", "2009", _V,
        "the law's text or official summaries",
        "service standards and the maklumat pelayanan (Pasal 20-22); complaint handling within "
        "set limits (Pasal 36); citizens may complain within 30 days (Pasal 42); provider "
        "sanctions, teguran tertulis then pembebasan dari jabatan if not fixed within 3 months "
        "(Pasal 54)",
    ),
    Source(
        "perpres-76-2013", "Peraturan Presiden Nomor 76 Tahun 2013 tentang Pengelolaan Pengaduan "
        "Pelayanan Publik", "President of the Republic of Indonesia", "2013", _V,
        "the regulation's text or official summaries",
        "complaints resolved within 60 days after the file is complete; the flow penerimaan, "
        "pemilahan, distribusi, penyelesaian",
        "Whether the 60 days are working or calendar days was not read [unverified]; its exact "
        "date of effect was not recorded (the rule starts on 1 January 2013).",
    ),
    Source(
        "sp4n-lapor-service-levels", "SP4N-LAPOR! complaint service levels",
        "Kementerian PANRB", "2018", _V, "KemenPANRB's official material on SP4N-LAPOR!",
        "first status response within 3 days; information requests and complaints within 5; "
        "disputes without field check within 14; disputes with field check within 60",
        "The day unit is not stated there; the regulation that sets these levels was not "
        "identified (see permenpanrb-62-2018). Its exact date was not recorded (the rules start "
        "on 1 January 2018).",
    ),
    Source(
        "permenpanrb-62-2018", "Peraturan Menteri PANRB Nomor 62 Tahun 2018 (on SP4N-LAPOR!, "
        "as commonly referred to)", "Kementerian PANRB", "2018", _U, "not read",
        "nothing: listed because it is often named as the regulation behind the SP4N-LAPOR! "
        "service levels; no rule cites it until it has been read",
    ),
    Source(
        "kelurahan-sop-example", "A kelurahan SOP for complaint handling",
        "a kelurahan office (example)", "date not recorded", _V, "the published SOP",
        "2/5/14/60 working days for the SP4N-LAPOR! classes: the default day unit is working "
        "days",
    ),
    Source(
        "permenpanrb-15-2014", "Peraturan Menteri PANRB Nomor 15 Tahun 2014 tentang Pedoman "
        "Standar Pelayanan", "Kementerian PANRB", "2014", _S, "secondary summaries",
        "the 14 service-standard components, 6 for service delivery and 8 for internal "
        "management",
    ),
    Source(
        "permenpanrb-14-2017", "Peraturan Menteri PANRB Nomor 14 Tahun 2017 tentang Pedoman "
        "Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik",
        "Kementerian PANRB", "2017", _S,
        "secondary summaries",
        "SKM at least yearly; 9 elements scored 1-4, weight 1/9 each, IKM = weighted mean x 25; "
        "grades A-D and their bounds",
        "Its exact date of effect was not recorded (the rule starts on 1 January 2017).",
    ),
    Source(
        "ombudsman-compliance-assessment", "Ombudsman RI, Penilaian Kepatuhan Standar Pelayanan "
        "Publik", "Ombudsman Republik Indonesia", "assessments 2013-2021", _V,
        "the Ombudsman's assessment reports",
        "compliance zones for 2013-2021: hijau 81.00-100, kuning 51.00-80.99, merah 0-50.99",
        "Since 2022 the Ombudsman grades A-E on input, process, output and complaint handling; "
        "those grade boundaries are not confirmed [unverified], so no zone rule is in force "
        "from 2022.",
    ),
    # ------------------------------------------------------------------ working time
    Source(
        "perpres-21-2023", "Peraturan Presiden Nomor 21 Tahun 2023 tentang Hari Kerja dan Jam "
        "Kerja Instansi Pemerintah dan Pegawai Aparatur Sipil Negara",
        "President of the Republic of Indonesia", "2023", _V,
        "the regulation's text or official summaries",
        "5 working days Monday-Friday; 37 h 30 min a week excluding breaks from 07.30 local time; "
        "Ramadan 32 h 30 min from 08.00; breaks 60 minutes (Friday 90)",
    ),
    Source(
        "malang-ramadan-circulars", "Kota Malang circulars on Ramadan working hours",
        "Pemerintah Kota Malang", "Ramadan of the years read (not recorded)", _V,
        "the city's circulars",
        "5-day units Monday-Thursday 08.00-15.00 (break 12.00-12.30), Friday 07.30-15.00 "
        "(break 11.30-12.30)",
        "Normal-week daily hours for Malang were not found [unverified]: hours are an office "
        "setting with a default derived from Perpres 21/2023.",
    ),
    Source(
        "skb-cuti-bersama", "Surat Keputusan Bersama (SKB) 3 Menteri on libur nasional and cuti "
        "bersama", "three ministers (SKB 3 Menteri)", "set each year", _U,
        "not read; its days are taken from the holidays package",
        "which days are cuti bersama; whether they count as working days for legal time limits "
        "is unsettled [unverified], so it is a setting",
    ),
    Source(
        "holidays-package", "holidays (Python package), Indonesia calendar",
        "the holidays project (open source, on PyPI)", "the installed version", _S,
        "country_holidays('ID', categories=('public', 'government')) and its estimated label",
        "public holidays and, in its government category, cuti bersama; Islamic and some other "
        "dates past the years it has confirmed are marked estimated",
        "Third-party data. Cuti bersama are listed only for the years the package has them; "
        "deadlines reaching a year without them are marked estimated.",
    ),
    # ------------------------------------------------------------------ Kota Malang and the story
    Source(
        "jodipan-news", "Local news on the empty Kelurahan Jodipan office, 29-30 April 2024",
        "local news media in Malang", "29 April - 1 May 2024", _V, "news reports",
        "the office found empty during service hours on Monday 29 April 2024 (staff at a "
        "colleague's wedding); the Sekda calling it a pelanggaran ringan with teguran tertulis; "
        "the satgas of Inspektorat, BKPSDM and Asisten I and its sidak",
    ),
    Source(
        "malang-pembinaan-2024", "Pembinaan dan Evaluasi Pelayanan Publik, Balai Kota Malang, "
        "6 May 2024", "Sekretaris Daerah Kota Malang", "6 May 2024", _V,
        "the account of the meeting this project was started from",
        "the office must never be left empty during service hours; staff may attend social "
        "obligations; violations get clarification, then warning, reprimand, firm punishment",
    ),
    Source(
        "kemendagri-kelurahan-codes", "Kemendagri area codes of the kelurahan of Kota Malang",
        "Kementerian Dalam Negeri", "date not recorded", _S,
        "secondary listings of the codes (35.73.KK.1NNN)",
        "the 57 kelurahan in 5 kecamatan (the count is verified) and their codes",
        "Spellings vary (Gadingkasri / Gading Kasri, Tasik Madu, Ksatrian): aliases are kept.",
    ),
    Source(
        "nip-structure", "Structure of the civil-servant number (NIP)", "BKN", "date not "
        "recorded", _U, "not recorded",
        "18 digits: birth date YYYYMMDD, appointment YYYYMM, sex digit (1 male, 2 female), a "
        "3-digit sequence",
    ),
    Source(
        "uu-27-2022", "Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi",
        "Government of the Republic of Indonesia", "2022", _V,
        "the law's text as reproduced by a legal database (articles marked in docs/privacy.md)",
        "what counts as personal data and how it is protected (docs/privacy.md)",
    ),
    Source(
        "pelayanan-conventions", "This library's own conventions", "the pelayanan project",
        "this repository", _U, "not law: choices made by this project",
        "the office board's compliance score (its weights) and its colour bands",
        "Never presented as law; every number is a parameter a city can override.",
    ),
)

SOURCES: Mapping[str, Source] = MappingProxyType({s.id: s for s in _ALL})
"""Every source, by id, in the order the page lists them."""

if len(SOURCES) != len(_ALL):  # pragma: no cover - a registry typo, caught at import
    raise InvalidValue("two sources share an id")


def source(source_id: str) -> Source:
    """The source with ``source_id``; raises :class:`InvalidValue` naming the id asked for."""
    found = SOURCES.get(source_id)
    if found is None:
        raise InvalidValue(f"no source {source_id!r} in {SOURCES_PAGE}")
    return found


def read_in(*source_ids: str, note: str = "") -> str:
    """A citation's ``source`` text: where it was read, as anchors, then what is uncertain.

    E.g. ``docs/sources.md#perbkn-6-2022; article numbers not verified``.
    """
    anchors = ", ".join(source(i).anchor for i in source_ids)
    return f"{anchors}; {note}" if note else anchors


_ANCHOR = re.compile(re.escape(SOURCES_PAGE) + r"#([a-z0-9-]+)")


def cited_ids(text: str) -> tuple[str, ...]:
    """The source ids a citation's ``source`` text points at (see :func:`read_in`)."""
    return tuple(_ANCHOR.findall(text))
