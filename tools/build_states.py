#!/usr/bin/env python3
"""Build tracker/seed/states.ndjson: every UN member State and the two observer States.

    python tools/build_states.py

Codes are ISO 3166-1 alpha-3; regions are UN M49 sub-regions (Africa south of the Sahara is
"Sub-Saharan Africa" and the Americas south of the United States "Latin America and the
Caribbean", as M49 names those sub-regions); English names are the UN's short names.
"""

from __future__ import annotations

from pathlib import Path

from tracker.records import MetaRecord, StateRecord, encode_record

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "tracker/seed/states.ndjson"

NORTHERN_AFRICA = "Northern Africa"
SUB_SAHARAN_AFRICA = "Sub-Saharan Africa"
LATIN_AMERICA = "Latin America and the Caribbean"
NORTHERN_AMERICA = "Northern America"
CENTRAL_ASIA = "Central Asia"
EASTERN_ASIA = "Eastern Asia"
SOUTH_EASTERN_ASIA = "South-eastern Asia"
SOUTHERN_ASIA = "Southern Asia"
WESTERN_ASIA = "Western Asia"
EASTERN_EUROPE = "Eastern Europe"
NORTHERN_EUROPE = "Northern Europe"
SOUTHERN_EUROPE = "Southern Europe"
WESTERN_EUROPE = "Western Europe"
AUSTRALIA_NZ = "Australia and New Zealand"
MELANESIA = "Melanesia"
MICRONESIA = "Micronesia"
POLYNESIA = "Polynesia"

MEMBER_STATES = [
    ("AFG", "Afghanistan", SOUTHERN_ASIA),
    ("AGO", "Angola", SUB_SAHARAN_AFRICA),
    ("ALB", "Albania", SOUTHERN_EUROPE),
    ("AND", "Andorra", SOUTHERN_EUROPE),
    ("ARE", "United Arab Emirates", WESTERN_ASIA),
    ("ARG", "Argentina", LATIN_AMERICA),
    ("ARM", "Armenia", WESTERN_ASIA),
    ("ATG", "Antigua and Barbuda", LATIN_AMERICA),
    ("AUS", "Australia", AUSTRALIA_NZ),
    ("AUT", "Austria", WESTERN_EUROPE),
    ("AZE", "Azerbaijan", WESTERN_ASIA),
    ("BDI", "Burundi", SUB_SAHARAN_AFRICA),
    ("BEL", "Belgium", WESTERN_EUROPE),
    ("BEN", "Benin", SUB_SAHARAN_AFRICA),
    ("BFA", "Burkina Faso", SUB_SAHARAN_AFRICA),
    ("BGD", "Bangladesh", SOUTHERN_ASIA),
    ("BGR", "Bulgaria", EASTERN_EUROPE),
    ("BHR", "Bahrain", WESTERN_ASIA),
    ("BHS", "Bahamas", LATIN_AMERICA),
    ("BIH", "Bosnia and Herzegovina", SOUTHERN_EUROPE),
    ("BLR", "Belarus", EASTERN_EUROPE),
    ("BLZ", "Belize", LATIN_AMERICA),
    ("BOL", "Bolivia (Plurinational State of)", LATIN_AMERICA),
    ("BRA", "Brazil", LATIN_AMERICA),
    ("BRB", "Barbados", LATIN_AMERICA),
    ("BRN", "Brunei Darussalam", SOUTH_EASTERN_ASIA),
    ("BTN", "Bhutan", SOUTHERN_ASIA),
    ("BWA", "Botswana", SUB_SAHARAN_AFRICA),
    ("CAF", "Central African Republic", SUB_SAHARAN_AFRICA),
    ("CAN", "Canada", NORTHERN_AMERICA),
    ("CHE", "Switzerland", WESTERN_EUROPE),
    ("CHL", "Chile", LATIN_AMERICA),
    ("CHN", "China", EASTERN_ASIA),
    ("CIV", "Côte d'Ivoire", SUB_SAHARAN_AFRICA),
    ("CMR", "Cameroon", SUB_SAHARAN_AFRICA),
    ("COD", "Democratic Republic of the Congo", SUB_SAHARAN_AFRICA),
    ("COG", "Congo", SUB_SAHARAN_AFRICA),
    ("COL", "Colombia", LATIN_AMERICA),
    ("COM", "Comoros", SUB_SAHARAN_AFRICA),
    ("CPV", "Cabo Verde", SUB_SAHARAN_AFRICA),
    ("CRI", "Costa Rica", LATIN_AMERICA),
    ("CUB", "Cuba", LATIN_AMERICA),
    ("CYP", "Cyprus", WESTERN_ASIA),
    ("CZE", "Czechia", EASTERN_EUROPE),
    ("DEU", "Germany", WESTERN_EUROPE),
    ("DJI", "Djibouti", SUB_SAHARAN_AFRICA),
    ("DMA", "Dominica", LATIN_AMERICA),
    ("DNK", "Denmark", NORTHERN_EUROPE),
    ("DOM", "Dominican Republic", LATIN_AMERICA),
    ("DZA", "Algeria", NORTHERN_AFRICA),
    ("ECU", "Ecuador", LATIN_AMERICA),
    ("EGY", "Egypt", NORTHERN_AFRICA),
    ("ERI", "Eritrea", SUB_SAHARAN_AFRICA),
    ("ESP", "Spain", SOUTHERN_EUROPE),
    ("EST", "Estonia", NORTHERN_EUROPE),
    ("ETH", "Ethiopia", SUB_SAHARAN_AFRICA),
    ("FIN", "Finland", NORTHERN_EUROPE),
    ("FJI", "Fiji", MELANESIA),
    ("FRA", "France", WESTERN_EUROPE),
    ("FSM", "Micronesia (Federated States of)", MICRONESIA),
    ("GAB", "Gabon", SUB_SAHARAN_AFRICA),
    ("GBR", "United Kingdom of Great Britain and Northern Ireland", NORTHERN_EUROPE),
    ("GEO", "Georgia", WESTERN_ASIA),
    ("GHA", "Ghana", SUB_SAHARAN_AFRICA),
    ("GIN", "Guinea", SUB_SAHARAN_AFRICA),
    ("GMB", "Gambia", SUB_SAHARAN_AFRICA),
    ("GNB", "Guinea-Bissau", SUB_SAHARAN_AFRICA),
    ("GNQ", "Equatorial Guinea", SUB_SAHARAN_AFRICA),
    ("GRC", "Greece", SOUTHERN_EUROPE),
    ("GRD", "Grenada", LATIN_AMERICA),
    ("GTM", "Guatemala", LATIN_AMERICA),
    ("GUY", "Guyana", LATIN_AMERICA),
    ("HND", "Honduras", LATIN_AMERICA),
    ("HRV", "Croatia", SOUTHERN_EUROPE),
    ("HTI", "Haiti", LATIN_AMERICA),
    ("HUN", "Hungary", EASTERN_EUROPE),
    ("IDN", "Indonesia", SOUTH_EASTERN_ASIA),
    ("IND", "India", SOUTHERN_ASIA),
    ("IRL", "Ireland", NORTHERN_EUROPE),
    ("IRN", "Iran (Islamic Republic of)", SOUTHERN_ASIA),
    ("IRQ", "Iraq", WESTERN_ASIA),
    ("ISL", "Iceland", NORTHERN_EUROPE),
    ("ISR", "Israel", WESTERN_ASIA),
    ("ITA", "Italy", SOUTHERN_EUROPE),
    ("JAM", "Jamaica", LATIN_AMERICA),
    ("JOR", "Jordan", WESTERN_ASIA),
    ("JPN", "Japan", EASTERN_ASIA),
    ("KAZ", "Kazakhstan", CENTRAL_ASIA),
    ("KEN", "Kenya", SUB_SAHARAN_AFRICA),
    ("KGZ", "Kyrgyzstan", CENTRAL_ASIA),
    ("KHM", "Cambodia", SOUTH_EASTERN_ASIA),
    ("KIR", "Kiribati", MICRONESIA),
    ("KNA", "Saint Kitts and Nevis", LATIN_AMERICA),
    ("KOR", "Republic of Korea", EASTERN_ASIA),
    ("KWT", "Kuwait", WESTERN_ASIA),
    ("LAO", "Lao People's Democratic Republic", SOUTH_EASTERN_ASIA),
    ("LBN", "Lebanon", WESTERN_ASIA),
    ("LBR", "Liberia", SUB_SAHARAN_AFRICA),
    ("LBY", "Libya", NORTHERN_AFRICA),
    ("LCA", "Saint Lucia", LATIN_AMERICA),
    ("LIE", "Liechtenstein", WESTERN_EUROPE),
    ("LKA", "Sri Lanka", SOUTHERN_ASIA),
    ("LSO", "Lesotho", SUB_SAHARAN_AFRICA),
    ("LTU", "Lithuania", NORTHERN_EUROPE),
    ("LUX", "Luxembourg", WESTERN_EUROPE),
    ("LVA", "Latvia", NORTHERN_EUROPE),
    ("MAR", "Morocco", NORTHERN_AFRICA),
    ("MCO", "Monaco", WESTERN_EUROPE),
    ("MDA", "Republic of Moldova", EASTERN_EUROPE),
    ("MDG", "Madagascar", SUB_SAHARAN_AFRICA),
    ("MDV", "Maldives", SOUTHERN_ASIA),
    ("MEX", "Mexico", LATIN_AMERICA),
    ("MHL", "Marshall Islands", MICRONESIA),
    ("MKD", "North Macedonia", SOUTHERN_EUROPE),
    ("MLI", "Mali", SUB_SAHARAN_AFRICA),
    ("MLT", "Malta", SOUTHERN_EUROPE),
    ("MMR", "Myanmar", SOUTH_EASTERN_ASIA),
    ("MNE", "Montenegro", SOUTHERN_EUROPE),
    ("MNG", "Mongolia", EASTERN_ASIA),
    ("MOZ", "Mozambique", SUB_SAHARAN_AFRICA),
    ("MRT", "Mauritania", SUB_SAHARAN_AFRICA),
    ("MUS", "Mauritius", SUB_SAHARAN_AFRICA),
    ("MWI", "Malawi", SUB_SAHARAN_AFRICA),
    ("MYS", "Malaysia", SOUTH_EASTERN_ASIA),
    ("NAM", "Namibia", SUB_SAHARAN_AFRICA),
    ("NER", "Niger", SUB_SAHARAN_AFRICA),
    ("NGA", "Nigeria", SUB_SAHARAN_AFRICA),
    ("NIC", "Nicaragua", LATIN_AMERICA),
    ("NLD", "Netherlands (Kingdom of the)", WESTERN_EUROPE),
    ("NOR", "Norway", NORTHERN_EUROPE),
    ("NPL", "Nepal", SOUTHERN_ASIA),
    ("NRU", "Nauru", MICRONESIA),
    ("NZL", "New Zealand", AUSTRALIA_NZ),
    ("OMN", "Oman", WESTERN_ASIA),
    ("PAK", "Pakistan", SOUTHERN_ASIA),
    ("PAN", "Panama", LATIN_AMERICA),
    ("PER", "Peru", LATIN_AMERICA),
    ("PHL", "Philippines", SOUTH_EASTERN_ASIA),
    ("PLW", "Palau", MICRONESIA),
    ("PNG", "Papua New Guinea", MELANESIA),
    ("POL", "Poland", EASTERN_EUROPE),
    ("PRK", "Democratic People's Republic of Korea", EASTERN_ASIA),
    ("PRT", "Portugal", SOUTHERN_EUROPE),
    ("PRY", "Paraguay", LATIN_AMERICA),
    ("QAT", "Qatar", WESTERN_ASIA),
    ("ROU", "Romania", EASTERN_EUROPE),
    ("RUS", "Russian Federation", EASTERN_EUROPE),
    ("RWA", "Rwanda", SUB_SAHARAN_AFRICA),
    ("SAU", "Saudi Arabia", WESTERN_ASIA),
    ("SDN", "Sudan", NORTHERN_AFRICA),
    ("SEN", "Senegal", SUB_SAHARAN_AFRICA),
    ("SGP", "Singapore", SOUTH_EASTERN_ASIA),
    ("SLB", "Solomon Islands", MELANESIA),
    ("SLE", "Sierra Leone", SUB_SAHARAN_AFRICA),
    ("SLV", "El Salvador", LATIN_AMERICA),
    ("SMR", "San Marino", SOUTHERN_EUROPE),
    ("SOM", "Somalia", SUB_SAHARAN_AFRICA),
    ("SRB", "Serbia", SOUTHERN_EUROPE),
    ("SSD", "South Sudan", SUB_SAHARAN_AFRICA),
    ("STP", "Sao Tome and Principe", SUB_SAHARAN_AFRICA),
    ("SUR", "Suriname", LATIN_AMERICA),
    ("SVK", "Slovakia", EASTERN_EUROPE),
    ("SVN", "Slovenia", SOUTHERN_EUROPE),
    ("SWE", "Sweden", NORTHERN_EUROPE),
    ("SWZ", "Eswatini", SUB_SAHARAN_AFRICA),
    ("SYC", "Seychelles", SUB_SAHARAN_AFRICA),
    ("SYR", "Syrian Arab Republic", WESTERN_ASIA),
    ("TCD", "Chad", SUB_SAHARAN_AFRICA),
    ("TGO", "Togo", SUB_SAHARAN_AFRICA),
    ("THA", "Thailand", SOUTH_EASTERN_ASIA),
    ("TJK", "Tajikistan", CENTRAL_ASIA),
    ("TKM", "Turkmenistan", CENTRAL_ASIA),
    ("TLS", "Timor-Leste", SOUTH_EASTERN_ASIA),
    ("TON", "Tonga", POLYNESIA),
    ("TTO", "Trinidad and Tobago", LATIN_AMERICA),
    ("TUN", "Tunisia", NORTHERN_AFRICA),
    ("TUR", "Türkiye", WESTERN_ASIA),
    ("TUV", "Tuvalu", POLYNESIA),
    ("TZA", "United Republic of Tanzania", SUB_SAHARAN_AFRICA),
    ("UGA", "Uganda", SUB_SAHARAN_AFRICA),
    ("UKR", "Ukraine", EASTERN_EUROPE),
    ("URY", "Uruguay", LATIN_AMERICA),
    ("USA", "United States of America", NORTHERN_AMERICA),
    ("UZB", "Uzbekistan", CENTRAL_ASIA),
    ("VCT", "Saint Vincent and the Grenadines", LATIN_AMERICA),
    ("VEN", "Venezuela (Bolivarian Republic of)", LATIN_AMERICA),
    ("VNM", "Viet Nam", SOUTH_EASTERN_ASIA),
    ("VUT", "Vanuatu", MELANESIA),
    ("WSM", "Samoa", POLYNESIA),
    ("YEM", "Yemen", WESTERN_ASIA),
    ("ZAF", "South Africa", SUB_SAHARAN_AFRICA),
    ("ZMB", "Zambia", SUB_SAHARAN_AFRICA),
    ("ZWE", "Zimbabwe", SUB_SAHARAN_AFRICA),
]

OBSERVER_STATES = [
    ("PSE", "State of Palestine", WESTERN_ASIA),
    ("VAT", "Holy See", SOUTHERN_EUROPE),
]

OTHER_NAMES = {
    "KAZ": {"ru": "Казахстан", "kk": "Қазақстан"},
    "TJK": {"ru": "Таджикистан", "tg": "Тоҷикистон"},
}


def state_records() -> list[StateRecord]:
    """One record per State, ordered by code."""
    rows = sorted(MEMBER_STATES + OBSERVER_STATES)
    codes = [code for code, _, _ in rows]
    if len(MEMBER_STATES) != 193 or len(set(codes)) != len(codes):
        raise SystemExit("expected 193 member States and no code twice")
    return [StateRecord(code=code, names={"en": name, **OTHER_NAMES.get(code, {})}, region=region) for code, name, region in rows]


def main() -> None:
    meta = MetaRecord(description="UN member and observer States: ISO 3166-1 alpha-3 codes, names, UN M49 sub-regions")
    lines = [encode_record(meta), *(encode_record(r) for r in state_records())]
    OUTPUT.write_bytes(b"\n".join(lines) + b"\n")
    print(f"wrote {len(lines) - 1} States to {OUTPUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
