"""Cable TAGS name countries by FIPS 10-4 code, not ISO 3166: TI is Tajikistan, TX
Turkmenistan, RS Russia, CH China (ISO CH is Switzerland), AU Austria (ISO AU is
Australia).  Codes equal in both systems are not listed."""
from __future__ import annotations

FIPS_TO_ISO: dict[str, str] = {
    "AJ": "AZ", "AU": "AT", "AS": "AU", "BO": "BY", "BU": "BG", "CH": "CN", "EN": "EE", "GG": "GE",
    "GM": "DE", "IZ": "IQ", "JA": "JP", "KS": "KR", "KN": "KP", "LG": "LV", "LH": "LT", "MG": "MN",
    "RS": "RU", "SP": "ES", "SW": "SE", "SZ": "CH", "TI": "TJ", "TX": "TM", "TU": "TR", "UP": "UA",
    "UK": "GB", "EI": "IE", "EZ": "CZ", "LO": "SK", "BK": "BA", "VM": "VN", "BM": "MM", "CB": "KH",
    "CE": "LK", "BG": "BD", "IS": "IL", "LE": "LB", "KU": "KW", "MU": "OM", "YM": "YE", "BA": "BH",
    "MO": "MA", "AG": "DZ", "TS": "TN", "NI": "NG", "SF": "ZA", "CI": "CL", "BL": "BO", "PA": "PY",
    "PM": "PA", "NU": "NI", "HO": "HN", "ES": "SV", "CS": "CR", "DR": "DO", "HA": "HT", "RP": "PH",
    "ID": "ID", "MY": "MY", "SN": "SG", "AF": "AF", "PK": "PK", "IR": "IR", "KZ": "KZ", "KG": "KG",
    "UZ": "UZ", "AM": "AM", "MD": "MD", "GR": "GR", "IN": "IN", "NL": "NL", "FR": "FR", "IT": "IT",
    "PL": "PL", "US": "US", "CA": "CA", "MX": "MX", "CO": "CO", "PE": "PE", "BR": "BR", "AR": "AR",
}


def iso_from_tag(tag: str) -> str:
    """The ISO alpha-2 code a two-letter cable tag stands for."""
    return FIPS_TO_ISO.get(tag.upper(), tag.upper())
