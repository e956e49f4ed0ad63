"""A short, deterministic headline for an event, built only from its slots."""
from __future__ import annotations

import math

from geoevents.model import Event

LABELS = {
    "seizure": "Seizure", "operation": "Operation", "lab_closure": "Lab closed", "arrest": "Arrests",
    "sentencing": "Sentencing", "route": "Trafficking route", "price": "Drug price",
    "legislation": "Legislation", "agreement": "Agreement", "program": "Programme",
    "training": "Training", "statistic": "Statistic", "other": "Event",
}


def title_for(event: Event) -> str:
    parts = [LABELS.get(event.event_type, event.event_type)]
    if event.status == "planned":
        parts[0] += " (planned)"
    if event.operation and event.event_type in ("operation", "seizure", "arrest", "statistic"):
        parts.append(f"Operation {event.operation}")
    if event.event_type == "route" and event.route:
        parts.append(" \u2192 ".join(stop.name for stop in event.route))
    elif event.event_type == "price" and event.price:
        p = event.price
        amount = f"{p['amount']:,.0f}" + (f"\u2013{p['amount_max']:,.0f}" if p.get("amount_max") else "")
        per = f"/{p['unit']}" if p.get("unit") else ""
        parts.append(f"{p.get('substance') or 'drugs'} {amount} {p['currency']}{per}")
    else:
        masses = [q for q in event.drugs if q.kg is not None]
        if masses:
            top = max(masses, key=lambda q: q.kg or 0)
            parts.append(f"{_kg(top.kg)} {top.substance}")
        elif event.drugs and event.drugs[0].quantity is not None:
            q = event.drugs[0]
            if q.unit:
                unit = q.unit if q.quantity == 1 or q.unit.endswith("s") else f"{q.unit}s"
                parts.append(f"{_plain(q.quantity)} {unit} of {q.substance}")
            else:
                parts.append(f"{_plain(q.quantity)} {q.substance}")
        counts = dict(event.counts)
        for key in ("arrested", "detained", "sentenced", "convicted", "crimes", "criminal_cases"):
            if key in counts:
                parts.append(f"{counts[key]:,.0f} {key.replace('_', ' ')}")
                break
    if event.place is not None and event.place.name and event.event_type != "route":
        parts.append(event.place.name)
    return " \u2014 ".join(parts)


def _kg(kg: float | None) -> str:
    """A mass as people write it: "537 kg", "21.8 t", "145,000 t" -- never "1.45e+05 t"."""
    if kg is None:
        return ""
    if kg >= 1000:
        return f"{_plain(_three_figures(kg / 1000))} t"
    return f"{kg:,.3f}".rstrip("0").rstrip(".") + " kg"


def _three_figures(value: float) -> float:
    """``value`` rounded to three significant figures (21,787 -> 21,800)."""
    if value == 0:
        return 0.0
    return round(value, 2 - math.floor(math.log10(abs(value))))


def _plain(value: float) -> str:
    """Digits with thousands separators and no exponent; decimals only where they count."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text
