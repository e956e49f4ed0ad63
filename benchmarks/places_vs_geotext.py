"""Place mentions: geoevents.places vs geotext (PyPI) on the same annotated texts, one process.

Prints mention precision/recall/F1 for both (all gold mentions, and the city+country subset
that geotext is built for), the median time per pass over the corpus, and gazetteer load
time.  The corpus below is written for this benchmark in the style of INCSR reports and
embassy cables; each gold mention is the place name as it appears in the text.
Run: .venv/bin/python benchmarks/places_vs_geotext.py
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable

# (text, gold mentions as (surface, category)); category: city country region border
# crossing feature macro demonym.
CORPUS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Customs officers at the Dostyk checkpoint seized 40 kilos of hashish hidden in a truck "
     "from Urumqi.", [("Dostyk", "crossing"), ("Urumqi", "city")]),
    ("The heroin entered Kazakhstan from Tajikistan through Kyrgyzstan and was bound for "
     "Yekaterinburg.", [("Kazakhstan", "country"), ("Tajikistan", "country"),
                        ("Kyrgyzstan", "country"), ("Yekaterinburg", "city")]),
    ("Police in Aktobe and Kostanay detained six members of a ring supplying Afghan opiates "
     "to Samara.", [("Aktobe", "city"), ("Kostanay", "city"), ("Afghan", "demonym"),
                    ("Samara", "city")]),
    ("In the Jamaika night club in Almaty, officers arrested a dealer with ecstasy from the "
     "Netherlands.", [("Almaty", "city"), ("Netherlands", "country")]),
    ("Operation Typhoon ended with arrests in Shymkent, Kyzylorda and Aralsk.",
     [("Shymkent", "city"), ("Kyzylorda", "city"), ("Aralsk", "city")]),
    ("Wild cannabis covers thousands of hectares in Almaty, Zhambyl, and Kostanay regions.",
     [("Almaty", "region"), ("Zhambyl", "region"), ("Kostanay", "region")]),
    ("Border guards reinforced posts on the Kazakhstani-Uzbek border near Saryagash.",
     [("Kazakhstani-Uzbek border", "border"), ("Saryagash", "city")]),
    ("The President announced the program in Astana; the oral dose was not discussed.",
     [("Astana", "city")]),
    ("Two instructors attended a course in Glynco, Georgia, and one in Artesia, New Mexico.",
     [("Glynco, Georgia", "city"), ("Artesia, New Mexico", "city")]),
    ("Tajik border troops seized opium on the Panj river near Khorog and Ishkashim.",
     [("Tajik", "demonym"), ("Panj river", "feature"), ("Khorog", "city"), ("Ishkashim", "city")]),
    ("Heroin from Mazar-i-Sharif crosses the Amu Darya at Termez before reaching Tashkent.",
     [("Mazar-i-Sharif", "city"), ("Amu Darya", "feature"), ("Termez", "city"),
      ("Tashkent", "city")]),
    ("The Kyrgyz Republic and the Russian Federation signed the protocol in Bishkek.",
     [("Kyrgyz Republic", "country"), ("Russian Federation", "country"), ("Bishkek", "city")]),
    ("Traffickers move hashish from the Chu Valley to Karaganda and Petropavlovsk.",
     [("Chu Valley", "feature"), ("Karaganda", "city"), ("Petropavlovsk", "city")]),
    ("A pervitin lab was closed in Pavlodar (Northern Kazakhstan) by the police.",
     [("Pavlodar (Northern Kazakhstan)", "city")]),
    ("Most couriers were Uzbek citizens; others came from Turkmenistan and Iran.",
     [("Uzbek", "demonym"), ("Turkmenistan", "country"), ("Iran", "country")]),
    ("Batken and Osh provinces saw more seizures, as did Jalal-Abad city.",
     [("Batken", "region"), ("Osh", "region"), ("Jalal-Abad", "city")]),
    ("Opium prices in Gorno-Badakhshan fell while those in Dushanbe rose.",
     [("Gorno-Badakhshan", "region"), ("Dushanbe", "city")]),
    ("The CARICC office in Almaty shared data with Interpol and Europol.",
     [("Almaty", "city")]),
    ("Seizures in the Fergana Valley rose, especially around Andijan and Namangan.",
     [("Fergana Valley", "feature"), ("Andijan", "city"), ("Namangan", "city")]),
    ("The cocaine was shipped from Ecuador through Rotterdam to Saint Petersburg.",
     [("Ecuador", "country"), ("Rotterdam", "city"), ("Saint Petersburg", "city")]),
    ("Police in Taldy Korgan and Ust-Kamenogorsk reported higher prices.",
     [("Taldy Korgan", "city"), ("Ust-Kamenogorsk", "city")]),
    ("Police and Customs officers met at the Center in March to plan joint patrols.", []),
    ("A joint team with Turkish law enforcement traced the money to Istanbul and Dubai.",
     [("Turkish", "demonym"), ("Istanbul", "city"), ("Dubai", "city")]),
    ("Trucks crossing at Khorgos and the Kairak border checkpoint were scanned.",
     [("Khorgos", "crossing"), ("Kairak border checkpoint", "crossing")]),
    ("Uralsk, Western Kazakhstan, hosts a new training center for border guards.",
     [("Uralsk, Western Kazakhstan", "city")]),
    ("Mayor Aktau was not involved; the shipment went from Aktau port to Baku, Azerbaijan.",
     [("Aktau", "city"), ("Baku, Azerbaijan", "city")]),
]
FOCUS = ("KZ",)
RUNS = 7


def _match(system: list[str], gold: list[str]) -> int:
    """One-to-one matches: equal, or one contains the other ("Artesia" vs "Artesia, New Mexico")."""
    left = list(gold)
    hits = 0
    for s in system:
        for g in left:
            if s == g or s in g or g in s:
                left.remove(g)
                hits += 1
                break
    return hits


def prf(outputs: list[list[str]], golds: list[list[str]]) -> tuple[float, float, float]:
    tp = sum(_match(o, g) for o, g in zip(outputs, golds))
    n_sys, n_gold = sum(map(len, outputs)), sum(map(len, golds))
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def timed(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    from geotext import GeoText

    from geoevents.gazetteer import load_gazetteer
    from geoevents.places import find_places

    load_times = []
    for _ in range(RUNS):
        load_gazetteer.cache_clear()
        t = time.perf_counter()
        load_gazetteer()
        load_times.append(time.perf_counter() - t)
    gaz = load_gazetteer()
    texts = [t for t, _ in CORPUS]
    GeoText("warm up")  # geotext builds its index on import; not counted per pass

    def ours() -> list[list[tuple[str, str]]]:
        return [[(p.text, p.kind or "") for p in find_places(t, gaz, FOCUS)] for t in texts]

    def theirs() -> list[list[tuple[str, str]]]:
        out = []
        for t in texts:
            g = GeoText(t)
            out.append([(c, "city") for c in g.cities] + [(c, "country") for c in g.countries])
        return out

    golds = [[s for s, _ in gold] for _, gold in CORPUS]
    subset = [[s for s, c in gold if c in ("city", "country")] for _, gold in CORPUS]
    others = [[s for s, c in gold if c not in ("city", "country")] for _, gold in CORPUS]
    ours_out, theirs_out = ours(), theirs()

    def city_country(outputs: list[list[tuple[str, str]]]) -> list[list[str]]:
        """Drop output that matches a gold region/border/demonym/... mention (same rule for both)."""
        return [[s for s, _ in o if not any(s == g or s in g or g in s for g in other)]
                for o, other in zip(outputs, others)]

    chars = sum(map(len, texts))
    t_ours, t_theirs = timed(ours), timed(theirs)
    print(f"corpus: {len(texts)} texts, {chars} characters, {sum(map(len, golds))} gold mentions "
          f"({sum(map(len, subset))} city/country); median of {RUNS} runs")
    print(f"gazetteer load (cold, median): {statistics.median(load_times) * 1000:.1f} ms")
    for label, out, secs in (("geoevents.places", ours_out, t_ours), ("geotext 0.4", theirs_out, t_theirs)):
        sub = city_country(out)
        p, r, f = prf([[s for s, _ in o] for o in out], golds)
        ps, rs, fs = prf(sub, subset)
        print(f"{label:18s} all: P={p:.2f} R={r:.2f} F1={f:.2f} | city+country: "
              f"P={ps:.2f} R={rs:.2f} F1={fs:.2f} | {secs * 1000:.2f} ms/pass, "
              f"{chars / secs / 1e6:.2f} M chars/s")
    print(f"speed ratio (geotext time / ours): {t_theirs / t_ours:.2f}x")
    for (text, gold), o in zip(CORPUS, ours_out):
        extra = [s for s, _ in o if not _match([s], [g for g, _ in gold])]
        if extra:
            print(f"  ours, not in gold: {extra} in {text[:50]!r}...")


if __name__ == "__main__":
    main()
