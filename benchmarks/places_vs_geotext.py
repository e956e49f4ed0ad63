"""Place mentions: geoevents.places vs geotext (PyPI) on the same annotated texts, one process.

Prints mention precision/recall/F1 for both (all gold mentions, and the city+country subset
that geotext is built for), the median time per pass over the corpus, and gazetteer load
time.  The corpus below is written for this benchmark in the style of INCSR reports and
embassy cables; each gold mention is the place name as it appears in the text.
Run: .venv/bin/python benchmarks/places_vs_geotext.py [--runs 7] [--summary-json PATH]
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import summary

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


def timed(fn: Callable[[], object], runs: int = RUNS) -> float:
    """Median seconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=RUNS,
                        help="timed passes of each; the median is reported (default %(default)s)")
    summary.add_option(parser)
    args = parser.parse_args(argv)
    try:
        from geotext import GeoText
    except ImportError:  # the bench extra: pip install -e '.[bench]'
        summary.skip(args.summary_json, "places_vs_geotext",
                     "the peer, geotext, is not installed (pip install -e '.[bench]')")
        return

    from geoevents.gazetteer import load_gazetteer
    from geoevents.places import find_places

    runs = args.runs
    load_times = []
    for _ in range(runs):
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
    t_ours, t_theirs = timed(ours, runs), timed(theirs, runs)
    print(f"corpus: {len(texts)} texts, {chars} characters, {sum(map(len, golds))} gold mentions "
          f"({sum(map(len, subset))} city/country); median of {runs} runs")
    print(f"gazetteer load (cold, median): {statistics.median(load_times) * 1000:.1f} ms")
    f1s = {}
    for label, out, secs in (("geoevents.places", ours_out, t_ours), ("geotext 0.4", theirs_out, t_theirs)):
        sub = city_country(out)
        p, r, f = prf([[s for s, _ in o] for o in out], golds)
        ps, rs, fs = prf(sub, subset)
        f1s[label] = f, fs
        print(f"{label:18s} all: P={p:.2f} R={r:.2f} F1={f:.2f} | city+country: "
              f"P={ps:.2f} R={rs:.2f} F1={fs:.2f} | {secs * 1000:.2f} ms/pass, "
              f"{chars / secs / 1e6:.2f} M chars/s")
    print(f"speed ratio (geotext time / ours): {t_theirs / t_ours:.2f}x")
    (ours_f1, ours_cc), (geotext_f1, geotext_cc) = f1s.values()
    summary.write(args.summary_json, "places_vs_geotext", [
        summary.Row(figure="places F1, all mentions", value=f"{ours_f1:.2f}", peer="geotext",
                    peer_value=f"{geotext_f1:.2f}", ratio=ours_f1 / geotext_f1 if geotext_f1 else None),
        summary.Row(figure="places F1, cities and countries", value=f"{ours_cc:.2f}",
                    peer="geotext", peer_value=f"{geotext_cc:.2f}",
                    ratio=ours_cc / geotext_cc if geotext_cc else None),
        summary.Row(figure="places M chars/s", value=summary.rate(chars / t_ours / 1e6, "M chars/s"),
                    peer="geotext", peer_value=summary.rate(chars / t_theirs / 1e6, "M chars/s"),
                    ratio=t_theirs / t_ours)])
    for (text, gold), o in zip(CORPUS, ours_out):
        extra = [s for s, _ in o if not _match([s], [g for g, _ in gold])]
        if extra:
            print(f"  ours, not in gold: {extra} in {text[:50]!r}...")


if __name__ == "__main__":
    main()
