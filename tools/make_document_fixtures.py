#!/usr/bin/env python3
"""Build the hand-made treaty-body documents of tests/fixtures/documents/.

    python tools/make_document_fixtures.py

No concluding observations, follow-up reply or follow-up report of a treaty body is available
offline, so these are written by hand in the layout of the UN's own documents: a cover page
(symbol, "Distr.: General <date>", "Original: English", the body and the title, the adoption
footnote, the job number), lettered sections, topic headings, numbered paragraphs with
lettered sub-paragraphs, and on every page a running header (the symbol) and footer (the page
number and the job number). Texts are shortened; numbers, dates and follow-up paragraphs are
those the bundled data holds (tools/facts/facts-kaz-tjk.json) where it holds them.

PDFs are printed by Chromium (``chromium --headless --print-to-pdf``) from HTML whose running
header and footer are CSS page-margin boxes, so they repeat on every page as in the UN's PDFs;
the Word file is written with python-docx, header and footer in the section's header and footer.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "tests/fixtures/documents"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# A block of a document: ("section", title), ("heading", title), ("para", number, text),
# ("text", text) an unnumbered paragraph, ("sub", letter, text) a lettered sub-paragraph.
Block = tuple


@dataclass
class Document:
    """One hand-made document: its cover and its blocks."""

    name: str
    symbol: str
    job: str
    distributed: str
    convention: list[str]
    committee: str
    title: str
    footnote: str
    blocks: list[Block]
    language: str = "en"
    original: str = "English"
    formats: tuple[str, ...] = ("pdf",)
    extra_cover: list[str] = field(default_factory=list)


def sub(letter: str, text: str) -> Block:
    return ("sub", letter, text)


# --- CAT/C/KAZ/CO/3: the 2014 layout (concern and recommendation under one number) -----------

KAZ_CO_3 = Document(
    name="CAT_C_KAZ_CO_3",
    symbol="CAT/C/KAZ/CO/3",
    job="GE.14-24346",
    distributed="12 December 2014",
    convention=["Convention against Torture", "and Other Cruel, Inhuman", "or Degrading Treatment", "or Punishment"],
    committee="Committee against Torture",
    title="Concluding observations on the third periodic report of Kazakhstan*",
    footnote="* Adopted by the Committee at its fifty-third session (3–28 November 2014).",
    blocks=[
        ("section", "A. Introduction"),
        (
            "para",
            1,
            "The Committee against Torture considered the third periodic report of Kazakhstan (CAT/C/KAZ/3) at its "
            "1270th and 1273rd meetings, held on 17 and 18 November 2014 (CAT/C/SR.1270 and 1273), and adopted the following "
            "concluding observations at its 1286th and 1287th meetings, held on 27 November 2014.",
        ),
        (
            "para",
            2,
            "The Committee appreciates the constructive dialogue held with the high-level delegation of the State "
            "party and the additional information provided orally and in writing during the consideration of the report.",
        ),
        ("section", "B. Positive aspects"),
        (
            "para",
            3,
            "The Committee welcomes the ratification by the State party of the Optional Protocol to the Convention "
            "in 2008 and the declarations made under articles 21 and 22 of the Convention.",
        ),
        (
            "para",
            4,
            "The Committee welcomes the adoption of the new Code of Criminal Procedure, which will enter into force "
            "on 1 January 2015, and the new Criminal Code.",
        ),
        ("section", "C. Principal subjects of concern and recommendations"),
        ("heading", "Definition and criminalization of torture"),
        (
            "para",
            5,
            "While noting the amendments made to article 146 of the Criminal Code, the Committee is concerned that "
            "the definition of torture does not cover acts committed by all persons acting in an official capacity.",
        ),
        (
            "text",
            "The State party should bring the definition of torture into line with article 1 of the Convention and "
            "ensure that acts of torture are punishable by appropriate penalties which take into account their grave nature.",
        ),
        ("heading", "Statute of limitations"),
        (
            "para",
            6,
            "The Committee is concerned that the crime of torture is subject to a statute of limitations and that "
            "persons convicted of torture may benefit from amnesty.",
        ),
        (
            "text",
            "The State party should ensure that torture is not subject to any statute of limitations and that persons "
            "convicted of torture are excluded from amnesty.",
        ),
        ("heading", "Fundamental legal safeguards"),
        (
            "para",
            7,
            "The Committee is concerned at reports that persons deprived of their liberty are not afforded all "
            "fundamental legal safeguards from the very outset of their deprivation of liberty, including access to a lawyer "
            "and to an independent doctor.",
        ),
        ("text", "The State party should:"),
        sub(
            "a",
            "Ensure that all detained persons are afforded, in law and in practice, all fundamental legal safeguards "
            "from the very outset of their deprivation of liberty;",
        ),
        sub(
            "b",
            "Ensure that the time of actual apprehension is recorded and that detainees are brought before a judge "
            "within 48 hours.",
        ),
        ("heading", "Allegations of torture and ill-treatment and impunity"),
        (
            "para",
            8,
            "The Committee is concerned at the numerous allegations of torture and ill-treatment received by the "
            "State party, the small number of criminal cases opened and the very small number of convictions of officials "
            "for torture. It is further concerned that investigations are carried out by the same agency to which the alleged "
            "perpetrators belong.",
        ),
        ("text", "The State party should:"),
        sub(
            "a",
            "Ensure that all complaints of torture and ill-treatment are investigated promptly, effectively and "
            "impartially by an independent body, with no institutional or hierarchical connection between the investigators "
            "and the alleged perpetrators;",
        ),
        sub("b", "Ensure that alleged perpetrators are immediately suspended from duty for the duration of the investigation;"),
        sub(
            "c",
            "Prosecute persons suspected of torture or ill-treatment and, if they are found guilty, ensure that they "
            "receive sentences that are commensurate with the gravity of their acts;",
        ),
        sub(
            "d",
            "Provide the Committee with information on the number of complaints, investigations, prosecutions and "
            "convictions for torture.",
        ),
        ("heading", "Transfer of pretrial detention facilities"),
        (
            "para",
            9,
            "The Committee notes with concern that the pretrial detention facilities of the National Security "
            "Committee remain under its authority.",
        ),
        (
            "text",
            "The State party should transfer the pretrial detention facilities of the National Security Committee to "
            "the authority of the Ministry of Justice.",
        ),
        ("heading", "Authority over places of detention"),
        (
            "para",
            10,
            "The Committee is concerned that the penitentiary system was transferred back from the Ministry of "
            "Justice to the Ministry of Internal Affairs in 2011, and that the police remain in charge of temporary holding "
            "facilities.",
        ),
        (
            "text",
            "The State party should return the authority over the penitentiary system and the pretrial detention "
            "facilities to the Ministry of Justice, and ensure effective civilian oversight of all places of detention.",
        ),
        ("heading", "Confessions obtained under torture"),
        (
            "para",
            11,
            "The Committee is concerned at reports that confessions obtained through torture continue to be used "
            "as evidence in court proceedings.",
        ),
        (
            "text",
            "The State party should ensure that evidence obtained through torture is inadmissible in practice and that "
            "judges check every allegation of a confession obtained under duress.",
        ),
        ("heading", "Deaths in custody"),
        (
            "para",
            12,
            "The Committee is concerned at the number of deaths in custody and at the lack of information on "
            "their investigation.",
        ),
        (
            "text",
            "The State party should ensure that all deaths in custody are promptly and impartially investigated by an "
            "independent body, and provide the Committee with data on such deaths and their causes.",
        ),
        ("heading", "National preventive mechanism and Human Rights Commissioner"),
        (
            "para",
            13,
            "While welcoming the establishment of the national preventive mechanism in 2013, the Committee is "
            "concerned that the mechanism lacks financial independence and that the Human Rights Commissioner is not fully in "
            "line with the principles relating to the status of national institutions (Paris Principles).",
        ),
        ("text", "The State party should:"),
        sub(
            "a",
            "Ensure that the national preventive mechanism has sufficient financial and human resources and may visit "
            "all places of deprivation of liberty without prior notice;",
        ),
        sub(
            "b",
            "Strengthen the independence of the Human Rights Commissioner in line with the Paris Principles and "
            "consider applying for accreditation by the Global Alliance of National Human Rights Institutions.",
        ),
        ("heading", "Redress"),
        (
            "para",
            14,
            "The Committee regrets the lack of information on redress, including compensation and rehabilitation, "
            "provided to victims of torture.",
        ),
        (
            "text",
            "The State party should ensure that victims of torture obtain redress, including fair and adequate "
            "compensation and the means for as full rehabilitation as possible.",
        ),
        ("heading", "Independence of the judiciary"),
        (
            "para",
            15,
            "The Committee is concerned at the lack of independence of the judiciary and at the broad powers of "
            "the procuracy to oversee court proceedings.",
        ),
        (
            "text",
            "The State party should ensure the full independence of the judiciary, in particular in the selection, "
            "tenure and dismissal of judges, and transfer from prosecutors to judges the power to authorize measures that "
            "restrict rights during investigations.",
        ),
        ("heading", "Training"),
        (
            "para",
            16,
            "The Committee notes the training programmes for law enforcement officials but regrets the absence of "
            "an assessment of their impact.",
        ),
        (
            "text",
            "The State party should develop a method of assessing the effectiveness of training programmes and "
            "include the Manual on the Effective Investigation and Documentation of Torture (Istanbul Protocol) in them.",
        ),
        ("heading", "Follow-up procedure"),
        (
            "para",
            17,
            "The Committee requests the State party to provide, by 28 November 2015, information on follow-up to "
            "the Committee's recommendations on the investigation of allegations of torture, the authority over places of "
            "detention, the national preventive mechanism and the independence of the judiciary (see paras. 8, 10, 13 and 15 "
            "above).",
        ),
        ("heading", "Other issues"),
        (
            "para",
            18,
            "The State party is requested to disseminate widely the report submitted to the Committee and the "
            "present concluding observations, in appropriate languages, through official websites, the media and "
            "non-governmental organizations.",
        ),
        (
            "para",
            19,
            "The Committee invites the State party to submit its next periodic report, which will be its fourth, "
            "by 28 November 2018. For that purpose, the Committee invites the State party to agree, by 28 November 2015, to "
            "use its optional reporting procedure.",
        ),
    ],
)

# --- the same in Russian: the same numbers, the same follow-up request -------------------------

KAZ_CO_3_RU = Document(
    name="CAT_C_KAZ_CO_3-ru",
    symbol="CAT/C/KAZ/CO/3",
    job="GE.14-24346",
    distributed="12 December 2014",
    language="ru",
    convention=[
        "Конвенция против пыток",
        "и других жестоких, бесчеловечных",
        "или унижающих достоинство",
        "видов обращения и наказания",
    ],
    committee="Комитет против пыток",
    title="Заключительные замечания по третьему периодическому докладу Казахстана*",
    footnote="* Приняты Комитетом на его пятьдесят третьей сессии (3–28 ноября 2014 года).",
    blocks=[
        ("section", "A. Введение"),
        (
            "para",
            1,
            "Комитет против пыток рассмотрел третий периодический доклад Казахстана (CAT/C/KAZ/3) на своих 1270-м "
            "и 1273-м заседаниях, состоявшихся 17 и 18 ноября 2014 года (CAT/C/SR.1270 и 1273), и на своих 1286-м и 1287-м "
            "заседаниях, состоявшихся 27 ноября 2014 года, принял следующие заключительные замечания.",
        ),
        (
            "para",
            2,
            "Комитет высоко оценивает конструктивный диалог с делегацией высокого уровня государства-участника, а "
            "также дополнительную информацию, представленную в устной и письменной форме в ходе рассмотрения доклада.",
        ),
        ("section", "B. Позитивные аспекты"),
        (
            "para",
            3,
            "Комитет приветствует ратификацию государством-участником Факультативного протокола к Конвенции в "
            "2008 году и заявления, сделанные в соответствии со статьями 21 и 22 Конвенции.",
        ),
        (
            "para",
            4,
            "Комитет приветствует принятие нового Уголовно-процессуального кодекса, который вступит в силу "
            "1 января 2015 года, и нового Уголовного кодекса.",
        ),
        ("section", "C. Основные вопросы, вызывающие обеспокоенность, и рекомендации"),
        ("heading", "Определение пытки и уголовная ответственность за нее"),
        (
            "para",
            5,
            "Принимая к сведению поправки к статье 146 Уголовного кодекса, Комитет обеспокоен тем, что определение "
            "пытки не охватывает действия всех лиц, выступающих в официальном качестве.",
        ),
        (
            "text",
            "Государству-участнику следует привести определение пытки в соответствие со статьей 1 Конвенции и "
            "обеспечить, чтобы акты пыток карались соразмерными наказаниями с учетом их тяжкого характера.",
        ),
        ("heading", "Срок давности"),
        (
            "para",
            6,
            "Комитет обеспокоен тем, что на преступление пытки распространяется срок давности и что лица, "
            "осужденные за пытки, могут быть амнистированы.",
        ),
        (
            "text",
            "Государству-участнику следует обеспечить, чтобы на пытки не распространялся срок давности и чтобы лица, "
            "осужденные за пытки, не подлежали амнистии.",
        ),
        ("heading", "Основные правовые гарантии"),
        (
            "para",
            7,
            "Комитет обеспокоен сообщениями о том, что лишенным свободы лицам не предоставляются все основные "
            "правовые гарантии с самого начала лишения свободы, включая доступ к адвокату и к независимому врачу.",
        ),
        ("text", "Государству-участнику следует:"),
        sub(
            "а",
            "обеспечить, чтобы все задержанные лица по закону и на практике пользовались всеми основными правовыми "
            "гарантиями с самого начала лишения свободы;",
        ),
        sub("б", "обеспечить регистрацию фактического времени задержания и доставку задержанных к судье в течение 48 часов."),
        ("heading", "Утверждения о пытках и жестоком обращении и безнаказанность"),
        (
            "para",
            8,
            "Комитет обеспокоен многочисленными утверждениями о пытках и жестоком обращении, полученными "
            "государством-участником, небольшим числом возбужденных уголовных дел и крайне малым числом осужденных за пытки "
            "должностных лиц. Он также обеспокоен тем, что расследования проводятся тем же ведомством, к которому "
            "принадлежат предполагаемые виновные.",
        ),
        ("text", "Государству-участнику следует:"),
        sub(
            "а",
            "обеспечить оперативное, эффективное и беспристрастное расследование всех жалоб на пытки и жестокое "
            "обращение независимым органом, не имеющим институциональных или иерархических связей со следователями и "
            "предполагаемыми виновными;",
        ),
        sub("б", "обеспечить немедленное отстранение предполагаемых виновных от должности на время расследования;"),
        sub(
            "в",
            "преследовать в судебном порядке лиц, подозреваемых в применении пыток или жестокого обращения, и в "
            "случае признания их виновными обеспечить назначение им наказаний, соразмерных тяжести их деяний;",
        ),
        sub(
            "г",
            "представить Комитету информацию о числе жалоб, расследований, судебных преследований и обвинительных "
            "приговоров за пытки.",
        ),
        ("heading", "Передача следственных изоляторов"),
        (
            "para",
            9,
            "Комитет с обеспокоенностью отмечает, что следственные изоляторы Комитета национальной безопасности "
            "по-прежнему находятся в его ведении.",
        ),
        (
            "text",
            "Государству-участнику следует передать следственные изоляторы Комитета национальной безопасности в "
            "ведение Министерства юстиции.",
        ),
        ("heading", "Ведомственная подчиненность мест содержания под стражей"),
        (
            "para",
            10,
            "Комитет обеспокоен тем, что в 2011 году пенитенциарная система была вновь передана из ведения "
            "Министерства юстиции в ведение Министерства внутренних дел и что изоляторы временного содержания по-прежнему "
            "находятся в ведении полиции.",
        ),
        (
            "text",
            "Государству-участнику следует вернуть пенитенциарную систему и следственные изоляторы в ведение "
            "Министерства юстиции и обеспечить эффективный гражданский надзор за всеми местами содержания под стражей.",
        ),
        ("heading", "Признания, полученные под пыткой"),
        (
            "para",
            11,
            "Комитет обеспокоен сообщениями о том, что признания, полученные под пыткой, по-прежнему "
            "используются в качестве доказательств в ходе судебного разбирательства.",
        ),
        (
            "text",
            "Государству-участнику следует обеспечить, чтобы доказательства, полученные под пыткой, на практике "
            "признавались недопустимыми и чтобы судьи проверяли каждое утверждение о признании, полученном под принуждением.",
        ),
        ("heading", "Смерть в местах лишения свободы"),
        (
            "para",
            12,
            "Комитет обеспокоен числом случаев смерти в местах лишения свободы и отсутствием информации об их расследовании.",
        ),
        (
            "text",
            "Государству-участнику следует обеспечить оперативное и беспристрастное расследование всех случаев смерти "
            "в местах лишения свободы независимым органом и представить Комитету данные о таких случаях и их причинах.",
        ),
        ("heading", "Национальный превентивный механизм и Уполномоченный по правам человека"),
        (
            "para",
            13,
            "Приветствуя создание в 2013 году национального превентивного механизма, Комитет обеспокоен тем, что "
            "механизм не обладает финансовой независимостью и что Уполномоченный по правам человека не в полной мере "
            "соответствует принципам, касающимся статуса национальных учреждений (Парижские принципы).",
        ),
        ("text", "Государству-участнику следует:"),
        sub(
            "а",
            "обеспечить национальный превентивный механизм достаточными финансовыми и людскими ресурсами и "
            "возможностью посещать все места лишения свободы без предварительного уведомления;",
        ),
        sub(
            "б",
            "укрепить независимость Уполномоченного по правам человека в соответствии с Парижскими принципами и "
            "рассмотреть вопрос о подаче заявки на аккредитацию в Глобальном альянсе национальных правозащитных учреждений.",
        ),
        ("heading", "Возмещение"),
        (
            "para",
            14,
            "Комитет сожалеет об отсутствии информации о возмещении, включая компенсацию и реабилитацию, "
            "предоставленном жертвам пыток.",
        ),
        (
            "text",
            "Государству-участнику следует обеспечить получение жертвами пыток возмещения, включая справедливую и "
            "адекватную компенсацию и средства для как можно более полной реабилитации.",
        ),
        ("heading", "Независимость судебной власти"),
        (
            "para",
            15,
            "Комитет обеспокоен отсутствием независимости судебной власти и широкими полномочиями прокуратуры по "
            "надзору за судопроизводством.",
        ),
        (
            "text",
            "Государству-участнику следует обеспечить полную независимость судебной власти, в частности при отборе, "
            "пребывании в должности и отстранении судей, и передать от прокуроров судьям полномочия санкционировать меры, "
            "ограничивающие права в ходе расследования.",
        ),
        ("heading", "Подготовка кадров"),
        (
            "para",
            16,
            "Комитет принимает к сведению учебные программы для сотрудников правоохранительных органов, но "
            "сожалеет об отсутствии оценки их воздействия.",
        ),
        (
            "text",
            "Государству-участнику следует разработать методику оценки эффективности учебных программ и включить в "
            "них Руководство по эффективному расследованию и документированию пыток (Стамбульский протокол).",
        ),
        ("heading", "Процедура последующей деятельности"),
        (
            "para",
            17,
            "Комитет просит государство-участник представить к 28 ноября 2015 года информацию о последующих мерах "
            "по выполнению рекомендаций Комитета, касающихся расследования утверждений о пытках, ведомственной подчиненности "
            "мест содержания под стражей, национального превентивного механизма и независимости судебной власти (см. "
            "пункты 8, 10, 13 и 15 выше).",
        ),
        ("heading", "Другие вопросы"),
        (
            "para",
            18,
            "Государству-участнику предлагается широко распространить представленный Комитету доклад и настоящие "
            "заключительные замечания на соответствующих языках через официальные веб-сайты, средства массовой информации и "
            "неправительственные организации.",
        ),
        (
            "para",
            19,
            "Комитет предлагает государству-участнику представить свой следующий, четвертый, периодический "
            "доклад к 28 ноября 2018 года. С этой целью Комитет предлагает государству-участнику к 28 ноября 2015 года "
            "согласиться на использование факультативной процедуры представления докладов.",
        ),
    ],
)

# --- CAT/C/TJK/CO/3: the 2018 layout (concern and recommendation as numbered paragraphs of their own)

#: (topic, concern, recommendation) for paragraphs 19 to 44, each a pair.
_TJK_PAIRS = [
    (
        "Pretrial detention",
        "The Committee is concerned at the excessive length of pretrial detention.",
        "The State party should ensure that pretrial detention is used only as a measure of last resort and for as short a "
        "period as possible.",
    ),
    (
        "Lawyers and human rights defenders",
        "The Committee is concerned at reports of harassment of lawyers who defend persons alleging torture.",
        "The State party should ensure that lawyers can carry out their work without intimidation or reprisals.",
    ),
    (
        "Independence of the judiciary",
        "The Committee is concerned that the judiciary is not fully independent.",
        "The State party should guarantee the full independence of the judiciary.",
    ),
    (
        "Confessions obtained under torture",
        "The Committee is concerned that confessions obtained under torture continue to be admitted as evidence.",
        "The State party should ensure that confessions obtained under torture are inadmissible in practice.",
    ),
    (
        "Conditions of detention",
        "The Committee notes with concern the poor material conditions in places of detention.",
        "The State party should bring conditions of detention into line with the United Nations Standard Minimum Rules for "
        "the Treatment of Prisoners (the Nelson Mandela Rules).",
    ),
    (
        "Monitoring of places of detention",
        "The Committee is concerned that independent monitors do not have access to all places of detention.",
        "The State party should grant independent monitors unhindered access to all places of detention.",
    ),
    (
        "Human Rights Commissioner",
        "The Committee is concerned that the Human Rights Commissioner lacks independence.",
        "The State party should bring the Office of the Human Rights Commissioner into full compliance with the Paris "
        "Principles.",
    ),
    (
        "Non-refoulement",
        "The Committee is concerned at reports of returns to countries where persons face a risk of torture.",
        "The State party should ensure that no one is returned to a State where there are substantial grounds "
        "for believing that he or she would be in danger of being subjected to torture.",
    ),
    (
        "Extradition and abductions",
        "The Committee is concerned at reports of abductions of nationals from abroad.",
        "The State party should refrain from abductions and forcible returns and investigate all such allegations.",
    ),
    (
        "Redress",
        "The Committee regrets that no victim of torture has obtained compensation.",
        "The State party should ensure that all victims of torture obtain redress, including compensation and rehabilitation.",
    ),
    (
        "Gender-based violence",
        "The Committee is concerned at the prevalence of domestic violence.",
        "The State party should ensure that all cases of gender-based violence are thoroughly investigated.",
    ),
    (
        "Psychiatric institutions",
        "The Committee is concerned at reports of ill-treatment in psychiatric institutions.",
        "The State party should ensure independent monitoring of psychiatric institutions.",
    ),
    (
        "Juvenile justice",
        "The Committee is concerned that children in conflict with the law are held with adults.",
        "The State party should ensure that children are detained separately from adults.",
    ),
]


def _tjk_blocks() -> list[Block]:
    blocks: list[Block] = [
        ("section", "A. Introduction"),
        (
            "para",
            1,
            "The Committee considered the third periodic report of Tajikistan (CAT/C/TJK/3) at its 1633rd and "
            "1636th meetings (see CAT/C/SR.1633 and 1636), held on 3 and 4 May 2018, and adopted the present concluding "
            "observations at its 1645th and 1646th meetings, held on 14 May 2018.",
        ),
        (
            "para",
            2,
            "The Committee appreciates the opportunity to engage in a constructive dialogue with the State party's delegation.",
        ),
        ("section", "B. Positive aspects"),
        ("para", 3, "The Committee welcomes the amendment of article 479 of the Code of Criminal Procedure in 2014."),
        ("para", 4, "The Committee welcomes the adoption of the law on free legal aid in 2015."),
        (
            "para",
            5,
            "The Committee welcomes the amendments of 2016 providing that detention is counted from the moment of "
            "de facto apprehension.",
        ),
        ("section", "C. Principal subjects of concern and recommendations"),
        ("heading", "Pending follow-up issues from the previous reporting cycle"),
        (
            "para",
            6,
            "The Committee regrets that the State party has not yet implemented the recommendations identified for "
            "follow-up in the previous concluding observations.",
        ),
        ("heading", "Impunity for acts of torture"),
        ("para", 7, "The Committee remains concerned that very few officials have been prosecuted for torture."),
        (
            "para",
            8,
            "The Committee reiterates its previous recommendation (CAT/C/TJK/CO/2, para. 9) and urges the State "
            "party to ensure that all acts of torture are prosecuted and punished with appropriate penalties.",
        ),
        ("heading", "Investigations of acts of torture"),
        (
            "para",
            9,
            "The Committee is concerned that complaints of torture are investigated by the agencies to which the "
            "alleged perpetrators belong, and that investigations are delayed.",
        ),
        ("para", 10, "The State party should:"),
        sub(
            "a",
            "Ensure that all complaints of torture are investigated promptly, effectively and impartially by an "
            "independent body;",
        ),
        sub("b", "Ensure that alleged perpetrators are suspended from duty during the investigation;"),
        sub("c", "Prosecute and punish the perpetrators with penalties commensurate with the gravity of their acts."),
        ("heading", "Deaths in custody"),
        ("para", 11, "The Committee is concerned at the deaths in custody of Umar Bobojonov and Djovijon Khakimov in 2015."),
        ("para", 12, "The State party should ensure that all deaths in custody are investigated by an independent body."),
        ("heading", "Penalties, statute of limitations and amnesty"),
        (
            "para",
            13,
            "While welcoming the introduction of article 143-1 in the Criminal Code, the Committee is concerned "
            "that the penalties for torture are low, that torture is subject to a statute of limitations and that persons "
            "convicted of torture may be amnestied.",
        ),
        ("para", 14, "The Committee recommends that the State party:"),
        sub("a", "Ensure that penalties for torture are commensurate with the gravity of the crime;"),
        sub("b", "Ensure that torture is not subject to any statute of limitations or amnesty."),
        ("heading", "Definition of torture"),
        (
            "para",
            15,
            "The Committee notes with concern that the definition of torture does not cover acts of persons "
            "acting in an official capacity.",
        ),
        (
            "para",
            16,
            "The State party should bring the definition of torture into full conformity with article 1 of the Convention.",
        ),
        ("heading", "Fundamental legal safeguards"),
        (
            "para",
            17,
            "The Committee is concerned at reports that detainees are often not afforded fundamental legal "
            "safeguards from the outset of their de facto deprivation of liberty.",
        ),
        (
            "para",
            18,
            "The State party should ensure that all detained persons are afforded all fundamental legal "
            "safeguards from the very outset of their de facto deprivation of liberty, including the right to a lawyer, to "
            "an independent medical examination, to notify a relative and to be registered at the place of detention.",
        ),
    ]
    number = 19
    for topic, concern, recommendation in _TJK_PAIRS:
        blocks += [("heading", topic), ("para", number, concern), ("para", number + 1, recommendation)]
        number += 2
    blocks += [
        ("heading", "Hazing in the armed forces"),
        (
            "para",
            45,
            "The Committee is concerned at reports of hazing, ill-treatment and torture of conscripts in the "
            "armed forces, some of which resulted in death.",
        ),
        ("para", 46, "The State party should:"),
        sub("a", "Take measures to prevent hazing, ill-treatment and torture in the armed forces;"),
        sub("b", "Ensure that all such allegations are promptly and impartially investigated and the perpetrators punished;"),
        sub("c", "Provide the victims with redress."),
        ("heading", "Follow-up procedure"),
        (
            "para",
            47,
            "The Committee requests the State party to provide, by 18 May 2019, information on follow-up to the "
            "Committee's recommendations on investigating acts of torture, fundamental legal safeguards and hazing, "
            "ill-treatment and torture in the armed forces (see paras. 10, 18 and 46 above). In that context, the State party "
            "is invited to inform the Committee about its plans for implementing, within the coming reporting period, some or "
            "all of the remaining recommendations in the concluding observations.",
        ),
        ("heading", "Other issues"),
        (
            "para",
            48,
            "The Committee encourages the State party to consider making the declaration under article 22 of the Convention.",
        ),
        (
            "para",
            49,
            "The State party is requested to disseminate widely the report submitted to the Committee and the "
            "present concluding observations.",
        ),
        (
            "para",
            50,
            "The Committee requests the State party to submit its next periodic report, which will be its "
            "fourth, by 18 May 2022.",
        ),
    ]
    return blocks


TJK_CO_3 = Document(
    name="CAT_C_TJK_CO_3",
    symbol="CAT/C/TJK/CO/3",
    job="GE.18-09791",
    distributed="18 June 2018",
    convention=["Convention against Torture", "and Other Cruel, Inhuman", "or Degrading Treatment", "or Punishment"],
    committee="Committee against Torture",
    title="Concluding observations on the third periodic report of Tajikistan*",
    footnote="* Adopted by the Committee at its sixty-third session (23 April–18 May 2018).",
    blocks=_tjk_blocks(),
    formats=("docx",),
)

# --- CAT/C/KAZ/CO/2: the older layout, one paragraph each, and "within one year" -----------------

KAZ_CO_2 = Document(
    name="CAT_C_KAZ_CO_2",
    symbol="CAT/C/KAZ/CO/2",
    job="GE.08-45677",
    distributed="12 December 2008",
    convention=["Convention against Torture", "and Other Cruel, Inhuman", "or Degrading Treatment", "or Punishment"],
    committee="COMMITTEE AGAINST TORTURE",
    title="CONSIDERATION OF REPORTS SUBMITTED BY STATES PARTIES UNDER ARTICLE 19 OF THE CONVENTION",
    extra_cover=["Concluding observations of the Committee against Torture", "KAZAKHSTAN"],
    footnote="",
    blocks=[
        (
            "para",
            1,
            "The Committee against Torture considered the second periodic report of Kazakhstan (CAT/C/KAZ/2) at "
            "its 842nd and 845th meetings (CAT/C/SR.842 and 845), held on 6 and 7 November 2008, and adopted, at its 858th "
            "meeting, held on 18 November 2008, the following concluding observations.",
        ),
        ("section", "A. Introduction"),
        ("para", 2, "The Committee welcomes the submission of the second periodic report of Kazakhstan."),
        ("section", "B. Positive aspects"),
        ("para", 3, "The Committee welcomes the ratification of the Optional Protocol to the Convention in 2008."),
        ("para", 4, "The Committee welcomes the declarations made under articles 21 and 22 of the Convention."),
        ("section", "C. Principal subjects of concern and recommendations"),
        ("heading", "Definition of torture"),
        (
            "para",
            5,
            "The Committee is concerned that the definition of torture in article 347-1 of the Criminal Code does "
            "not cover all the elements of article 1 of the Convention. The State party should adopt a definition of torture "
            "that covers all the elements contained in article 1 of the Convention.",
        ),
        ("heading", "Allegations of torture and ill-treatment"),
        (
            "para",
            6,
            "The Committee is deeply concerned about the numerous, ongoing and consistent allegations of torture "
            "and ill-treatment of detainees. The State party should apply a zero-tolerance approach to torture and ensure "
            "that all allegations are promptly and impartially investigated.",
        ),
        ("heading", "Fundamental safeguards"),
        (
            "para",
            7,
            "The Committee is concerned that detainees are not afforded fundamental legal safeguards from the "
            "moment of their actual detention. The State party should take effective measures to guarantee that all "
            "detainees are afforded, in practice, all fundamental legal safeguards from the very outset of detention.",
        ),
        ("heading", "Impunity"),
        (
            "para",
            8,
            "The Committee is concerned at the small number of prosecutions of officials for torture. The State "
            "party should ensure that officials suspected of torture are suspended and prosecuted.",
        ),
        ("heading", "Independent monitoring of places of detention"),
        (
            "para",
            9,
            "The Committee notes with concern that places of detention are not monitored by an independent body. "
            "The State party should establish an independent national preventive mechanism.",
        ),
        ("heading", "Confessions"),
        (
            "para",
            10,
            "The Committee is concerned that confessions obtained under torture are used as evidence. The State "
            "party should ensure that such confessions are inadmissible.",
        ),
        ("heading", "Data collection"),
        (
            "para",
            11,
            "The Committee regrets the absence of comprehensive data on complaints, investigations, prosecutions "
            "and convictions for torture.",
        ),
        ("heading", "Redress"),
        (
            "para",
            12,
            "The Committee regrets the lack of information on redress provided to victims of torture. The State "
            "party should ensure that victims obtain redress, including compensation and rehabilitation.",
        ),
        (
            "para",
            13,
            "The State party is encouraged to disseminate widely the report submitted to the Committee and the "
            "present concluding observations.",
        ),
        (
            "para",
            14,
            "The Committee requests the State party to provide, within one year, information in response to the "
            "Committee's recommendations contained in paragraphs 6, 7, 8 and 9 above.",
        ),
        (
            "para",
            15,
            "The State party is invited to submit its next periodic report, which will be considered as the third "
            "periodic report, by 21 November 2012.",
        ),
    ],
)

# --- CCPR/C/TJK/CO/3: the Human Rights Committee's layout, follow-up on lettered sub-paragraphs ----

CCPR_TJK_CO_3 = Document(
    name="CCPR_C_TJK_CO_3",
    symbol="CCPR/C/TJK/CO/3",
    job="GE.19-14283",
    distributed="22 August 2019",
    convention=["International Covenant on", "Civil and Political Rights"],
    committee="Human Rights Committee",
    title="Concluding observations on the third periodic report of Tajikistan*",
    footnote="* Adopted by the Committee at its 126th session (1–26 July 2019).",
    blocks=[
        ("section", "A. Introduction"),
        (
            "para",
            1,
            "The Committee considered the third periodic report of Tajikistan (CCPR/C/TJK/3) at its 3604th and "
            "3605th meetings (see CCPR/C/SR.3604 and 3605), held on 2 and 3 July 2019. At its 3628th meeting, held on "
            "18 July 2019, it adopted the present concluding observations.",
        ),
        ("section", "B. Positive aspects"),
        ("para", 2, "The Committee welcomes the amendment of article 479 of the Code of Criminal Procedure on 27 November 2014."),
        ("para", 3, "The Committee welcomes the adoption of the Law on Nationality on 8 August 2015."),
        ("section", "C. Principal matters of concern and recommendations"),
        ("heading", "Implementation of the Committee's Views"),
        (
            "para",
            4,
            "The Committee is concerned that the State party has not given effect to the Views adopted by the "
            "Committee under the Optional Protocol.",
        ),
        (
            "para",
            5,
            "The State party should take all necessary measures to ensure full implementation of all the Views "
            "adopted by the Committee.",
        ),
        ("heading", "Prohibition of torture and other cruel, inhuman or degrading treatment or punishment"),
        (
            "para",
            6,
            "The Committee is concerned about continuing reports of torture and ill-treatment of persons deprived "
            "of their liberty, and about the very small number of prosecutions.",
        ),
        ("para", 7, "The State party should:"),
        sub(
            "a",
            "Ensure that all allegations of torture and ill-treatment are promptly and thoroughly investigated by an "
            "independent and impartial body;",
        ),
        sub("b", "Ensure that perpetrators are prosecuted and, if convicted, punished with appropriate sanctions;"),
        sub("c", "Ensure that victims obtain full reparation, including rehabilitation and adequate compensation."),
        ("heading", "Liberty and security of person"),
        ("para", 8, "The Committee is concerned that persons are held in police custody without registration."),
        (
            "para",
            9,
            "The State party should ensure that all detained persons are registered from the moment of their "
            "de facto apprehension and are afforded all legal safeguards.",
        ),
        ("heading", "Freedom of expression"),
        ("para", 10, "The Committee is concerned about the blocking of websites and the prosecution of journalists."),
        ("para", 11, "The State party should:"),
        sub("a", "Refrain from blocking websites and from restricting access to the Internet;"),
        sub("b", "Release journalists detained for exercising their right to freedom of expression;"),
        sub("c", "Review its legislation on extremism to bring it into line with article 19 of the Covenant;"),
        sub("d", "Protect journalists against harassment and intimidation."),
        ("heading", "Independence of the judiciary"),
        ("para", 12, "The Committee is concerned that the judiciary lacks independence from the executive."),
        (
            "para",
            13,
            "The State party should take all measures necessary to safeguard the independence of the judiciary, "
            "including in the selection, appointment, tenure and dismissal of judges.",
        ),
        ("section", "D. Dissemination and follow-up"),
        (
            "para",
            14,
            "The State party should widely disseminate the Covenant, its third periodic report and the present "
            "concluding observations.",
        ),
        (
            "para",
            15,
            "In accordance with rule 75, paragraph 1, of the Committee's rules of procedure, the State party is "
            "requested to provide, by 26 July 2021, information on the implementation of the recommendations made by the "
            "Committee in paragraphs 7 (a) and (b) (torture), 11 (c) (freedom of expression) and 13 (independence of the "
            "judiciary) above.",
        ),
        (
            "para",
            16,
            "The Committee requests the State party to submit its next periodic report by 26 July 2025 and to "
            "include in that report specific up-to-date information on the implementation of all the recommendations.",
        ),
    ],
)

# --- CCPR/C/TJK/FCO/3: the State's follow-up reply -------------------------------------------------

CCPR_TJK_FCO_3 = Document(
    name="CCPR_C_TJK_FCO_3",
    symbol="CCPR/C/TJK/FCO/3",
    job="GE.21-14720",
    distributed="15 October 2021",
    original="Russian",
    convention=["International Covenant on", "Civil and Political Rights"],
    committee="Human Rights Committee",
    title="Information received from Tajikistan on follow-up to the concluding observations on its third periodic report*",
    extra_cover=["[Date received: 27 July 2021]"],
    footnote="* The present document is being issued without formal editing.",
    blocks=[
        ("heading", "Information on paragraph 7 (a) of the concluding observations (CCPR/C/TJK/CO/3)"),
        (
            "para",
            1,
            "Under article 143-1 of the Criminal Code, every allegation of torture is registered and investigated "
            "by the prosecution service. In 2020, 34 complaints were registered and 5 criminal cases opened.",
        ),
        (
            "para",
            2,
            "An interdepartmental working group is drafting amendments to create an independent investigation mechanism.",
        ),
        ("heading", "Paragraph 7 (b)"),
        (
            "para",
            3,
            "In 2019–2020, three officials were convicted under article 143-1 of the Criminal Code and sentenced "
            "to terms of imprisonment.",
        ),
        ("heading", "Information on paragraph 11 (c) of the concluding observations"),
        (
            "para",
            4,
            "The Law on Countering Extremism of 2 January 2020 defines extremist activity in accordance with "
            "international standards.",
        ),
        ("heading", "Paragraph 13"),
        (
            "para",
            5,
            "The Council of Justice selects candidates for judicial office on a competitive basis, and judges are "
            "appointed for ten years.",
        ),
    ],
)

# --- CCPR/C/133/2: the Committee's follow-up report, several States, grades A to E -----------------

_GRADES = [
    (
        "para",
        1,
        "At its 3467th meeting, held on 28 March 2018, the Human Rights Committee adopted a methodology for its "
        "follow-up procedure on concluding observations. The present report sets out the information received and the "
        "Committee's assessments, adopted at its 133rd session.",
    ),
    ("heading", "Assessment of replies"),
    (
        "text",
        "A Reply/action largely satisfactory: The State party has provided evidence of significant action taken "
        "towards the implementation of the recommendation.",
    ),
    (
        "text",
        "B Reply/action partially satisfactory: The State party has taken steps towards the implementation of the "
        "recommendation, but additional information or action remains necessary.",
    ),
    (
        "text",
        "C Reply/action not satisfactory: A response has been received, but action taken or information provided "
        "by the State party is not relevant or does not implement the recommendation.",
    ),
    ("text", "D No cooperation with the Committee: No follow-up report has been received after the reminder(s)."),
    ("text", "E Information or measures taken are contrary to or reflect rejection of the recommendation."),
]

CCPR_133_2 = Document(
    name="CCPR_C_133_2",
    symbol="CCPR/C/133/2",
    job="GE.21-19563",
    distributed="22 December 2021",
    convention=["International Covenant on", "Civil and Political Rights"],
    committee="Human Rights Committee",
    title="Report on follow-up to the concluding observations of the Human Rights Committee*",
    footnote="* Adopted by the Committee at its 133rd session (11 October–5 November 2021).",
    blocks=[
        ("section", "I. Introduction"),
        *_GRADES,
        ("section", "II. Assessment of follow-up information"),
        ("heading", "Tajikistan"),
        ("text", "Concluding observations: CCPR/C/TJK/CO/3, 18 July 2019"),
        ("text", "Follow-up paragraphs: 7, 11 and 13"),
        ("text", "Information received: 27 July 2021"),
        ("heading", "Paragraph 7: Prohibition of torture"),
        ("heading", "Summary of the State party's reply"),
        (
            "text",
            "The State party reported that every allegation of torture is registered and that three officials were "
            "convicted in 2019–2020.",
        ),
        ("heading", "Committee's evaluation"),
        (
            "text",
            "(a) [B]: The Committee welcomes the registration of complaints but regrets that no independent "
            "investigation mechanism has been established.",
        ),
        ("text", "(b) [A]: The Committee welcomes the convictions of three officials under article 143-1 of the Criminal Code."),
        ("heading", "Paragraph 11: Freedom of expression"),
        ("heading", "Committee's evaluation"),
        (
            "text",
            "(c) [C]: The Law on Countering Extremism of 2020 retains a vague definition of extremism; the Committee "
            "reiterates its recommendation.",
        ),
        ("heading", "Paragraph 13: Independence of the judiciary"),
        ("heading", "Committee's evaluation"),
        (
            "text",
            "[B]: The Committee notes the competitive selection of candidates but requires information on the tenure "
            "and dismissal of judges.",
        ),
        (
            "text",
            "Recommended action: A letter should be sent informing the State party of the discontinuation of the "
            "follow-up procedure. The information requested should be included in the State party's next periodic report.",
        ),
        ("text", "Next periodic report due: 26 July 2025"),
        ("heading", "Kazakhstan"),
        ("text", "Concluding observations: CCPR/C/KAZ/CO/2, 11 July 2016"),
        ("text", "Follow-up paragraphs: 20, 44 and 52"),
        ("heading", "Paragraph 20: Torture and ill-treatment"),
        ("heading", "Committee's evaluation"),
        ("text", "[C]: The Committee regrets the lack of information on investigations."),
        ("heading", "Paragraph 44: Freedom of expression"),
        ("heading", "Committee's evaluation"),
        ("text", "[E]: The new law on communication services extends the blocking of websites, contrary to the recommendation."),
        ("heading", "Paragraph 52: Freedom of assembly"),
        ("heading", "Committee's evaluation"),
        ("text", "[D]: No information was provided after the reminder."),
        (
            "text",
            "Recommended action: A letter should be sent informing the State party of the discontinuation of the "
            "follow-up procedure.",
        ),
        ("heading", "Slovenia"),
        ("text", "Concluding observations: CCPR/C/SVN/CO/4, 28 March 2016"),
        ("heading", "Paragraph 8: Non-discrimination"),
        ("heading", "Committee's evaluation"),
        ("text", "[A]: The Committee welcomes the adoption of the Protection against Discrimination Act."),
        ("text", "Next follow-up letter: The information requested should be included in the next periodic report."),
    ],
)

DOCUMENTS = [KAZ_CO_3, KAZ_CO_3_RU, TJK_CO_3, KAZ_CO_2, CCPR_TJK_CO_3, CCPR_TJK_FCO_3, CCPR_133_2]


# --- rendering ---------------------------------------------------------------------------------

_STYLE = """
@page { size: A4; margin: 22mm 20mm 24mm 20mm; }
@page :left { @top-left { content: "%(symbol)s"; font: 9pt "Times New Roman", serif; }
              @bottom-left { content: counter(page) "  %(job)s"; font: 9pt "Times New Roman", serif; } }
@page :right { @top-right { content: "%(symbol)s"; font: 9pt "Times New Roman", serif; }
               @bottom-right { content: "%(job)s  " counter(page); font: 9pt "Times New Roman", serif; } }
@page :first { @top-right { content: none; } @bottom-right { content: none; }
               @bottom-left { content: "%(job)s (%(letter)s)    %(stamp)s"; font: 9pt "Times New Roman", serif; } }
body { font: 10pt "Times New Roman", serif; margin: 0; }
.cover { display: flex; justify-content: space-between; border-bottom: 2pt solid black; margin-bottom: 6pt; }
.cover .un { font: 14pt sans-serif; }
.cover .symbol { font: bold 14pt "Times New Roman", serif; }
.block { display: flex; justify-content: space-between; border-bottom: 1pt solid black; margin-bottom: 12pt; }
.distr { width: 45mm; }
.committee { font: bold 12pt "Times New Roman", serif; margin: 10pt 0; }
.title { font: bold 14pt "Times New Roman", serif; margin: 10pt 0 16pt 0; }
h2 { font: bold 12pt "Times New Roman", serif; margin: 14pt 0 6pt 0; }
h3 { font: bold 10pt "Times New Roman", serif; margin: 10pt 0 6pt 12mm; }
p { margin: 0 0 6pt 12mm; text-align: justify; }
p.num { text-indent: -0mm; }
p.sub { margin-left: 12mm; text-indent: 8mm; }
.note { font-size: 8pt; border-top: 0.5pt solid black; width: 40mm; padding-top: 2pt; margin-top: 30pt; }
"""


def _cover_lines(doc: Document) -> list[str]:
    lines = ["Distr.: General", doc.distributed]
    if doc.language == "ru":
        lines.append("Russian")
    lines += ["", f"Original: {doc.original}"]
    return lines


def _html(doc: Document) -> str:
    e = html.escape
    letter = "R" if doc.language == "ru" else "E"
    stamp = "".join(part.zfill(2) for part in doc.distributed.split()[:1]) + "12" + doc.distributed.split()[-1][2:]
    parts = [
        f"<!doctype html><html lang='{doc.language}'><head><meta charset='utf-8'><style>"
        f"{_STYLE % {'symbol': doc.symbol, 'job': doc.job, 'letter': letter, 'stamp': stamp}}</style></head><body>",
        f"<div class='cover'><span class='un'>United Nations</span><span class='symbol'>{e(doc.symbol)}</span></div>",
        "<div class='block'><div>"
        + "<br>".join(e(line) for line in doc.convention)
        + "</div><div class='distr'>"
        + "<br>".join(e(line) or "&nbsp;" for line in _cover_lines(doc))
        + "</div></div>",
        f"<div class='committee'>{e(doc.committee)}</div>",
        f"<div class='title'>{e(doc.title)}</div>",
        *(f"<p>{e(line)}</p>" if line.startswith("[") else f"<div class='title'>{e(line)}</div>" for line in doc.extra_cover),
    ]
    for block in doc.blocks:
        kind = block[0]
        if kind == "section":
            parts.append(f"<h2>{e(block[1])}</h2>")
        elif kind == "heading":
            parts.append(f"<h3>{e(block[1])}</h3>")
        elif kind == "para":
            parts.append(f"<p class='num'>{block[1]}.&nbsp;&nbsp;{e(block[2])}</p>")
        elif kind == "text":
            parts.append(f"<p>{e(block[1])}</p>")
        elif kind == "sub":
            marker = f"{block[1]})" if doc.language == "ru" else f"({block[1]})"
            parts.append(f"<p class='sub'>{marker}&nbsp;&nbsp;{e(block[2])}</p>")
    if doc.footnote:
        parts.append(f"<div class='note'>{e(doc.footnote)}</div>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _pdf(doc: Document, out: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        page = Path(work) / f"{doc.name}.html"
        page.write_text(_html(doc), encoding="utf-8")
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={work}/profile",
                f"--print-to-pdf={out}",
                "--no-pdf-header-footer",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def _docx(doc: Document, out: Path) -> None:
    import docx
    from docx.shared import Mm, Pt

    word = docx.Document()
    style = word.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(10)
    section = word.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = doc.symbol
    section.footer.paragraphs[0].text = doc.job
    section.first_page_footer.paragraphs[0].text = f"{doc.job} (E)"
    word.add_paragraph(f"United Nations\t{doc.symbol}")
    for line in doc.convention:
        word.add_paragraph(line)
    for line in _cover_lines(doc):
        if line:
            word.add_paragraph(line)
    word.add_paragraph(doc.committee)
    for line in doc.extra_cover:
        word.add_paragraph(line)
    word.add_paragraph(doc.title).runs[0].bold = True
    if doc.footnote:
        word.add_paragraph(doc.footnote).runs[0].font.size = Pt(8)
    for block in doc.blocks:
        kind = block[0]
        if kind in ("section", "heading"):
            word.add_paragraph(block[1]).runs[0].bold = True
        elif kind == "para":
            word.add_paragraph(f"{block[1]}.\t{block[2]}")
        elif kind == "text":
            word.add_paragraph(block[1])
        elif kind == "sub":
            paragraph = word.add_paragraph(f"({block[1]})\t{block[2]}")
            paragraph.paragraph_format.left_indent = Mm(10)
    word.core_properties.author = "tracker test fixtures"
    word.save(str(out))


def main() -> int:
    """Write every fixture, as PDF or Word as each says."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for doc in DOCUMENTS:
        for kind in doc.formats:
            out = OUTPUT / f"{doc.name}.{kind}"
            (_pdf if kind == "pdf" else _docx)(doc, out)
            print(f"wrote {out.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
