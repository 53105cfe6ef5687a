using Saas.Engine.Common;

namespace Saas.Engine.Assistant.Parsing;

internal static partial class Lexicon
{
    private static Meaning Direction(GoalDirection direction, decimal times = 0) =>
        new(Kind.Direction) { Direction = direction, Amount = times };

    private static Meaning Horizon(int months) => new(Kind.Horizon) { Months = months };

    private static Meaning Until(PeriodEnd end, int periodsAhead = 0) =>
        new(Kind.Horizon) { EndOf = end, PeriodsAhead = periodsAhead };

    private static void AddGoalWords()
    {
        Add(Direction(GoalDirection.Increase),
            "увеличить", "увеличим", "увеличиваем", "увеличивать", "увеличат", "увеличиться", "увеличилась", "увеличился",
            "{увеличение}", "поднять", "поднимем", "поднимаем", "поднимать", "поднятие", "поднятия", "подтянуть", "повысить",
            "повысим", "повышаем", "повышать", "повыситься", "{повышение}", "вырастить", "вырастим", "выращивать", "нарастить",
            "нарастим", "наращивать", "растить", "вырасти", "выросла", "выросли", "вырос", "выросло", "расти", "росла", "рос",
            "{рост}", "{прирост}", "улучшить", "улучшим", "улучшать", "{улучшение}",
            "increase", "increases", "increased", "increasing", "raise", "raises", "raising", "grow", "grows", "growing",
            "boost", "boosting", "improve", "improves", "improving", "improvement", "lift", "lifting", "growth",
            "push up", "bring up", "scale up", "ramp up", "go up", "goes up", "rise");
        Add(Direction(GoalDirection.Increase, 2), "удвоить", "удвоим", "удвоение", "double", "doubling");
        Add(Direction(GoalDirection.Increase, 3), "утроить", "утроим", "triple", "tripling");
        Add(Direction(GoalDirection.Decrease),
            "снизить", "снизим", "снижаем", "снижать", "снизиться", "снизилась", "снизился", "{снижение}", "уменьшить",
            "уменьшим", "уменьшать", "уменьшаем", "уменьшиться", "{уменьшение}", "сократить", "сократим", "сокращать",
            "сокращаем", "сократиться", "{сокращение}", "понизить", "понизим", "урезать", "опустить", "сбить", "сбавить",
            "lower", "lowering", "reduce", "reduces", "reducing", "reduction", "cut", "cutting", "decrease", "decreases",
            "decreasing", "drop", "bring down", "push down", "go down", "minimise", "minimize");
        Add(Direction(GoalDirection.Decrease, 2), "halve", "halving");
        Add(Direction(GoalDirection.Reach),
            "достичь", "достигнуть", "достигнем", "достигать", "добиться", "добьемся", "выйти на", "выйдем на", "выходить на",
            "удержать", "удерживать", "сохранить", "держать", "reach", "hit", "achieve", "attain", "get to", "get up to",
            "maintain", "keep", "hold");

        Add(new Meaning(Kind.From), "с", "со", "от", "from");
        Add(new Meaning(Kind.To), "до", "to", "up to", "не выше", "не ниже", "не более", "не менее", "не больше", "не меньше",
            "максимум", "минимум", "at least", "at most", "below", "under", "above", "на уровне", "до уровня", "≤", "<", ">",
            "≥", "no more than", "no less than", "not more than", "not less than");
        Add(new Meaning(Kind.By), "на", "by");
        Add(new Meaning(Kind.Current), "сейчас", "сегодня", "на сегодня", "на сегодняшний день", "на данный момент",
            "в данный момент", "{текущий}", "нынешний|нынешняя|нынешнюю|нынешнего|нынешней", "был", "была", "было", "currently",
            "now", "right now", "today", "as of today", "current", "at the moment", "was");
        Add(new Meaning(Kind.Arrow), "→");

        Add(new Meaning(Kind.HorizonPrep), "за", "в течение|течении", "через", "на протяжении", "в пределах",
            "за|в ближайшие|следующие", "in", "within", "during", "for", "over", "next", "over|in|within|for|during the next",
            "the next");
        Add(new Meaning(Kind.PeriodUnit) { Months = 1 }, "{месяц}", "мес .", "{month}", "mo", "mos", "mon");
        Add(new Meaning(Kind.PeriodUnit) { Months = 3 }, "{квартал}", "{quarter}");
        Add(new Meaning(Kind.PeriodUnit) { Months = 6 }, "{полгода}", "пол года", "half a year", "half year", "half the year");
        Add(new Meaning(Kind.PeriodUnit) { Months = 12 }, "{год}", "{year}", "yr", "yrs");
        // Weeks and days are understood as periods but no goal horizon is shorter than a month.
        Add(new Meaning(Kind.PeriodUnit), "{неделя}", "нед", "нед .", "день|дня|дней|дню", "{week}", "{day}", "wk", "wks");
        Add(new Meaning(Kind.MonthName),
            "январь|января|январе|янв", "февраль|февраля|феврале|фев", "март|марта|марте|мар", "апрель|апреля|апреле|апр",
            "май|мая|мае", "июнь|июня|июне|июн", "июль|июля|июле|июл", "август|августа|августе|авг",
            "сентябрь|сентября|сентябре|сен|сент", "октябрь|октября|октябре|окт", "ноябрь|ноября|ноябре|ноя",
            "декабрь|декабря|декабре|дек", "january|jan", "february|feb", "march|mar", "april|apr", "may", "june|jun",
            "july|jul", "august|aug", "september|sep|sept", "october|oct", "november|nov", "december|dec");

        Add(Horizon(1), "in|within|over|for a month");
        Add(Horizon(3), "in|within|over|for a quarter");
        Add(Horizon(6), "in|within|over|for half a year", "in|within|over|for a half year");
        Add(Horizon(12), "in|within|over|for a year");
        Add(Until(PeriodEnd.Year),
            "до|к конца|концу года", "до|к конца|концу {этот}|{текущий} года", "в {этот}|{текущий} году",
            "by|until|till|before the end of the|this year", "by|until|till the end of year", "by end of the|this year",
            "by end of year", "by the year end", "by year end", "by eoy", "this year", "by the end of the calendar year");
        Add(Until(PeriodEnd.Year, 1), "в {следующий} году", "до|к конца|концу {следующий} года", "next year",
            "by|until|till the end of next year");
        Add(Until(PeriodEnd.HalfYear), "до|к конца|концу полугодия", "до|к конца|концу {этот}|{текущий} полугодия",
            "by|until|till the end of the half year", "by the end of this half year", "this half year");
        Add(Until(PeriodEnd.Quarter),
            "до|к конца|концу квартала", "до|к конца|концу {этот}|{текущий} квартала", "в {этот}|{текущий} квартале",
            "by|until|till|before the end of the|this quarter", "by end of the|this quarter", "by end of quarter",
            "by quarter end", "by the quarter end", "by eoq", "this quarter");
        Add(Until(PeriodEnd.Quarter, 1), "в {следующий} квартале", "до|к конца|концу {следующий} квартала", "next quarter",
            "by|until|till the end of next quarter", "by end of next quarter");
        Add(Until(PeriodEnd.Month),
            "до|к конца|концу месяца", "до|к конца|концу {этот}|{текущий} месяца", "в {этот}|{текущий} месяце",
            "by|until|till the end of the|this month", "by end of the|this month", "by end of month", "by month end",
            "this month");
        Add(Until(PeriodEnd.Month, 1), "в {следующий} месяце", "до|к конца|концу {следующий} месяца", "next month",
            "by|until|till the end of next month");

        Add(new Meaning(Kind.PerPeriod),
            "в месяц|мес", "/ месяц|мес", "ежемесячно", "каждый|ежемесячный месяц", "помесячно", "в месяц в среднем",
            "в квартал", "/ квартал", "ежеквартально", "каждый квартал", "в год", "/ год", "ежегодно", "каждый год",
            "в неделю", "еженедельно", "каждую неделю", "в день", "ежедневно", "каждый день",
            "per|a|/|every month|mo|week|day|year|annum|quarter", "monthly", "quarterly", "annually", "yearly", "weekly", "daily",
            "on average", "в среднем");

        Add(new Meaning(Kind.GoalIntro),
            "хотим", "хочу", "хотели бы", "хотелось бы", "хотела бы", "хотел бы", "хотят", "нужно", "надо", "необходимо",
            "требуется", "нужна", "нужен", "планируем", "планирую", "план", "планы", "плане", "в планах", "цель", "цели",
            "целью", "задача", "задачи", "задачу", "задачей", "собираемся", "стоит задача", "наша цель", "наши цели",
            "наша задача", "наши задачи", "чтобы", "чтоб", "бы", "должен", "должна", "должно", "должны", "будет", "будут",
            "want", "wants", "wanted", "would like", "we'd like", "i'd like", "like", "need", "needs", "must", "should",
            "have to", "has to", "goal", "goals", "target", "targets", "aim", "aims", "aiming", "plan", "plans", "planning",
            "objective", "objectives", "intend", "going to", "so that", "let's", "will", "we'll", "is to", "are to",
            "kpi", "kpis", "okr", "okrs");
    }

    private static void AddNumbersAndUnits()
    {
        (decimal Value, string Forms)[] ru =
        [
            (0, "ноль|нуль|ноля|нуля|нолю|нулю|нолем|нулем"),
            (1, "один|одна|одно|одного|одной|одному|одним|одном|одну|одною"),
            (2, "два|две|двух|двум|двумя|двое|двоих|двоим|двоими"),
            (2, "оба|обе|обоих|обеих|обоим|обеим|обоими|обеими"),
            (3, "три|трех|трем|тремя|трое|троих|троим|троими"),
            (4, "четыре|четырех|четырем|четырьмя|четверо|четверых|четверым"),
            (5, "пять|пяти|пятью|пятеро|пятерых|пятерым"),
            (6, "шесть|шести|шестью|шестеро|шестерых|шестерым"),
            (7, "семь|семи|семью|семеро|семерых|семерым"),
            (8, "восемь|восьми|восемью|восьмью|восьмеро|восьмерых|восьмерым"),
            (9, "девять|девяти|девятью|девятеро|девятерых|девятерым"),
            (10, "десять|десяти|десятью|десятеро|десятерых|десятерым"),
            (11, "одиннадцать|одиннадцати|одиннадцатью"),
            (12, "двенадцать|двенадцати|двенадцатью"),
            (13, "тринадцать|тринадцати|тринадцатью"),
            (14, "четырнадцать|четырнадцати|четырнадцатью"),
            (15, "пятнадцать|пятнадцати|пятнадцатью"),
            (16, "шестнадцать|шестнадцати|шестнадцатью"),
            (17, "семнадцать|семнадцати|семнадцатью"),
            (18, "восемнадцать|восемнадцати|восемнадцатью"),
            (19, "девятнадцать|девятнадцати|девятнадцатью"),
            (20, "двадцать|двадцати|двадцатью"),
            (30, "тридцать|тридцати|тридцатью"),
            (40, "сорок|сорока"),
            (50, "пятьдесят|пятидесяти"),
            (60, "шестьдесят|шестидесяти"),
            (70, "семьдесят|семидесяти"),
            (80, "восемьдесят|восьмидесяти"),
            (90, "девяносто|девяноста"),
            (100, "сто|ста"),
            (200, "двести|двухсот|двумстам|двумястами"),
            (300, "триста|трехсот|тремстам|тремястами"),
            (400, "четыреста|четырехсот|четыремстам|четырьмястами"),
            (500, "пятьсот|пятисот|пятистам|пятьюстами"),
            (12, "дюжина|дюжины|дюжину|дюжиной"),
            (1.5m, "полтора|полторы|полутора"),
        ];
        string[] en =
        [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
        ];
        foreach (var (value, forms) in ru)
            Add(new Meaning(Kind.Numeral) { Amount = value }, forms);
        for (var n = 0; n < en.Length; n++)
            Add(new Meaning(Kind.Numeral) { Amount = n }, en[n]);
        string[] tens = ["thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
        for (var n = 0; n < tens.Length; n++)
            Add(new Meaning(Kind.Numeral) { Amount = 30 + (10 * n) }, tens[n]);
        Add(new Meaning(Kind.Numeral) { Amount = 12 }, "dozen");
        Add(new Meaning(Kind.Numeral) { Amount = 2 }, "both");
        Add(new Meaning(Kind.Numeral) { Amount = 100 }, "hundred", "one hundred", "a hundred");
        Add(new Meaning(Kind.Article), "a", "an");

        Add(new Meaning(Kind.Inexact),
            "несколько|нескольких|нескольким|несколькими", "пара|пару|пары|парой|паре", "пару тройку", "пара тройка",
            "много|многих|многим|немного|немало|мало", "ряд", "десяток|десятка|десятком", "с десяток",
            "a few", "few", "several", "some", "many", "multiple", "a couple of", "a couple", "couple of", "a pair of",
            "a number of", "a bunch of", "a handful of", "a lot of", "lots of", "various");
        Add(new Meaning(Kind.Negation), "нет", "нету", "без", "ни одного|одной", "no", "without", "none");
        Add(new Meaning(Kind.Approx),
            "около", "примерно", "приблизительно", "порядка", "где то", "почти", "~", "≈", "about", "around",
            "approximately", "roughly", "circa", "almost", "nearly");

        Add(new Meaning(Kind.Multiplier) { Amount = 1_000 },
            "тыс", "тыс .", "тысяча|тысячи|тысяч|тысячу|тысячам|тысячами|тысяче", "тыщ|тыщи|тыщу", "thousand|thousands");
        Add(new Meaning(Kind.Multiplier) { Amount = 1_000, Adjacent = true }, "k", "к");
        Add(new Meaning(Kind.Multiplier) { Amount = 1_000_000 },
            "млн", "млн .", "миллион|миллиона|миллионов|миллиону|миллионами|миллионах", "лям|ляма|лямов|лямы",
            "mln", "mn", "mio", "million|millions");
        Add(new Meaning(Kind.Multiplier) { Amount = 1_000_000, Adjacent = true }, "m", "кк");
        Add(new Meaning(Kind.Multiplier) { Amount = 1_000_000_000 },
            "млрд", "млрд .", "миллиард|миллиарда|миллиардов|миллиардами", "bn", "bln", "billion|billions");
        Add(new Meaning(Kind.Multiplier) { Amount = 1_000_000_000, Adjacent = true }, "b");

        Add(new Meaning(Kind.Currency) { Currency = "RUB" }, "₽", "руб", "руб .", "рубль|рубля|рублей|рублям|рублями|рублях",
            "р", "р .", "rub", "rur", "rubles|roubles|ruble|rouble");
        Add(new Meaning(Kind.Currency) { Currency = "USD" }, "$", "usd", "доллар|доллара|долларов|долларам|баксов|бакса",
            "dollar|dollars|bucks", "us$");
        Add(new Meaning(Kind.Currency) { Currency = "EUR" }, "€", "eur", "евро", "euro|euros");
        Add(new Meaning(Kind.Currency) { Currency = "GBP" }, "£");
        Add(new Meaning(Kind.Currency) { Currency = "KZT" }, "₸", "тенге");
        foreach (var code in Currency.Codes.Where(c => c is not ("RUB" or "USD" or "EUR")).Order(StringComparer.Ordinal))
            Add(new Meaning(Kind.Currency) { Currency = code }, code.ToLowerInvariant());

        Add(new Meaning(Kind.Percent), "%", "процент|процента|процентов|процентам|процентами|процентах", "percent|percents",
            "per cent", "pct", "проц");
        Add(new Meaning(Kind.Points), "п . п .", "п . п", "п п", "пп", "pp", "p . p .", "процентных|процентного пункта|пунктов|пункт",
            "процентный пункт", "percentage point|points", "pct points");
        Add(new Meaning(Kind.TimesWord), "раз|раза", "times");
        Add(new Meaning(Kind.TimesFixed) { Amount = 2 }, "вдвое", "в два раза", "twice", "in half", "by half", "наполовину");
        Add(new Meaning(Kind.TimesFixed) { Amount = 3 }, "втрое", "в три раза", "thrice");
        Add(new Meaning(Kind.TimesFixed) { Amount = 4 }, "вчетверо");
    }

    private static void AddFiller()
    {
        Add(new Meaning(Kind.People),
            "{человек}", "чел .", "{сотрудник}", "{person}", "persons", "employee|employees", "staff", "member|members",
            "fte|ftes", "шт", "шт .", "headcount");
        Add(new Meaning(Kind.TeamOf),
            "{команда} из", "{отдел} из", "штат|штате из", "коллектив|коллектива из", "состоит|состоят из", "team|teams of",
            "a team of", "department of", "consists|consist|consisting of", "made up of", "comprised of");
        Add(new Meaning(Kind.Modifier),
            "{опытный}", "{штатный}", "{старший}", "{младший}", "{новый}", "{удаленный}", "еще|ещё", "senior", "junior",
            "middle", "mid", "experienced", "new", "full time", "part time", "remote", "in house", "freelance",
            "dedicated", "more", "another", "other", "additional", "extra", "дополнительных|дополнительный|дополнительного");
        Add(new Meaning(Kind.Conjunction), "и", "а", "но", "или", "а также", "а еще", "плюс", "+", "&", "and", "or", "plus",
            "as well as", "along with", "together with", "also", "too", "as well");
        Add(new Meaning(Kind.Filler),
            "у", "нас", "нам", "мы", "наш|наша|наше|наши|нашей|нашем|нашего|нашу|нашим|нашими|наших", "в", "во", "по", "для",
            "при", "из", "них", "их", "ним", "к", "о", "об", "есть", "имеется|имеются", "работает|работают|работаю",
            "трудятся|трудится", "пока", "также", "тоже", "всего", "итого", "итог", "кроме того",
            "аж", "целых", "только", "лишь", "ровно",
            "при этом", "в том числе", "из них", "же", "вот", "это", "этом", "эти", "там", "тут", "здесь", "так", "как",
            "быть", "были", "{команда}", "{отдел}", "{маркетинг}", "продаж|продажах|продажами",
            "штат", "штате", "состав", "составе", "количество|количества|количеству", "кол во", "число|числа", "уровень",
            "уровня", "показатель|показатели|показателя", "метрика|метрики", "компании|компания", "в компании",
            "{маркетинг} и продаж", "продаж и {маркетинг}", "работает|работают у нас", "то есть", "т . е .",
            "we", "we've", "we're", "i", "i'm", "our", "ours", "us", "have", "has", "had", "having", "got", "there",
            "there's", "are", "is", "am", "be", "been", "being", "the", "of", "on", "at", "with", "including", "includes",
            "in total", "total", "overall", "altogether", "team", "teams",
            "department", "departments", "dept", "sales", "marketing", "who", "which", "that", "this", "these", "those",
            "it", "its", "it's", "here", "so", "then", "number of", "amount of", "level of", "our team", "company",
            "i . e .", "team has", "there are", "there is");
    }
}
