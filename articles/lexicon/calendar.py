"""Indonesian (and English) names of months and weekdays, as news text writes them.

Two readers, two lists: dates read every spelling a dateline uses (English and old ones too) into numbers; the
recogniser only needs to know that a month or day word never starts a name.
"""

# Official, English, old (Djan, Peb, Mrt) and unofficial (Ag, Agt, Ags, Sept, Nop) spellings; a dot may follow.
MONTH_NAMES = {
    1: "januari january jan djanuari djan",
    2: "februari pebruari february feb febr peb pebr",
    3: "maret march mar mrt",
    4: "april apr",
    5: "mei may",
    6: "juni june jun djuni",
    7: "juli july jul djuli",
    8: "agustus august agu agt ags agst agus aug ag",
    9: "september sept sep",
    10: "oktober october okt oct",
    11: "november nopember nov nop",
    12: "desember december des dec",
}
MONTH_NUMBERS = {name: number for number, names in MONTH_NAMES.items() for name in names.split()}
# Indonesian and English weekdays, full or in three letters; `Jum'at`/`Jum’at` with any apostrophe. The first three
# letters name the day in both languages (sen, sel, rab, kam, jum, sab, min, aha, mon, tue, ...).
WEEKDAY_PATTERN = (r"senin|selasa|rabu|kamis|jum['’‘`]?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|"
                   r"saturday|sunday|sen|sel|rab|kam|jum|sab|min|mon|tue|wed|thu|fri|sat|sun")
WEEKDAY_NUMBERS = {"sen": 0, "sel": 1, "rab": 2, "kam": 3, "jum": 4, "sab": 5, "min": 6, "aha": 6,
                   "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

# Weekdays and month names as the recogniser reads them: words that never start a name.
DAY_WORDS = frozenset({"senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad"})
MONTH_WORDS = frozenset(
    {
        "januari",
        "februari",
        "pebruari",
        "maret",
        "april",
        "mei",
        "juni",
        "juli",
        "agustus",
        "september",
        "oktober",
        "november",
        "nopember",
        "desember",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "agu",
        "agt",
        "ags",
        "sep",
        "sept",
        "okt",
        "nov",
        "des",
    }
)
