#!/usr/bin/env python3
"""Build tracker/seed/kaz-tjk.ndjson from the sourced facts on Kazakhstan and Tajikistan.

    python tools/build_seed.py [FACTS_JSON]

FACTS_JSON defaults to tools/facts/facts-kaz-tjk.json. Dates, sources
and certainty are carried over mechanically; what needs judgement (which paragraphs the review
facts describe, remedy kinds, action kinds, item links and their effects) is written out in
the tables below, in the facts' own wording. The same input always gives the same bytes.
tracker/seed/README.md explains the judgement calls and lists what is not loaded.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import msgspec

from tracker.domain import ids
from tracker.domain.entities import Amounts, CourtRuling, ItemLink, RecommendationGroup, SourceRef
from tracker.domain.enums import (
    ActionKind,
    AssessorKind,
    Body,
    CourtInstance,
    CourtOutcome,
    DatePrecision,
    DecisionOutcome,
    DocumentKind,
    Effect,
    RemedyKind,
    Scale,
    UprResponse,
    Verification,
)
from tracker.records import (
    ActionRecord,
    AssessmentRecord,
    DecisionRecord,
    DocumentRecord,
    MetaRecord,
    RecommendationRecord,
    Record,
    RemedyRecord,
    ReviewRecord,
    encode_record,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FACTS = Path(__file__).resolve().parent / "facts" / "facts-kaz-tjk.json"
OUTPUT = REPO / "tracker/seed/kaz-tjk.ndjson"
RECORDED_BY = "seed: facts-kaz-tjk.json"

Fact = dict[str, Any]

VERIFIED_CERTAINTIES = {"confirmed-primary", "confirmed-secondary"}

PUBLISHERS = {
    "justiceinitiative.org": "Open Society Justice Initiative",
    "opensocietyfoundations.org": "Open Society Foundations",
    "omct.org": "OMCT",
    "docstore.ohchr.org": "OHCHR",
    "ohchr.org": "OHCHR",
    "juris.ohchr.org": "OHCHR",
    "bureau.kz": "Kazakhstan International Bureau for Human Rights and Rule of Law",
    "hfhr.pl": "Helsinki Foundation for Human Rights",
    "iphronline.org": "International Partnership for Human Rights",
    "apt.ch": "Association for the Prevention of Torture",
    "upr-info.org": "UPR Info",
    "gov.uk": "UK Government",
    "dfat.gov.au": "Australian Department of Foreign Affairs and Trade",
    "rferl.org": "Radio Free Europe/Radio Liberty",
    "forum-asia.org": "FORUM-ASIA",
    "astanatimes.com": "The Astana Times",
    "inform.kz": "Kazinform",
    "qazinform.com": "Kazinform",
    "asiaplus.news": "Asia-Plus",
    "fergananews.com": "Fergana News",
    "ccprcentre.org": "Centre for Civil and Political Rights",
    "worldlii.org": "WorldLII",
    "umn.edu": "University of Minnesota Human Rights Library",
}

# Hosts of test servers (e.g. web.test.ohchr.un-icc.cloud): never a source of the bundled data.
TEST_HOST_MARKS = ("test.", "un-icc")

# Only where a fact gives the source's own date.
SOURCE_DATES = {
    "https://www.justiceinitiative.org/newsroom/kazakhstan-court-orders-damages-police-torture-case": dt.date(2013, 11, 21),
}

# A title for every source, so that two sources of one record never read alike. A UN document
# is named by its symbol and what it is (a copy on another site says so where the record also
# cites the original); a State's follow-up reply by the fact's title; other pages by their
# subject, from the fact's title or the address. Where the facts only imply which document an
# address holds, the title says so ("probably", "cited for"). Decision texts are titled by
# DECISION_TEXTS below. The build stops on a source with no title.
DOCSTORE = "https://docstore.ohchr.org/SelfServices/FilesHandler.ashx?enc="
SOURCE_TITLES = {
    # UN documents on the OHCHR document store
    "http://docstore.ohchr.org/SelfServices/FilesHandler.ashx?enc=6QkG1d%2fPPRiCAqhKb7yhsp2DytAl2p2q0VZmhsW8WRuJhRGKsLuFEDWKIRaehL2sMmBb6Ave66BvClTibyg%2fqfB1vtdS6x28wLpzw7CglOiqHx4fHbH79%2bDY7fExM%2fwt": "CAT/C/KAZ/CO/2 — Concluding observations on the second periodic report of Kazakhstan",
    DOCSTORE
    + "iN9J%2BG2uc0n2p8sC1ogzuf94UdQUGW%2F%2FRHTjC0RWzJUBvQkBvYn9PZPzOwn45zafTms3hSmTN63iE3AkqnG5tA%3D%3D": "CAT/C/KAZ/CO/4 — Concluding observations on the fourth periodic report of Kazakhstan",
    DOCSTORE
    + "gspLptxlHrjIDqmDmRVAZDWdrUhmENMuv388HVZd1My8oo6IIJ7b6PXTVWYAdk52C%2Bd8ZfaJiuj5GnABTJ8uDg%3D%3D": "Information received from Kazakhstan on follow-up to CAT/C/KAZ/CO/4",
    DOCSTORE
    + "N5yaMKHq2eAIWQZ6lr9Q9ZFkUqX%2FIIQ8cQIz7wzJZPSrsfh5LsCek8rP22YykSx1Xcs87jvDSz17mtoOTBhSJQ%3D%3D": "CAT/C/SR.1998 — Summary record of the Committee against Torture's meeting on the fourth periodic report "
    "of Kazakhstan (3 May 2023)",
    DOCSTORE
    + "zDtHueGYtX8YCTYQtFTNCq65EofSG6m8oOBr4rczvqtadfnqziIaKwTeD0u8pkbDQWdsjBOrTwz%2Fi5kpcTQKXg%3D%3D": "CAT/OP/KAZ/ROSP/1 — Recommendations of the Subcommittee on Prevention of Torture to Kazakhstan after its "
    "second visit (26 Mar-1 Apr 2023)",
    DOCSTORE
    + "dZtUvTHjszrWknFBgAB%2FzT5wDWKYb3j5C9rTDMR%2BwIve6js3WYtNMTibe4pPC1odBYeGUVG%2Fd0OJqhBGtgtCeA%3D%3D": "CCPR/C/KAZ/CO/3 — Concluding observations on the third periodic report of Kazakhstan",
    DOCSTORE
    + "PpPtKuJ4QzmVmKzgcPctZ1mFI6FR6eLRlxpue1VjSongMuBRjeoBWBZuqZ4odve%2F340VWz3Wu1sI72ggJ281zw%3D%3D": "List of issues of the Human Rights Committee on the second periodic report of Kazakhstan",
    DOCSTORE
    + "6QkG1d%2fPPRiCAqhKb7yhshsHjkEi6jSQIeKCnCbTAaaYENCHoT%2bMyJn6umC6TSLMZIwSTTnOeQv03d3VhUWghB5SxuWpYjrPSbBfVHTqa%2fPcFoKTu81JqxoNnUHpGLdj": "CAT/C/TJK/3 — Third periodic report of Tajikistan to the Committee against Torture (paras 3-4: follow-up "
    "to CAT/C/TJK/CO/2)",
    DOCSTORE
    + "6QkG1d%2fPPRiCAqhKb7yhshsHjkEi6jSQIeKCnCbTAaaRPCWJewULgegsuedoH%2bju%2bsZAEOdmvhbn6kMZmHDp%2fN%2f%2b4lFAS09a%2f0OYoo1a%2fC841Vxp34P5Wo5o0XRq7SfV": "CAT/C/TJK/CO/3 — Concluding observations on the third periodic report of Tajikistan",
    DOCSTORE
    + "6QkG1d%2fPPRiCAqhKb7yhshsHjkEi6jSQIeKCnCbTAabDAMuP6wf%2fwYXpmgzTlN%2fx9nsB0HEdwFv0QvXYK7oX8eGD4Vo5GUowG4wLPHtme9QZqevb8E4p89nrYGFKMvMO1QkU6Oc0RVlf%2bETR2icDHA%3d%3d": "CAT/C/TJK/Q/3/Add.1 — Replies of Tajikistan to the list of issues (received 5 Feb 2018)",
    DOCSTORE
    + "6QkG1d%2FPPRiCAqhKb7yhshsHjkEi6jSQIeKCnCbTAaYSZLXecgokdGkE817q%2Biq2topHGs1f2yDF0uydCXTvcxLPhZip1K772whcbhRD1BzZ26P%2FPWFt8kLZ7xxkW5EG": "CAT/C/TJK/FCO/3 — Information received from Tajikistan on follow-up to CAT/C/TJK/CO/3",
    DOCSTORE
    + "3eVyX7hvwWnqjYvhPgeusg0vKKD%2BuGiI9Phpa0YZLzKuqwAgQQn%2Br29wpcZOCQLLJzGagTp6pq9BXTpFrTcoSw%3D%3D": "CAT/C/TJK/Q/4 — List of issues for the fourth periodic report of Tajikistan",
    DOCSTORE
    + "6QkG1d%2FPPRiCAqhKb7yhstnmplSEIbm%2BRnl3Df%2BMS61zQkxcCPKUOXLwzPRXhya1RKeRcIlTtxLmAgZ8PcveZYNCX5%2BvgBNeb%2FnyEuA1KOELi7Y2yBpklBHzy2gJ43Eb": "CCPR/C/TJK/3 — Third periodic report of Tajikistan to the Human Rights Committee (received 26 Jul 2017)",
    DOCSTORE
    + "6QkG1d%2fPPRiCAqhKb7yhstnmplSEIbm%2bRnl3Df%2bMS62Ddwef9ujHXzqtw1VP52gDwO3l661HhKqCb3C3u87Jw5fDvDBXj1NpwbYXwRMjDejcMmT3Hl6r7kBZW%2fSlBEMt": "CCPR/C/TJK/CO/3 — Concluding observations on the third periodic report of Tajikistan",
    DOCSTORE
    + "6QkG1d%2fPPRiCAqhKb7yhsm0BTKouDPNIMXWAuPwondEv3degHol2GYysch85QG9w%2fNNtt%2fx%2fXZohayDrkJuDOftlacFqw%2bjIfm5kEFilFRBfnXmX%2fBGfZrRtMQu2%2bVmA": "Summary record of the Human Rights Committee's dialogue with Tajikistan, July 2019 (probably CCPR/C/SR.3612)",
    # UN documents on other sites
    "http://worldlii.org/int/other/UNCATCO/2014/12.html": "CAT/C/KAZ/CO/3 — Concluding observations on the third periodic report of Kazakhstan",
    "http://adilet.zan.kz/eng/docs/O1400000002": "Adilet document O1400000002, cited for CAT/C/KAZ/CO/3",
    "http://www.worldlii.org/int/other/UNCATCO/2013/3.html": "CAT/C/TJK/CO/2 — Concluding observations on the second periodic report of Tajikistan",
    "https://645012.skal.fun/cat/observations/tajikistan2006.html": "Conclusions and recommendations of the Committee against Torture on the initial report of Tajikistan "
    "(2006; symbol CAT/C/TJK/CO/1 assumed)",
    "https://docslib.org/doc/13918407/human-rights-committee-s15": "CCPR/C/KAZ/CO/2 — Concluding observations on the second periodic report of Kazakhstan (advance unedited version)",
    "https://right-docs.org/doc/a-hrc-14-10": "A/HRC/14/10 — Report of the Working Group on the Universal Periodic Review: Kazakhstan",
    "https://right-docs.org/doc/a-hrc-28-10": "A/HRC/28/10 — Report of the Working Group on the Universal Periodic Review: Kazakhstan",
    "https://docsbay.net/report-of-the-working-group-on-the-universal-periodic-review-kazakhstan-in-english": "Report of the Working Group on the Universal Periodic Review: Kazakhstan (English text)",
    "https://right-docs.org/doc/a-hrc-19-3": "A/HRC/19/3 — Report of the Working Group on the Universal Periodic Review: Tajikistan",
    "https://right-docs.org/doc/a-hrc-33-11": "A/HRC/33/11 — Report of the Working Group on the Universal Periodic Review: Tajikistan",
    "https://studylib.net/doc/17704188/a-general-assembly--united-nations": "A/HRC/WG.6/20/KAZ/1 — National report of Kazakhstan for the second cycle of the Universal Periodic Review",
    "https://docslib.org/doc/585745/a-hrc-wg-6-25-tjk-1-e-pdf": "A/HRC/WG.6/25/TJK/1 — National report of Tajikistan for the second cycle of the Universal Periodic Review",
    "https://atlas-of-torture.org/en/document/73194qagtw3?page=3": "CAT/OP/KAZ/1 — Report of the Subcommittee on Prevention of Torture on its visit to Kazakhstan (Sep 2016), page 3",
    "https://atlas-of-torture.org/en/document/73194qagtw3?page=4": "CAT/OP/KAZ/1 — Report of the Subcommittee on Prevention of Torture on its visit to Kazakhstan (Sep 2016), page 4",
    "https://atlas-of-torture.org/en/document/8a1uyxhjs1g?page=3": "CAT/C/TJK/CO/3 — Concluding observations on the third periodic report of Tajikistan (Atlas of Torture copy, page 3)",
    "https://atlas-of-torture.org/en/document/8a1uyxhjs1g?page=4": "CAT/C/TJK/CO/3 — Concluding observations on the third periodic report of Tajikistan (Atlas of Torture copy, page 4)",
    "https://atlas-of-torture.org/en/entity/5j5dn40r58iw0rva13g82dquxr?page=2": "Atlas of Torture entity page cited for CAT/C/TJK/CO/2 (page 2)",
    "https://atlas-of-torture.org/en/entity/iz5kkxzw46?page=3": "Atlas of Torture entity page cited for Boboev v. Tajikistan (page 3)",
    "https://juris.ohchr.org/casedetails/5/en": "Evloev v. Kazakhstan (CAT 441/2010) — case record in the OHCHR jurisprudence database",
    "http://bayefsky.com/./html/tajikistan_ccpr_follow_juris.php": "Tajikistan — follow-up to the Human Rights Committee's Views on individual communications",
    "https://www.ohchr.org/en/hr-bodies/upr/highlights12-february2010am": "Universal Periodic Review highlights, 12 February 2010 (morning): review of Kazakhstan",
    "https://www.ohchr.org/en/news/2023/05/examen-du-rapport-du-kazakhstan-le-comite-contre-la-torture-se-penche-sur-les": "Examen du rapport du Kazakhstan : le Comité contre la torture se penche sur les … (OHCHR news, May 2023)",
    # Laws
    "http://adilet.zan.kz/eng/docs/K1400000231": "Code of Criminal Procedure of Kazakhstan (No. 231-V of 4 Jul 2014)",
    "http://adilet.zan.kz/eng/docs/K970000167_": "Criminal Code of Kazakhstan (No. 167 of 16 Jul 1997)",
    "https://adilet.zan.kz/eng/docs/Z2200000152": "Amnesty Law No. 152-VII of 2 Nov 2022",
    "http://www.zakonpravo.kz/en/article-146-cruel-inhuman-or-degrading-treatment-torture-the-criminal-code-of-the-republic-of-kazakhstan-the-criminal-code-of-the-republic-of-kazakhstan": "Criminal Code of Kazakhstan, article 146: cruel, inhuman or degrading treatment; torture",
    "https://zakonpravo.kz/en/article-71-exemption-from-criminal-liability-due-to-the-expiration-of-the-statute-of-limitations-of-the-criminal-code-of-the-republic-of-kazakhstan-the-criminal-code-of-the-republic-of-kazakhstan": "Criminal Code of Kazakhstan, article 71: exemption from criminal liability on expiry of the statute of limitations",
    "https://zakonpravo.kz/en/article-6-victims-entitled-to-compensation-the-law-on-the-victims-compensation-fund": "Law on the Victims Compensation Fund, article 6: victims entitled to compensation",
    "https://zakonpravo.kz/en/article-10-sources-of-the-victims-compensation-fund-formation-the-law-on-the-victims-compensation-fund": "Law on the Victims Compensation Fund, article 10: sources of the Fund",
    # NGO, government and news pages
    "https://www.omct.org/en/resources/reports/follow-up-to-the-united-nations-committee-against-tortures-concluding-observations-on-kazakhstan": "Follow-up to the UN Committee against Torture's concluding observations on Kazakhstan",
    "https://www.justiceinitiative.org/litigation/gerasimov-v-kazakhstan": "Gerasimov v. Kazakhstan (litigation page)",
    "https://www.justiceinitiative.org/newsroom/kazakhstan-torture-case-reaches-un": "Kazakhstan torture case reaches UN",
    "https://www.justiceinitiative.org/newsroom/kazakhstan-court-orders-damages-police-torture-case": "Kazakhstan court orders damages in police torture case",
    "https://www.justiceinitiative.org/voices/court-victory-over-torture-raises-hopes-kazakhstan": "Court victory over torture raises hopes in Kazakhstan",
    "https://www.justiceinitiative.org/voices/kazakh-court-again-orders-police-pay-torture-compensation": "Kazakh court again orders police to pay torture compensation",
    "https://bureau.kz/en/other_sources/article_4768/": "Article on Gerasimov v. Kazakhstan (KIBHR, article 4768)",
    "https://www.ecoi.net/de/dokument/1185609.html": "Report on the Gerasimov case: appeal court upholds the compensation award (ecoi.net)",
    "https://archiwum.hfhr.pl/en/2015-osce-human-dimension-implementation-meeting-2/": "2015 OSCE Human Dimension Implementation Meeting",
    "https://archiwum.hfhr.pl/en/joint-follow-up-submission-to-the-concluding-observations-of-the-united-nations-committee-against-torture-2014/": "Joint follow-up submission to the concluding observations of the UN Committee against Torture (2014)",
    "https://www.iphronline.org/tajikistan-follow-up-to-the-un-cat-concluding-observations-20150512.html": "Tajikistan: follow-up to the UN CAT concluding observations (12 May 2015)",
    "https://www.iphronline.org/tajikistan-informing-the-upr-working-group-prior-to-the-review-of-tajikistan.html": "Tajikistan: informing the UPR Working Group prior to the review of Tajikistan",
    "https://mutabar.org/en/2014/06/11069": "Article of June 2014 on Abdussamatov and others v. Kazakhstan",
    "https://www.rferl.org/a/un-chides-kazakhstan-on-uzbek-asylum-seekers/24620820.html": "UN chides Kazakhstan on Uzbek asylum seekers",
    "https://www.opensocietyfoundations.org/voices/case-watch-un-holds-kazakhstan-accountable-uighur-extradition-case": "Case watch: UN holds Kazakhstan accountable in Uighur extradition case",
    "https://docsbay.net/question-for-the-list-of-issues": "Question for the list of issues (on Kazakhstan)",
    "https://docsbay.net/by-the-commissioner-for-human-rights-ombudsman": "Document by the Commissioner for Human Rights (Ombudsman) of Kazakhstan",
    "https://espchhelp.ru/koon/blog-koon/5184-on-july-31-2017-the-case-was-won-in-the-un-committee-against-torture": "On 31 July 2017 the case was won in the UN Committee against Torture (Rakishev)",
    "https://ccprcentre.org/decision/17074": "Kulieva v. Tajikistan (CCPR 2707/2015) — case summary",
    "https://apt.ch/en/knowledge-hub/opcat-database/kazakhstan": "OPCAT database: Kazakhstan",
    "http://enews.fergananews.com/news.php?id=3670&mode=snews": "Kazakhstan cuts detention without a court sanction from 72 to 48 hours (December 2017)",
    "https://rus.baq.kz/v-proekte-novoy-konstitutsii-predlozheno-sokratit-srok-zaderzhaniya-podozrevaemyh-do-48-chasov-320014532/": "Draft new Constitution proposes cutting detention of suspects to 48 hours (in Russian)",
    "https://bnews.kz/en/news/onetime_compensations_to_be_paid_for_victims_since_2020_in_kazakhstan": "One-time compensations to be paid to victims from 2020 in Kazakhstan",
    "https://central.asia-news.com/en_GB/articles/cnmi_ca/features/2018/08/15/feature-02": "Feature of 15 Aug 2018 on Kazakhstan's Victims Compensation Fund",
    "https://en.odfoundation.eu/a/5465,kazakhstan-reform-of-the-criminal-legislation-endangers-human-rights/": "Kazakhstan: reform of the criminal legislation endangers human rights",
    "https://el.kz/en/amp/international-experts-in-geneva-considered-report-of-kazakhstan-in-committee-against-torture_73606": "International experts in Geneva considered the report of Kazakhstan in the Committee against Torture",
    "https://www.inform.kz/en/kazakh-gov-t-un-ngos-review-implementation-of-civil-political-rights_a2376621": "Kazakh government, UN and NGOs review implementation of civil and political rights",
    "https://astanatimes.com/?p=92557": "Kazakhstan's third Universal Periodic Review and its implementation plan 2020-2024",
    "https://forum-asia.org/?p=31258": "Statement at the adoption of Kazakhstan's third-cycle UPR outcome (FORUM-ASIA and Amnesty International)",
    "https://www.enbekshiqazaq.kz/en/news/380447-presentation-of-the-third-national-report-of.html": "Presentation of the third national UPR report of Kazakhstan",
    "https://qazinform.com/amp/un-human-rights-council-approves-kazakhstans-upr-report-81e6a1": "UN Human Rights Council approves Kazakhstan's UPR report",
    "https://shiawaves.com/english/news/world/asia/kazakhstan/117984-kazakhstan-urged-to-implement-un-human-rights-recommendations": "Kazakhstan urged to implement UN human rights recommendations",
    "https://shoroukexpress.com/united-nations-backs-kazakhstans-efforts-to-improve-human-rights": "United Nations backs Kazakhstan's efforts to improve human rights",
    "https://www.kt.kz/eng/international_affair/kazakhstan_and_bulgaria_intend_to_expand_trade_and_1377973891.html": "Kazakhstan and Bulgaria intend to expand trade and …",
    "https://asiaplus.news/en/news/tajikistan/power/20191016/tajikistan-toughens-punishment-for-torture": "Tajikistan toughens punishment for torture (16 Oct 2019)",
    "https://notorturetj.org/en/news/person-guilty-torture-must-be-prosecuted-fullest-extent-law": "A person guilty of torture must be prosecuted to the fullest extent of the law",
    "https://notorturetj.org/en/tjun/second-national-plan-implementation-recommendations-provided-countries-members-un-human-rights": "Second national plan to implement the UPR recommendations of UN member States (Tajikistan)",
    "https://upr-info.org/fr/node/2122": "Tajikistan, 1st UPR cycle: United States recommendation on freedom of expression and journalists",
    "https://www.gov.uk/government/news/uk-statement-on-tajikistan-at-the-25th-session-of-the-universal-periodic-review-geneva-2-13-may-2016": "UK statement on Tajikistan at the 25th session of the Universal Periodic Review, Geneva, 2-13 May 2016",
    "https://thediplomaticinsight.com/tajikistan-upr39-human-rights-review-session": "Tajikistan's review at the 39th UPR session",
    "https://www.dfat.gov.au/international-relations/themes/human-rights/universal-periodic-review/39th-session/universal-periodic-review-tajikistan-statement-australia-4-november-2021": "Universal Periodic Review of Tajikistan: statement by Australia (4 November 2021)",
    "https://bhr.tj/index.php/announcements/press-release-successful-completion-national-consultations-preparations-fourth-cycle": "Press release: national consultations to prepare the fourth UPR cycle completed",
}
# Decision facts whose main source is the text of the decision itself (on the OHCHR document
# store or a library copy): titled "<symbol> — <body>, <case> (communication <number>)".
DECISION_TEXTS = {
    "kaz-cat-441-2010-evloev",
    "kaz-cat-444-2010-abdussamatov",
    "kaz-cat-475-2011-nasirov",
    "kaz-cat-495-2012-nz",
    "kaz-cat-538-2013-tursunov",
    "kaz-cat-661-2015-rakishev",
    "kaz-ccpr-2146-2012-suleimenov",
    "kaz-ccpr-2104-2011-valetov",
    "kaz-ccpr-2137-2012-toregozhina",
    "kaz-ccpr-2688-2015-toregozhina2",
    "tjk-ccpr-1117-2002-khomidov",
    "tjk-ccpr-973-2001-khalilov",
    "tjk-ccpr-985-2001-aliboev",
    "tjk-ccpr-1044-2002-shukurova",
    "tjk-ccpr-2173-2012-boboev",
    "tjk-ccpr-2707-2015-kulieva",
    "tjk-ccpr-2680-2015-saidov",
}
BODY_NAMES = {"CAT": "Committee against Torture", "CCPR": "Human Rights Committee"}

# Symbols the facts' notes call assumed or inferred: records resting on them stay unverified
# and carry those notes.
INFERRED_SYMBOLS = {"CAT/C/TJK/CO/1", "A/HRC/43/10", "CCPR/C/79/D/1096/2002"}

FOLLOW_UP_DUE = {
    "CAT/C/KAZ/CO/3": (dt.date(2015, 11, 28), "date stated in the concluding observations (quoted by OMCT)"),
    "CAT/C/TJK/CO/3": (
        dt.date(2019, 5, 18),
        "inferred: one year after the end of the 63rd session; the date was not seen in the text",
    ),
    "CAT/C/KAZ/CO/4": (
        dt.date(2024, 5, 12),
        "inferred: one year after the end of the 76th session (12 May 2023); the date was not seen in the text",
    ),
}

RECOMMENDING_STATES = {"United States of America": "USA", "United Kingdom": "GBR", "Australia": "AUS"}
UPR_RESPONSES = {
    "accepted": UprResponse.SUPPORTED,
    "supported": UprResponse.SUPPORTED,
    "not accepted": UprResponse.NOTED,
    "rejected (noted)": UprResponse.NOTED,
    "noted": UprResponse.NOTED,
}
GRADES = {"partially implemented": "partially_implemented"}
ASSESSMENT_RATIONALE = (
    "In the list of issues for the 4th report the Committee considers the three follow-up recommendations partially implemented"
)


@dataclass(frozen=True)
class Paragraph:
    """A CO paragraph that a review fact describes, with no follow_up_item fact of its own."""

    fact: str
    paragraph: str
    title: str | None
    text: str
    themes: tuple[str, ...] = ()
    follow_up: bool = False
    notes: str | None = None
    also_from: tuple[str, ...] = ()
    unverified: bool = False
    #: The paragraphs followed together as this one item (its own among them), where there are several.
    covers: tuple[str, ...] = ()


TJK_CO2_FOLLOW_UP = (
    "Follow-up set (paras 8, 9, 11, 14, 15) as cited by the Amnesty/Coalition joint follow-up "
    "submission (2014); not seen in the CO text itself."
)
KAZ_CO4_PARA_10 = (
    "Follow-up selection inferred from the structure of Kazakhstan's follow-up reply (received 13 May 2024), "
    "which answers 'paragraph 10' with a bill on penalties for torture; the CO's own follow-up list and this "
    "paragraph's wording were not retrieved."
)
KAZ_CO4_PARAS_11_15 = (
    "Follow-up selection inferred from the structure of Kazakhstan's follow-up reply (received 13 May 2024), "
    "which answers 'paragraphs 11-15' together (free legal aid, 24-hour defence-counsel rules); the CO's own "
    "follow-up list and the paragraphs' wording were not retrieved."
)
TJK_CCPR_CO2_PARAS = (
    "Paragraph number from CCPR/C/TJK/3: Tajikistan sent interim follow-up information on paras 16, 18 and 23 "
    "on 30 Mar 2015, and a National Plan 2014-2016 on these recommendations was approved 23 Jul 2014. "
    "The paragraph's wording was not retrieved."
)
TJK_CO3_PARAS_13_14 = (
    "The facts describe paras 13 and 14 together (low penalties, statute of limitations and amnesty), so they are "
    "followed as one item; which paragraph says what was not retrieved."
)
KAZ_CO4_PARAS_11_15_TEXT = (
    "Paragraphs 11 to 15 of CAT/C/KAZ/CO/4, followed together as one item because Kazakhstan's follow-up reply "
    "answers them as one block on fundamental legal safeguards and legal aid; the content of each paragraph was "
    "not retrieved."
)

DESCRIBED_PARAGRAPHS = [
    Paragraph(
        "tjk-cat-co2",
        "6",
        "penalties for torture",
        "Penalties in new art 143-1 (5 years or less) not commensurate.",
        ("penalties for torture",),
    ),
    Paragraph("tjk-cat-co2", "7", "amnesty", "2011 Amnesty Law let torture convicts benefit (Bachajonov case).", ("amnesty",)),
    Paragraph(
        "tjk-cat-co2",
        "8",
        "legal safeguards",
        "CPC 2010 safeguards (registration within 3 hours) not applied in practice.",
        ("legal safeguards",),
        follow_up=True,
        notes=TJK_CO2_FOLLOW_UP,
    ),
    Paragraph("tjk-cat-co2", "9", "impunity", "Combat impunity.", ("impunity",), follow_up=True, notes=TJK_CO2_FOLLOW_UP),
    Paragraph("tjk-cat-co3", "8", "impunity", "Reiterates CAT/C/TJK/CO/2 para 9 on impunity.", ("impunity",)),
    Paragraph(
        "tjk-cat-co3",
        "13",
        "penalties, statute of limitations and amnesty",
        "Low penalties, statute of limitations and amnesty.",
        ("penalties for torture", "amnesty"),
        notes=TJK_CO3_PARAS_13_14,
        covers=("13", "14"),
    ),
    Paragraph(
        "kaz-cat-co4",
        "10",
        "definition and penalties for torture",
        "Definition and penalties for torture.",
        ("definition and penalties for torture",),
        follow_up=True,
        notes=KAZ_CO4_PARA_10,
        also_from=("kaz-cat-co4-fu-reply-2024",),
        unverified=True,
    ),
    Paragraph(
        "kaz-cat-co4",
        "11",
        "fundamental legal safeguards and legal aid",
        KAZ_CO4_PARAS_11_15_TEXT,
        ("fundamental legal safeguards", "legal aid"),
        follow_up=True,
        notes=KAZ_CO4_PARAS_11_15,
        also_from=("kaz-cat-co4-fu-reply-2024",),
        unverified=True,
        covers=("11", "12", "13", "14", "15"),
    ),
    # No fact gives the subject of these paragraphs, so they have no title; each text names its own paragraph.
    *(
        Paragraph(
            "tjk-ccpr-co2",
            number,
            None,
            f"Paragraph {number} of CCPR/C/TJK/CO/2, selected for follow-up; its wording was not retrieved.",
            follow_up=True,
            notes=TJK_CCPR_CO2_PARAS,
        )
        for number in ("16", "18", "23")
    ),
]

# Paragraphs that NGOs name as follow-up paragraphs but whose content the facts do not give:
# kept as a group on the review rather than as items with no text.
PARAGRAPH_GROUPS = {
    "tjk-cat-co2": RecommendationGroup(
        title="Follow-up paragraphs whose content was not retrieved",
        numbers=["11", "14", "15"],
        summary="NGOs (Amnesty/Coalition joint follow-up submission, 2014) cite paras 8, 9, 11, 14 and 15 as the "
        "follow-up set; the content of paras 11, 14 and 15 was not retrieved.",
    ),
}


@dataclass(frozen=True)
class UprItem:
    """UPR recommendations of one fact followed as one item, under its first number."""

    title: str
    text: str  # {numbers}: the fact's numbers
    count: int  # how many numbers the text says there are
    notes: str


# A numbered UPR fact is either one item covering all its numbers (one paraphrase for the lot,
# individual texts not retrieved) or a recommendation group on its review (NUMBERED_GROUPS).
UPR_ITEMS = {
    "kaz-upr-c1-95x-nhri": UprItem(
        title="Ombudsman in line with the Paris Principles",
        text="The Ombudsman's compliance with the Paris Principles: twelve accepted recommendations to this effect "
        "({numbers}) are followed together as one item; their individual texts were not retrieved.",
        count=12,
        notes="The 2014 national report (A/HRC/WG.6/20/KAZ/1 para 6) says the Ombudsman received 'B' status in 2012.",
    ),
}
NUMBERED_GROUPS = {
    "kaz-upr-c1-97x-not-accepted": "Recommendations not accepted (texts not retrieved)",
}

# Decisions whose facts say a violation was found, with the facts' words for it.
VIOLATION_FOUND = {
    "kaz-cat-433-2010-gerasimov": "CAT found torture and failure to investigate",
    "kaz-cat-441-2010-evloev": "Violation of art 1 read with art 2(1)",
    "kaz-cat-444-2010-abdussamatov": "Violation of art 3",
    "kaz-cat-497-2012-bairamov": "CAT found violations in May 2014",
    "kaz-ccpr-2137-2012-toregozhina": "Violations of arts 9, 19 and 21",
    "tjk-ccpr-1096-2002-kurbanov": "Violations of arts 6, 7",
    "tjk-ccpr-2707-2015-kulieva": "HRC found violations of arts 6(1) and 7",
}

# One entry per remedy phrase of the facts, in their order; a phrase asking for two things
# becomes two remedies so that each can be followed on its own.
REMEDY_KINDS = {
    "kaz-cat-433-2010-gerasimov": [["compensation"], ["investigation"], ["non_repetition"]],
    "kaz-cat-441-2010-evloev": [["investigation"], ["compensation", "rehabilitation"], ["non_repetition"]],
    "kaz-cat-444-2010-abdussamatov": [["compensation"], ["return_or_protection"]],
    "kaz-ccpr-2137-2012-toregozhina": [["retrial_or_release"], ["compensation"]],
    "tjk-ccpr-1096-2002-kurbanov": [["compensation"], ["retrial_or_release"]],
}
REMEDIES_IN_SUMMARY = {
    "tjk-ccpr-2680-2015-saidov": [("retrial_or_release", "quash the sentence")],
}
REMEDY_NOTES = {
    ("kaz-cat-441-2010-evloev", "compensation"): "One phrase of the decision asks for both compensation and rehabilitation.",
    ("kaz-cat-441-2010-evloev", "rehabilitation"): "One phrase of the decision asks for both compensation and rehabilitation.",
    ("kaz-ccpr-2137-2012-toregozhina", "retrial_or_release"): "Review of conviction, recorded under the nearest kind.",
    ("tjk-ccpr-2680-2015-saidov", "retrial_or_release"): "Quashing the sentence, recorded under the nearest kind.",
}
REMEDY_LABELS = {
    "investigation": "investigation",
    "compensation": "compensation",
    "rehabilitation": "rehabilitation",
    "non_repetition": "non-repetition",
    "retrial_or_release": "retrial or release",
    "return_or_protection": "return or protection",
}


def co(symbol: str, *paragraphs: str) -> list[str]:
    return [ids.recommendation_id(symbol, p) for p in paragraphs]


def remedy(body: str, communication: str, kind: str) -> str:
    return ids.remedy_id(ids.decision_id(body, communication), kind)


def links(items: Iterable[str], effect: Effect, note: str) -> list[ItemLink]:
    return [ItemLink(item=item, effect=effect, note=note) for item in items]


STATE_REPLY = "State reply; content not assessed here"
# A plan is linked so that it shows on the item's timeline, but adopting one implements nothing yet.
PLAN = "a plan is not counted as implementation"
KAZ_CO3_ITEMS = co("CAT/C/KAZ/CO/3", "8", "10", "13", "15")
KAZ_CO4_ITEMS = co("CAT/C/KAZ/CO/4", "10", "11")  # para 11 is the item for paras 11-15
TJK_CO2_ITEMS = co("CAT/C/TJK/CO/2", "6", "7", "8", "9")
TJK_CO2_FOLLOW_UP_ITEMS = co("CAT/C/TJK/CO/2", "8", "9")
TJK_CO3_ITEMS = co("CAT/C/TJK/CO/3", "8", "10", "13", "18", "46")  # para 13 is the item for paras 13-14
TJK_CO3_FOLLOW_UP_ITEMS = co("CAT/C/TJK/CO/3", "10", "18", "46")
TJK_CCPR_CO2_ITEMS = co("CCPR/C/TJK/CO/2", "16", "18", "23")
KAZ_UPR1_NHRI_ITEMS = [ids.upr_recommendation_id("A/HRC/14/10", "95.5")]  # the one item for the twelve 95.x numbers

GERASIMOV_DEFENDANT = "Kostanay regional police department (Interior Ministry)"


@dataclass(frozen=True)
class Action:
    """How one action is recorded; title, description and sources default to the fact's own."""

    fact: str
    kind: ActionKind
    date: str | None = None
    precision: DatePrecision | None = None
    title: str | None = None
    description: str | None = None
    actor: str | None = None
    place: str | None = None
    legal_reference: str | None = None
    court: CourtRuling | None = None
    appeal_of: str | None = None
    amounts: Amounts | None = None
    outcome: str | None = None
    #: The body a reply or statement was addressed to: it then counts as the State's reply on linked items of that body.
    addressed_to: Body | None = None
    links: list[ItemLink] = field(default_factory=list)
    main_source_only: bool = False
    extra_sources: tuple[str, ...] = ()
    notes: str | None = None
    fact_notes: bool = True
    unverified: bool = False


ACTIONS = [
    Action(
        "kaz-act-2013-11-gerasimov-award",
        ActionKind.COURT_RULING,
        precision=DatePrecision.MONTH,
        actor="Kostanay City Court",
        place="Kostanay",
        court=CourtRuling(
            name="Kostanay City Court",
            instance=CourtInstance.FIRST,
            claimant="Alexander Gerasimov",
            defendant=GERASIMOV_DEFENDANT,
            outcome=CourtOutcome.PARTLY_GRANTED,
        ),
        amounts=Amounts(currency="KZT", awarded=Decimal(2000000)),
        links=links(
            [remedy("CAT", "433/2010", "compensation")], Effect.PARTIAL, "2,000,000 KZT awarded, below the expert-recommended sum"
        ),
        notes="Month precision: the facts date the ruling to November 2013 only; 21 Nov 2013 is the press release.",
        fact_notes=False,
    ),
    Action(
        "kaz-act-2014-01-23-gerasimov-appeal",
        ActionKind.COURT_RULING,
        actor="Kostanay Regional Court",
        place="Kostanay",
        court=CourtRuling(
            name="Kostanay Regional Court",
            instance=CourtInstance.APPEAL,
            claimant="Alexander Gerasimov",
            defendant=GERASIMOV_DEFENDANT,
            outcome=CourtOutcome.UPHELD,
        ),
        appeal_of="kaz-act-2013-11-gerasimov-award",
        amounts=Amounts(currency="KZT", awarded=Decimal(2000000)),
        links=links(
            [remedy("CAT", "433/2010", "compensation")],
            Effect.PARTIAL,
            "the 2,000,000 KZT award upheld in full on the police's appeal",
        ),
    ),
    Action("kaz-act-2013-07-02-npm-law", ActionKind.LEGISLATION_ADOPTED, legal_reference="Law No. 111-V"),
    Action(
        "kaz-act-2014-criminal-code",
        ActionKind.LEGISLATION_ADOPTED,
        legal_reference="Criminal Code, No. 226-V of 3 Jul 2014 (art 146)",
        notes="Dated by entry into force; signed 3 Jul 2014.",
    ),
    Action(
        "kaz-act-2014-cpc",
        ActionKind.LEGISLATION_ADOPTED,
        legal_reference="Code of Criminal Procedure, No. 231-V of 4 Jul 2014",
        links=links(
            co("CAT/C/KAZ/CO/3", "15"),
            Effect.ADVANCES,
            "Kazakhstan cites the investigating-judge reform as its response (CAT/C/SR.1998); not assessed by the Committee",
        ),
        notes="Dated by entry into force; signed 4 Jul 2014.",
    ),
    Action(
        "kaz-act-2017-12-detention-48h",
        ActionKind.LEGISLATION_AMENDED,
        legal_reference="Code of Criminal Procedure",
        unverified=True,
        notes="Unverified because a later statement conflicts with it (see the description).",
    ),
    Action("kaz-act-2018-victims-fund", ActionKind.LEGISLATION_ADOPTED, legal_reference="Law No. 131-VI of 10 Jan 2018"),
    Action("kaz-act-2022-amnesty", ActionKind.LEGISLATION_ADOPTED, legal_reference="Law No. 152-VII of 2 Nov 2022"),
    # Dated 2023-03 (month precision) as the facts date it. No earlier recommendation of Kazakhstan on the
    # definition of torture or its penalties is in the facts with a paragraph or number, so there is nothing
    # for it to advance; CAT/C/KAZ/CO/4 para 10 came after it (10 May 2023) and welcomed it (para 6(a)).
    Action(
        "kaz-act-2023-torture-amendments",
        ActionKind.LEGISLATION_AMENDED,
        legal_reference="Criminal Code art 63(6)",
        links=links(co("CAT/C/KAZ/CO/4", "10"), Effect.NO_EFFECT, "adopted before this recommendation; welcomed in para. 6(a)"),
    ),
    Action("kaz-act-2020-upr-plan", ActionKind.POLICY_OR_PLAN),
    Action(
        "tjk-act-2012-02-29-art143-1",
        ActionKind.LEGISLATION_AMENDED,
        actor="Majlisi Namoyandagon",
        legal_reference="Criminal Code art 143-1",
    ),
    Action(
        "tjk-act-2019-2020-art143-1-penalties",
        ActionKind.LEGISLATION_AMENDED,
        actor="Majlisi Namoyandagon",
        legal_reference="Criminal Code art 143-1",
        links=[
            *links(
                co("CAT/C/TJK/CO/2", "6"),
                Effect.ADVANCES,
                "penalties raised, as the Justice Minister linked to CAT recommendations",
            ),
            *links(
                co("CAT/C/TJK/CO/3", "13"),
                Effect.PARTIAL,
                "penalties raised; statute of limitations and amnesty not addressed (CAT/C/TJK/Q/4 still asks about limitation)",
            ),
        ],
        notes="Dated by approval in the lower chamber; in force 2020.",
    ),
    Action("tjk-act-2014-11-27-cpc479", ActionKind.LEGISLATION_AMENDED, legal_reference="Code of Criminal Procedure art 479"),
    Action(
        "tjk-act-2016-03-30-de-facto-detention",
        ActionKind.LEGISLATION_AMENDED,
        legal_reference="Code of Criminal Procedure; law on custody",
    ),
    Action(
        "tjk-act-2019-01-24-cat-nap",
        ActionKind.POLICY_OR_PLAN,
        actor="Government Commission on International Human Rights Obligations",
        links=links(
            TJK_CO3_ITEMS, Effect.NO_EFFECT, f"national plan on the CAT recommendations, reported in CAT/C/TJK/FCO/3; {PLAN}"
        ),
    ),
    Action("tjk-act-2017-06-07-upr-nap", ActionKind.POLICY_OR_PLAN, actor="President of Tajikistan (decree)"),
    Action(
        "tjk-act-2017-04-03-khakimov-conviction",
        ActionKind.CONVICTION,
        actor="Sino district court",
        place="Dushanbe",
        legal_reference="Criminal Code art 143-1",
        outcome="3 years 6 months' imprisonment",
    ),
    Action(
        "tjk-act-2013-08-15-cat-action-plan",
        ActionKind.POLICY_OR_PLAN,
        actor="Deputy Prime Minister Matlubkhon Davlatov, chair of the Government Commission",
        links=links(
            TJK_CO2_ITEMS,
            Effect.NO_EFFECT,
            f"action plan on the 2012 CAT recommendations, criticised by NGOs for lack of consultation and indicators; {PLAN}",
        ),
    ),
    # Actions that the follow-up, review and decision facts report in passing.
    Action(
        "kaz-cat-co3-fu-reply-2015",
        ActionKind.FOLLOW_UP_REPLY_SUBMITTED,
        actor="Government of Kazakhstan",
        addressed_to=Body.CAT,
        description="Kazakhstan submitted its follow-up information on 20 Nov 2015 (before the 28 Nov 2015 deadline).",
        links=links(KAZ_CO3_ITEMS, Effect.NO_EFFECT, STATE_REPLY),
    ),
    Action(
        "kaz-cat-co3-fu-reply-2015",
        ActionKind.CIVIL_SOCIETY_REPORT,
        date="2016-02-25",
        actor="OMCT, KIBHR and IPHR",
        title="OMCT, KIBHR and IPHR alternative follow-up report on CAT/C/KAZ/CO/3",
        description="OMCT, KIBHR and IPHR filed an alternative follow-up report arguing the concerns remained valid.",
        links=links(KAZ_CO3_ITEMS, Effect.NO_EFFECT, "NGO alternative report: argues the concern remains valid"),
        fact_notes=False,
    ),
    Action(
        "kaz-cat-co4-fu-reply-2024",
        ActionKind.FOLLOW_UP_REPLY_SUBMITTED,
        actor="Government of Kazakhstan",
        addressed_to=Body.CAT,
        links=links(KAZ_CO4_ITEMS, Effect.NO_EFFECT, STATE_REPLY),
        notes="Dated by receipt.",
    ),
    Action(
        "kaz-cat-sr1998",
        ActionKind.STATEMENT,
        actor="Delegation of Kazakhstan",
        addressed_to=Body.CAT,
        title="Kazakhstan's delegation to CAT presents investigating-judge reforms as its response to CAT/C/KAZ/CO/3 para 15",
        links=links(co("CAT/C/KAZ/CO/3", "15"), Effect.NO_EFFECT, "State's account in the dialogue; content not assessed here"),
        notes="Recorded in the summary record CAT/C/SR.1998.",
    ),
    Action(
        "tjk-cat-co2-fu-reply",
        ActionKind.FOLLOW_UP_REPLY_SUBMITTED,
        actor="Government of Tajikistan",
        addressed_to=Body.CAT,
        title="Tajikistan interim follow-up information on CAT/C/TJK/CO/2 (CAT/C/TJK/CO/2/Add.1)",
        description="Interim follow-up information sent 9 Jan 2014 (posted on OHCHR site Feb 2014).",
        links=links(TJK_CO2_FOLLOW_UP_ITEMS, Effect.NO_EFFECT, STATE_REPLY),
        main_source_only=True,
    ),
    Action(
        "tjk-cat-co2-fu-reply",
        ActionKind.CIVIL_SOCIETY_REPORT,
        date="2014-04",
        actor="Amnesty International and the Coalition against Torture",
        title="Joint NGO follow-up submission on CAT/C/TJK/CO/2",
        description="NGO follow-up submission of April 2014 on the concluding observations.",
        main_source_only=True,
        extra_sources=(
            "https://archiwum.hfhr.pl/en/joint-follow-up-submission-to-the-concluding-observations-of-the-united-nations-committee-against-torture-2014/",
        ),
        links=links(TJK_CO2_FOLLOW_UP_ITEMS, Effect.NO_EFFECT, "NGO follow-up submission; content not assessed here"),
        notes="Authors as named in the CAT/C/TJK/CO/2 fact ('Amnesty/Coalition joint follow-up submission (2014)').",
    ),
    Action(
        "tjk-cat-co2-fu-reply",
        ActionKind.CIVIL_SOCIETY_REPORT,
        date="2015-05-11",
        title="NGO follow-up submission on CAT/C/TJK/CO/2 (11 May 2015)",
        description="NGO follow-up submission of 11 May 2015 on the concluding observations.",
        main_source_only=True,
        extra_sources=("https://www.iphronline.org/tajikistan-follow-up-to-the-un-cat-concluding-observations-20150512.html",),
        links=links(TJK_CO2_FOLLOW_UP_ITEMS, Effect.NO_EFFECT, "NGO follow-up submission; content not assessed here"),
        notes="Submitting organisations not named in the facts.",
    ),
    Action(
        "tjk-cat-fco3",
        ActionKind.FOLLOW_UP_REPLY_SUBMITTED,
        actor="Government of Tajikistan",
        addressed_to=Body.CAT,
        title="Information received from Tajikistan on follow-up to CAT/C/TJK/CO/3 (CAT/C/TJK/FCO/3)",
        links=links(TJK_CO3_FOLLOW_UP_ITEMS, Effect.NO_EFFECT, STATE_REPLY),
        notes="Dated by receipt.",
    ),
    Action(
        "tjk-cat-fu-letter-2022",
        ActionKind.COMMITTEE_COMMUNICATION,
        actor="Committee against Torture, Rapporteur for follow-up",
        title="CAT Rapporteur for follow-up writes to Tajikistan on CAT/C/TJK/CO/3",
        description="The Rapporteur for follow-up wrote to Tajikistan on 4 May 2022.",
        links=links(TJK_CO3_FOLLOW_UP_ITEMS, Effect.NO_EFFECT, "Rapporteur's letter; content not assessed here"),
    ),
    Action(
        "tjk-cat-fu-letter-2022",
        ActionKind.FOLLOW_UP_REPLY_SUBMITTED,
        date="2022-07-25",
        actor="Government of Tajikistan",
        addressed_to=Body.CAT,
        title="Tajikistan replies to the CAT Rapporteur for follow-up on CAT/C/TJK/CO/3",
        description="Tajikistan replied on 25 Jul 2022 to the Rapporteur's letter of 4 May 2022.",
        links=links(TJK_CO3_FOLLOW_UP_ITEMS, Effect.NO_EFFECT, STATE_REPLY),
    ),
    Action(
        "tjk-ccpr-co2",
        ActionKind.FOLLOW_UP_REPLY_SUBMITTED,
        date="2015-03-30",
        actor="Government of Tajikistan",
        addressed_to=Body.CCPR,
        title="Tajikistan interim follow-up information on CCPR/C/TJK/CO/2",
        description="Tajikistan sent interim follow-up information on 30 Mar 2015 on paras 16, 18 and 23.",
        links=links(TJK_CCPR_CO2_ITEMS, Effect.NO_EFFECT, STATE_REPLY),
    ),
    Action(
        "tjk-ccpr-co2",
        ActionKind.POLICY_OR_PLAN,
        date="2014-07-23",
        actor="Government of Tajikistan",
        title="National Plan 2014-2016 on the recommendations of CCPR/C/TJK/CO/2",
        description="A National Plan 2014-2016 on the follow-up recommendations (paras 16, 18 and 23) was approved 23 Jul 2014.",
        links=links(TJK_CCPR_CO2_ITEMS, Effect.NO_EFFECT, f"national plan on these recommendations; {PLAN}"),
    ),
    Action(
        "tjk-upr-c1",
        ActionKind.POLICY_OR_PLAN,
        date="2013-04-03",
        actor="President of Tajikistan",
        title="National Plan 2013-2015 on 1st-cycle UPR recommendations",
        description="National Plan 2013-2015 approved by presidential decision 3 Apr 2013.",
        notes="Not linked: the 1st-cycle recommendations of Tajikistan are not loaded one by one.",
    ),
    Action(
        "tjk-upr-c3",
        ActionKind.CIVIL_SOCIETY_REPORT,
        date="2021-03",
        actor="Coalition against Torture, IPHR, HFHR",
        title="NGO submissions for the 3rd UPR cycle of Tajikistan",
        description="NGO submissions (Coalition against Torture, IPHR, HFHR) filed March 2021.",
        fact_notes=False,
    ),
    Action(
        "kaz-upr-c1-95x-nhri",
        ActionKind.STATE_REPORT_SUBMITTED,
        date="2014",
        actor="Government of Kazakhstan",
        addressed_to=Body.UPR,
        title="Kazakhstan national report for the 2nd UPR cycle (A/HRC/WG.6/20/KAZ/1)",
        description="The 2014 national report reports on the accepted 1st-cycle recommendations; para 6 says the "
        "Ombudsman received 'B' status in 2012.",
        links=links(KAZ_UPR1_NHRI_ITEMS, Effect.NO_EFFECT, "State report; content not assessed here"),
        notes="Dated by year only: the facts call it the 2014 national report and its submission date was not "
        "retrieved. That it was submitted is certain: the facts read its para 6, and the second review took "
        "place on 30 Oct 2014 (A/HRC/28/10).",
    ),
    Action(
        "kaz-ccpr-2137-2012-toregozhina",
        ActionKind.COURT_RULING,
        date="2015",
        title="Courts reject Toregozhina's claims against the Ministry of Finance and the police",
        description="Prosecutor General advised court action; claims against Ministry of Finance and police rejected. "
        "Follow-up litigation in 2015 failed (courts, Ministry of Finance refused reimbursement).",
        outcome="claims rejected",
        links=links(
            [remedy("CCPR", "2137/2012", "compensation")], Effect.NO_EFFECT, "claims for compensation and reimbursement rejected"
        ),
        notes="Courts and exact dates not named in the facts.",
        fact_notes=False,
    ),
    Action(
        "tjk-ccpr-2680-2015-saidov",
        ActionKind.STATEMENT,
        date="2019-07-03",
        actor="Delegation of Tajikistan",
        addressed_to=Body.CCPR,
        title="Tajikistan tells the Human Rights Committee that quashing Zaid Saidov's sentence lacks a legal basis",
        description="In July 2019 Tajikistan told the HRC its call to quash the sentence lacked a legal basis under "
        "Tajik law (non-implementation).",
        links=links([remedy("CCPR", "2680/2015", "retrial_or_release")], Effect.REGRESSES, "explicit rejection of the remedy"),
        notes="Recorded in the summary record CCPR/C/SR.3612 (3 Jul 2019).",
    ),
]

# Facts that give no record, and why; tracker/seed/README.md repeats these.
NOT_LOADED = {
    "kaz-act-bairamov-award": "no date (probably 2014-2015); an action needs one",
    "tjk-cat-art22-status": "absence of evidence only",
}


class Seed:
    """The facts, and the records built from them in file order."""

    def __init__(self, facts: list[Fact]) -> None:
        self.facts = {fact["id"]: fact for fact in facts}
        self.used: set[str] = set()
        self.reviews: list[ReviewRecord] = []
        self.documents: list[DocumentRecord] = []
        self.decisions: list[DecisionRecord] = []
        self.recommendations: list[RecommendationRecord] = []
        self.remedies: list[RemedyRecord] = []
        self.actions: list[ActionRecord] = []
        self.assessments: list[AssessmentRecord] = []

    def fact(self, fact_id: str) -> Fact:
        self.used.add(fact_id)
        return self.facts[fact_id]

    def of_type(self, record_type: str) -> list[Fact]:
        return [self.fact(i) for i, f in self.facts.items() if f["record_type"] == record_type]

    def records(self) -> list[Record]:
        return [
            *self.reviews,
            *self.documents,
            *self.decisions,
            *self.recommendations,
            *self.remedies,
            *self.actions,
            *self.assessments,
        ]


def build(facts: list[Fact]) -> list[Record]:
    seed = Seed(facts)
    source_titles(seed)
    treaty_body_reviews(seed)
    follow_up_documents(seed)
    visit_reports(seed)
    upr_reviews(seed)
    national_reports(seed)
    described_paragraphs(seed)
    follow_up_items(seed)
    upr_recommendations(seed)
    decisions(seed)
    actions(seed)
    assessments(seed)
    seed.recommendations.sort(key=lambda r: (document_order(seed, r.document), paragraph_order(r.paragraph)))
    seed.actions.sort(key=lambda a: (a.state, a.date, a.kind.value, a.title))
    for fact_id in NOT_LOADED:
        seed.fact(fact_id)
    unaccounted = set(seed.facts) - seed.used
    if unaccounted:
        raise SystemExit(f"facts neither loaded nor listed in NOT_LOADED: {sorted(unaccounted)}")
    records = seed.records()
    cited = {source.url for record in records for source in getattr(record, "sources", [])}
    if stale := sorted(set(TITLES) - cited):
        raise SystemExit(f"titles for addresses no record cites: {stale}")
    return records


def treaty_body_reviews(seed: Seed) -> None:
    for fact in seed.of_type("treaty_body_review"):
        symbol, dates, details = fact["symbol"], fact["dates"], fact["details"]
        body = Body(fact["mechanism"])
        cycle = int(re.search(r"/CO/(\d+)$", symbol)[1])
        review_id = ids.review_id(body, fact["country"], cycle)
        considered = dates.get("considered") or []
        adopted = full_date(dates.get("adopted")) or full_date(fact["date"])
        session = session_label(dates.get("session"))
        due, due_basis = FOLLOW_UP_DUE.get(symbol, (None, None))
        review_notes = [f"Meetings: {details['meetings']}." if "meetings" in details else None]
        if "rapporteurs" in details:
            review_notes.append(f"Country rapporteurs: {', '.join(details['rapporteurs'])}.")
        if symbol in INFERRED_SYMBOLS:
            review_notes.append(fact["notes"])
        seed.reviews.append(
            ReviewRecord(
                body=body,
                state=fact["country"],
                cycle=cycle,
                reviewed_on=full_date(considered[0]) if considered else None,
                adopted_on=adopted,
                session=session,
                document=symbol,
                recommendation_groups=[PARAGRAPH_GROUPS[fact["id"]]] if fact["id"] in PARAGRAPH_GROUPS else [],
                sources=sources(fact),
                verification=verification(fact),
                notes=joined(review_notes),
            )
        )
        seed.documents.append(
            DocumentRecord(
                symbol=symbol,
                body=body,
                state=fact["country"],
                kind=DocumentKind.CONCLUDING_OBSERVATIONS,
                title=fact["title"],
                adopted_on=adopted,
                published_on=full_date(dates.get("distributed")),
                session=session,
                review=review_id,
                follow_up_due=due,
                follow_up_due_basis=due_basis,
                summary=fact["summary"],
                sources=sources(fact),
                verification=verification(fact, symbol=symbol),
                notes=fact["notes"],
            )
        )


def follow_up_documents(seed: Seed) -> None:
    add_on = seed.fact("tjk-cat-co2-fu-reply")
    seed.documents.append(
        DocumentRecord(
            symbol=add_on["symbol"],
            body=Body.CAT,
            state="TJK",
            kind=DocumentKind.FOLLOW_UP_REPLY,
            title=add_on["title"],
            published_on=dt.date(2014, 2, 5),
            review=ids.review_id(Body.CAT, "TJK", 2),
            summary="Interim follow-up information sent 9 Jan 2014 (posted on OHCHR site Feb 2014).",
            sources=sources(add_on),
            verification=verification(add_on),
            notes=joined(["Sent 9 Jan 2014; posting date 5 Feb 2014 per HFHR.", add_on["notes"]]),
        )
    )
    fco = seed.fact("tjk-cat-fco3")
    seed.documents.append(
        DocumentRecord(
            symbol=fco["symbol"],
            body=Body.CAT,
            state="TJK",
            kind=DocumentKind.FOLLOW_UP_REPLY,
            title=fco["title"],
            published_on=full_date(fco["dates"]["distributed"]),
            review=ids.review_id(Body.CAT, "TJK", 3),
            summary=fco["summary"],
            sources=sources(fco),
            verification=verification(fco),
            notes=f"Received {fco['dates']['received']}.",
        )
    )
    letter = seed.fact("tjk-cat-fu-letter-2022")
    seed.documents.append(
        DocumentRecord(
            symbol=letter["symbol"],
            body=Body.CAT,
            state="TJK",
            kind=DocumentKind.LIST_OF_ISSUES,
            title="List of issues for the 4th report of Tajikistan",
            published_on=full_date(letter["dates"]["assessment_published"]),
            summary="In the list of issues for the 4th report the Committee considers the three follow-up recommendations of "
            "CAT/C/TJK/CO/3 (paras 10, 18, 46) partially implemented; it also asks "
            f"{letter['details']['also_asks']}.",
            sources=sources(letter),
            verification=verification(letter),
            notes="Also summarises the Rapporteur's letter of 4 May 2022 and Tajikistan's reply of 25 Jul 2022.",
        )
    )
    record = seed.fact("kaz-cat-sr1998")
    seed.documents.append(
        DocumentRecord(
            symbol=record["symbol"],
            body=Body.CAT,
            state="KAZ",
            kind=DocumentKind.SUMMARY_RECORD,
            title=record["title"],
            session=session_label(seed.facts["kaz-cat-co4"]["dates"]["session"]),
            review=ids.review_id(Body.CAT, "KAZ", 4),
            summary=record["summary"],
            sources=sources(record),
            verification=verification(record),
            notes="Meeting of 3 May 2023 (consideration of the 4th report).",
        )
    )


def visit_reports(seed: Seed) -> None:
    for fact in seed.of_type("institutional_context"):
        if fact["id"] in NOT_LOADED:
            continue
        visit = fact["dates"].get("visit")
        seed.documents.append(
            DocumentRecord(
                symbol=fact["symbol"],
                body=Body(fact["mechanism"]),
                state=fact["country"],
                kind=DocumentKind.VISIT_REPORT,
                title=fact["title"],
                published_on=full_date(fact["dates"].get("distributed")),
                summary=fact["summary"],
                sources=sources(fact),
                verification=verification(fact),
                notes=f"Visit {visit[0]} to {visit[1]}." if visit else "Adoption and transmittal dates not retrieved.",
            )
        )


def upr_reviews(seed: Seed) -> None:
    groups = [f for f in seed.of_type("upr_recommendation") if not f["paragraphs"] or f["id"] in NUMBERED_GROUPS]
    placed: set[str] = set()
    for fact in seed.of_type("upr_review"):
        dates, details = fact["dates"], fact["details"]
        cycle = int(re.search(r"(\d)(?:st|nd|rd|th) cycle", fact["title"])[1])
        symbol = fact["symbol"]
        session = session_label(dates.get("wg_session"), prefix="UPR Working Group, ")
        counts = {
            name: details[key]
            for name, key in (
                ("recommendations", "recommendations_total"),
                ("supported", "supported"),
                ("supported", "accepted"),
                ("noted", "noted"),
            )
            if isinstance(details.get(key), int)
        }
        mine = [g for g in groups if of_review(g, fact)]
        placed.update(g["id"] for g in mine)
        seed.reviews.append(
            ReviewRecord(
                body=Body.UPR,
                state=fact["country"],
                cycle=cycle,
                reviewed_on=full_date(dates.get("review")),
                adopted_on=full_date(dates.get("hrc_adoption")),
                session=session,
                document=symbol,
                summary=fact["summary"],
                counts=counts,
                recommendation_groups=[recommendation_group(g) for g in mine],
                # A group has no sources of its own, so the review carries them.
                sources=sources(fact, *mine),
                verification=verification(fact),
                notes=joined(upr_review_notes(fact)),
            )
        )
        if symbol:
            seed.documents.append(
                DocumentRecord(
                    symbol=symbol,
                    body=Body.UPR,
                    state=fact["country"],
                    kind=DocumentKind.UPR_OUTCOME,
                    title=f"{fact['title']}: report of the Working Group",
                    adopted_on=full_date(dates.get("wg_adoption")),
                    published_on=full_date(dates.get("distributed")),
                    session=session,
                    review=ids.review_id(Body.UPR, fact["country"], cycle),
                    sources=sources(fact),
                    verification=verification(fact, symbol=symbol),
                    notes=fact["notes"] if symbol in INFERRED_SYMBOLS else None,
                )
            )
    if unplaced := {g["id"] for g in groups} - placed:
        raise SystemExit(f"recommendation groups with no review: {sorted(unplaced)}")


def of_review(group: Fact, review: Fact) -> bool:
    """A group belongs to the review of its report symbol or, without one, of its State and date."""
    if review["symbol"]:
        return group["symbol"] == review["symbol"]
    return group["symbol"] is None and group["country"] == review["country"] and group["date"] == review["date"]


def national_reports(seed: Seed) -> None:
    review = seed.fact("kaz-upr-c2")
    # The 1st-cycle recommendation facts were read in this report (A/HRC/WG.6/20/KAZ/1 paras 5-6).
    read_in = seed.fact("kaz-upr-c1-95x-nhri")
    seed.documents.append(
        DocumentRecord(
            symbol=review["details"]["national_report"],
            body=Body.UPR,
            state="KAZ",
            kind=DocumentKind.STATE_REPORT,
            title="National report of Kazakhstan, UPR 2nd cycle",
            review=ids.review_id(Body.UPR, "KAZ", 2),
            summary="Reports on the 1st-cycle recommendations: para 5 lists those not accepted; para 6 says the "
            "Ombudsman received 'B' status in 2012.",
            sources=sources(review, read_in),
            verification=verification(review),
            notes="Submission date not retrieved; the facts call it the 2014 national report.",
        )
    )


def upr_review_notes(fact: Fact) -> list[str | None]:
    dates, details = fact["dates"], fact["details"]
    notes = [fact["notes"]]
    hrc = dates.get("hrc_adoption") or dates.get("hrc_session")
    if hrc and not full_date(hrc):
        notes.append(f"Outcome adopted at the Human Rights Council's {session_label(hrc.removeprefix('HRC '))}.")
    if not dates:
        notes.append(f"Only the preparation of this cycle is recorded (facts dated {fact['date']}).")
    if dates.get("wg_adoption"):
        notes.append(f"Working Group report adopted {dates['wg_adoption']}.")
    if "recommendation_paragraphs" in details:
        notes.append(f"Recommendations are in paras {details['recommendation_paragraphs']} of the Working Group report.")
    if details.get("recommendations_total") == "not retrieved":
        notes.append("Number of recommendations not retrieved.")
    if "advance_questions" in details:
        notes.append(f"Advance questions from {', '.join(details['advance_questions'])}.")
    if "states_in_dialogue" in details:
        in_dialogue = details["states_in_dialogue"]
        notes.append(f"{in_dialogue['members']} member and {in_dialogue['observers']} observer States took part in the dialogue.")
    return notes


def recommendation_group(fact: Fact) -> RecommendationGroup:
    details = fact["details"]
    state = details.get("recommending_state")
    return RecommendationGroup(
        title=NUMBERED_GROUPS.get(fact["id"]) or re.sub(r"^(KAZ|TJK) \w+ cycle: ", "", fact["title"]),
        response=UPR_RESPONSES.get(details.get("response", "")),
        recommending_states=[RECOMMENDING_STATES[state]] if state else [],
        numbers=list(fact["paragraphs"]),
        themes=fact["themes"],
        summary=fact["summary"],
    )


def described_paragraphs(seed: Seed) -> None:
    for paragraph in DESCRIBED_PARAGRAPHS:
        fact = seed.fact(paragraph.fact)
        extra = [seed.fact(i) for i in paragraph.also_from]
        seed.recommendations.append(
            RecommendationRecord(
                document=fact["symbol"],
                paragraph=paragraph.paragraph,
                title=paragraph.title,
                text=paragraph.text,
                themes=list(paragraph.themes),
                follow_up=paragraph.follow_up,
                covers=list(paragraph.covers),
                sources=sources(fact, *extra),
                verification=Verification.UNVERIFIED if paragraph.unverified else verification(fact),
                notes=paragraph.notes,
            )
        )


def follow_up_items(seed: Seed) -> None:
    marker = re.compile(r"\s*\((?:selected for follow-up|follow-up item)\)\.?\s*")
    for fact in seed.of_type("follow_up_item"):
        text, _, after = marker.sub("\0", fact["summary"], count=1).partition("\0")
        seed.recommendations.append(
            RecommendationRecord(
                document=fact["symbol"],
                paragraph=fact["paragraphs"][0],
                title=fact["themes"][0],
                text=text + ".",
                themes=fact["themes"],
                follow_up=fact["details"]["selected_for_follow_up"],
                sources=sources(fact),
                verification=verification(fact),
                notes=joined([after, fact["notes"]]),
            )
        )


def upr_recommendations(seed: Seed) -> None:
    cycles = {
        f["symbol"]: int(re.search(r"(\d)(?:st|nd|rd|th) cycle", f["title"])[1])
        for f in seed.facts.values()
        if f["record_type"] == "upr_review" and f["symbol"]
    }
    for fact in seed.of_type("upr_recommendation"):
        if not fact["paragraphs"] or fact["id"] in NUMBERED_GROUPS:
            continue
        item = UPR_ITEMS.get(fact["id"])
        if item is None:
            raise SystemExit(f"{fact['id']}: numbered UPR recommendations with neither UPR_ITEMS nor NUMBERED_GROUPS")
        if len(fact["paragraphs"]) != item.count:
            raise SystemExit(f"{fact['id']}: {len(fact['paragraphs'])} numbers, but the item's text says {item.count}")
        seed.recommendations.append(
            RecommendationRecord(
                document=fact["symbol"],
                paragraph=fact["paragraphs"][0],
                covers=list(fact["paragraphs"]),
                title=item.title,
                text=item.text.format(numbers=", ".join(fact["paragraphs"])),
                themes=fact["themes"],
                response=UPR_RESPONSES[fact["details"]["response"]],
                cycle=cycles[fact["symbol"]],
                sources=sources(fact),
                verification=verification(fact),
                notes=item.notes,
            )
        )


def decisions(seed: Seed) -> None:
    for fact in seed.of_type("individual_decision"):
        details, dates = fact["details"], fact["dates"]
        body = Body(fact["mechanism"])
        communication = details["communication_no"]
        articles = details.get("articles_violated")
        phrase = VIOLATION_FOUND.get(fact["id"])
        if phrase and phrase not in fact["summary"]:
            raise SystemExit(f"{fact['id']}: {phrase!r} is not in the summary")
        seed.decisions.append(
            DecisionRecord(
                body=body,
                communication=communication,
                state=fact["country"],
                symbol=fact["symbol"],
                title=fact["title"],
                authors=[details["author"]] if "author" in details else [],
                victims=[details["victim"]] if "victim" in details else [],
                counsel=details.get("counsel"),
                submitted_on=full_date(dates.get("complaint_filed") or dates.get("communication")),
                adopted_on=full_date(dates.get("adopted")) or full_date(fact["date"]),
                outcome=DecisionOutcome.VIOLATION if phrase else None,
                articles_violated=[unbracketed(a) for a in articles] if isinstance(articles, list) else [],
                reply_days=details.get("deadline_days") or (90 if details.get("deadline") == "90 days" else None),
                summary=fact["summary"],
                sources=sources(fact),
                verification=verification(fact, symbol=fact["symbol"]),
                notes=joined(decision_notes(fact)),
            )
        )
        decision_id = ids.decision_id(body, communication)
        for ordinal_of_kind, (kind, text, note) in numbered(decision_remedies(fact)):
            seed.remedies.append(
                RemedyRecord(
                    decision=decision_id,
                    kind=RemedyKind(kind),
                    ordinal=ordinal_of_kind,
                    title=f"{fact['title']}: {REMEDY_LABELS[kind]}",
                    text=text,
                    sources=sources(fact),
                    verification=verification(fact),
                    notes=joined([note, REMEDY_NOTES.get((fact["id"], kind))]),
                )
            )


def decision_notes(fact: Fact) -> list[str | None]:
    details, dates = fact["details"], fact["dates"]
    notes = [fact["notes"]]
    if dates.get("complaint_filed") and not full_date(dates["complaint_filed"]):
        notes.append(f"Complaint filed in {dates['complaint_filed']}.")
    if "transmitted_rule97" in dates:
        notes.append(f"Communication transmitted to the State under rule 97 on {dates['transmitted_rule97']}.")
    if "op_in_force_for_state" in details:
        notes.append(f"Optional Protocol in force for the State since {details['op_in_force_for_state']}.")
    claimed = details.get("articles_claimed") or details.get("articles")
    if claimed:
        notes.append(f"Articles invoked: {', '.join(claimed)}.")
    if isinstance(details.get("articles_violated"), str):
        notes.append(f"Articles violated: {details['articles_violated']}.")
    if details.get("outcome") == "not retrieved":
        notes.append("Outcome not retrieved.")
    for key, label in (
        ("state_follow_up", "State follow-up"),
        ("state_follow_up_2015", "State follow-up (2015)"),
        ("state_response", "State response"),
    ):
        if key in details:
            notes.append(f"{label}: {details[key]}.")
    notes += [f"Also read: {s}." for s in fact["other_sources"] if not is_url(s)]
    return notes


def decision_remedies(fact: Fact) -> list[tuple[str, str, str | None]]:
    details = fact["details"]
    reported = "remedies_reported" in details
    phrases = details.get("remedies") or details.get("remedies_reported") or []
    kinds = REMEDY_KINDS.get(fact["id"], [])
    if len(kinds) != len(phrases):
        raise SystemExit(f"{fact['id']}: {len(phrases)} remedy phrases but {len(kinds)} entries in REMEDY_KINDS")
    remedies = []
    for phrase, phrase_kinds in zip(phrases, kinds, strict=True):
        text, source = phrase, None
        if reported and (m := re.fullmatch(r"(.*?)\s*\(([^()]*)\)", phrase)):
            text, source = m[1], m[2]
        note = "As reported, not read in the decision text" + (f" ({source})." if source else ".") if reported else None
        remedies += [(kind, text, note) for kind in phrase_kinds]
    for kind, text in REMEDIES_IN_SUMMARY.get(fact["id"], []):
        if text not in fact["summary"]:
            raise SystemExit(f"{fact['id']}: {text!r} is not in the summary")
        remedies.append((kind, text, "From the facts' summary; the operative paragraph was not retrieved."))
    return remedies


def numbered(remedies: list[tuple[str, str, str | None]]) -> list[tuple[int, tuple[str, str, str | None]]]:
    """Each remedy with its ordinal among remedies of the same kind."""
    seen: dict[str, int] = {}
    result = []
    for entry in remedies:
        seen[entry[0]] = seen.get(entry[0], 0) + 1
        result.append((seen[entry[0]], entry))
    return result


def actions(seed: Seed) -> None:
    built: dict[str, str] = {}
    for action in ACTIONS:
        fact = seed.fact(action.fact)
        date, precision = partial_date(action.date or fact["date"])
        precision = action.precision or precision
        court = action.court
        if action.appeal_of:
            court = msgspec.structs.replace(court, appeal_of=built[action.appeal_of])
        title = action.title or fact["title"]
        urls = [fact["source_url"]] if action.main_source_only else [fact["source_url"], *fact["other_sources"]]
        refs = [source_ref(url) for url in dict.fromkeys([*urls, *action.extra_sources]) if is_url(url)]
        verified = Verification.UNVERIFIED if action.unverified else verification(fact)
        record = ActionRecord(
            state=fact["country"],
            kind=action.kind,
            date=date,
            date_precision=precision,
            title=title,
            description=action.description or fact["summary"],
            actor=action.actor,
            place=action.place,
            legal_reference=action.legal_reference,
            court=court,
            amounts=action.amounts,
            outcome=action.outcome,
            addressed_to=action.addressed_to,
            sources=refs,
            links=action.links,
            verification=verified,
            recorded_by=RECORDED_BY,
            verified_by=verified_by(fact, verified),
            notes=joined([action.notes, fact["notes"] if action.fact_notes else None]),
        )
        seed.actions.append(record)
        built.setdefault(action.fact, ids.action_id(record.state, date, precision, action.kind.value, title))


def assessments(seed: Seed) -> None:
    letter = seed.fact("tjk-cat-fu-letter-2022")
    if ASSESSMENT_RATIONALE not in letter["summary"]:
        raise SystemExit("the assessment rationale is no longer in the facts")
    for fact in seed.of_type("follow_up_item"):
        judged = fact["details"].get("assessment")
        if not judged:
            continue
        seed.assessments.append(
            AssessmentRecord(
                item=ids.recommendation_id(fact["symbol"], fact["paragraphs"][0]),
                date=full_date(judged["date"]),
                assessor_kind=AssessorKind.COMMITTEE,
                assessor="Committee against Torture",
                scale=Scale.NORMALIZED,
                grade=GRADES[judged["grade"]],
                rationale=f"{ASSESSMENT_RATIONALE} (CAT/C/TJK/Q/4).",
                sources=[source_ref(letter["source_url"])],
                verification=verification(fact),
                recorded_by=RECORDED_BY,
                verified_by=verified_by(fact, verification(fact)),
            )
        )


def document_order(seed: Seed, symbol: str) -> int:
    return next(i for i, d in enumerate(seed.documents) if d.symbol == symbol)


def paragraph_order(paragraph: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", paragraph))


def full_date(value: str | None) -> dt.date | None:
    """The ISO date at the start of ``value`` ("2012-05-24 (48th session)"), or None if it is partial."""
    if value and re.match(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value[:10])
    return None


def partial_date(value: str) -> tuple[dt.date, DatePrecision]:
    """ "2013-11" → (2013-11-01, month); "2020" → (2020-01-01, year)."""
    if full := full_date(value):
        return full, DatePrecision.DAY
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return dt.date.fromisoformat(f"{value}-01"), DatePrecision.MONTH
    if re.fullmatch(r"\d{4}", value):
        return dt.date(int(value), 1, 1), DatePrecision.YEAR
    raise SystemExit(f"not a date: {value!r}")


def session_label(value: str | None, prefix: str = "") -> str | None:
    """ "117th" → "117th session"; "7th (8-19 Feb 2010)" → "7th session (8-19 Feb 2010)"."""
    if not value:
        return None
    if "session" not in value:
        value = re.sub(r"^(\d+(?:st|nd|rd|th))", r"\1 session", value)
    return prefix + value


def unbracketed(article: str) -> str:
    """ "(2(3) with 6 and 7)" → "2(3) with 6 and 7"; "9(2)" stays as it is."""
    return article[1:-1] if article.startswith("(") and article.endswith(")") else article


def verification(fact: Fact, *, symbol: str | None = None) -> Verification:
    if symbol in INFERRED_SYMBOLS or fact["certainty"] not in VERIFIED_CERTAINTIES:
        return Verification.UNVERIFIED
    return Verification.VERIFIED


def verified_by(fact: Fact, verified: Verification) -> str | None:
    """Who verified a record: the seed, on the certainty of the fact it rests on."""
    return f"{RECORDED_BY} ({fact['certainty']})" if verified is Verification.VERIFIED else None


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def sources(*facts: Fact) -> list[SourceRef]:
    urls = [url for fact in facts for url in (fact["source_url"], *fact["other_sources"]) if is_url(url)]
    return [source_ref(url) for url in dict.fromkeys(urls)]


#: The title of every source address, filled by :func:`source_titles` at the start of a build.
TITLES: dict[str, str] = {}


def source_titles(seed: Seed) -> None:
    """SOURCE_TITLES, and the titles of the decision texts in DECISION_TEXTS."""
    TITLES.clear()
    TITLES.update(SOURCE_TITLES)
    for fact_id in sorted(DECISION_TEXTS):
        fact = seed.facts[fact_id]
        url = fact["source_url"]
        if url in TITLES:
            raise SystemExit(f"{fact_id}: {url} has a title in SOURCE_TITLES too")
        body = fact["mechanism"]
        TITLES[url] = (
            f"{fact['symbol']} — {BODY_NAMES[body]}, {fact['title']} (communication {fact['details']['communication_no']})"
        )


def source_ref(url: str) -> SourceRef:
    host = urlsplit(url).hostname or ""
    if any(mark in host for mark in TEST_HOST_MARKS):
        raise SystemExit(f"{url}: a test server, not a public address")
    if url not in TITLES:
        raise SystemExit(f"{url}: no title in SOURCE_TITLES")
    publisher = next((name for domain, name in PUBLISHERS.items() if host == domain or host.endswith("." + domain)), None)
    return SourceRef(url=url, title=TITLES[url], publisher=publisher, date=SOURCE_DATES.get(url))


def joined(parts: Iterable[str | None]) -> str | None:
    """Sentences joined into one note, each ending with a full stop."""
    sentences = [p.strip() for p in parts if p and p.strip()]
    return " ".join(s if s[-1] in ".!?)" else s + "." for s in sentences) or None


def main(argv: list[str]) -> None:
    facts_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_FACTS
    records = build(json.loads(facts_path.read_text(encoding="utf-8")))
    meta = MetaRecord(
        description="Follow-up of UN human-rights recommendations and decisions: Kazakhstan and Tajikistan "
        "(bundled seed, built by tools/build_seed.py from facts-kaz-tjk.json)"
    )
    lines = [encode_record(meta), *(encode_record(r) for r in records)]
    OUTPUT.write_bytes(b"\n".join(lines) + b"\n")
    counts: dict[str, int] = {}
    for record in records:
        counts[type(record).__struct_config__.tag] = counts.get(type(record).__struct_config__.tag, 0) + 1
    print(f"wrote {len(records)} records to {OUTPUT.relative_to(REPO)}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))


if __name__ == "__main__":
    main(sys.argv)
