"""A short, deterministic headline for an event, built only from its slots."""
from __future__ import annotations

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
            parts.append(f"{q.quantity:,.0f} {q.unit}s of {q.substance}")
        counts = dict(event.counts)
        for key in ("arrested", "detained", "sentenced", "convicted", "crimes", "criminal_cases"):
            if key in counts:
                parts.append(f"{counts[key]:,.0f} {key.replace('_', ' ')}")
                break
    if event.place is not None and event.place.name and event.event_type != "route":
        parts.append(event.place.name)
    return " \u2014 ".join(parts)


def _kg(kg: float | None) -> str:
    if kg is None:
        return ""
    if kg >= 1000:
        return f"{kg / 1000:,.3g} t"
    return f"{kg:,.3f}".rstrip("0").rstrip(".") + " kg"
