using Saas.Engine.Common;
using static Saas.Engine.Metrics.MetricKeys;

namespace Saas.Engine.Assistant.Parsing;

/// <summary>One entry of the lexicon: a sequence of slots and what the words mean together.</summary>
internal sealed class Phrase
{
    public required WordSet[] Slots { get; init; }
    public required Meaning Meaning { get; init; }

    /// <summary>The slot whose grammatical number is the phrase's ("менеджеров" in "менеджеров по продажам"), or -1.</summary>
    public required int Head { get; init; }

    /// <summary>Registration order, which breaks ties between phrases of the same length.</summary>
    public required int Order { get; init; }
}

/// <summary>Every phrase the parser understands, in Russian and English. Phrases are written in a small notation:
/// words separated by spaces, <c>a|b</c> for alternatives, <c>{word}</c> for every inflected form of a word (see
/// <see cref="WordSet"/>). Hyphens are not written: "SMM-специалист" and "SMM специалист" read the same.</summary>
internal static partial class Lexicon
{
    private static readonly Dictionary<string, WordSet> Named = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, WordSet> Inline = new(StringComparer.Ordinal);
    private static readonly List<Phrase> All = [];

    public static PhraseTrie Trie { get; }

    /// <summary>Every form of every slot: a word written like this is never read as a typo of another.</summary>
    public static IReadOnlySet<string> Forms { get; }

    public static TypoIndex Typos { get; }

    static Lexicon()
    {
        DefineWords();
        AddRoles();
        AddMetrics();
        AddGoalWords();
        AddNumbersAndUnits();
        AddFiller();

        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var phrase in All)
        {
            foreach (var slot in phrase.Slots)
                forms.UnionWith(slot.Forms.Keys);
        }
        Trie = new PhraseTrie(All);
        Forms = forms;
        Typos = new TypoIndex(All.SelectMany(p => p.Slots).Where(s => s.Typos).Distinct());
    }

    private static void Add(Meaning meaning, params string[] phrases)
    {
        // Typos are forgiven only where a misread costs little and a miss costs much: roles and metrics. Verbs and
        // small words have too many real neighbours ("понять" is one letter from "поднять").
        var typos = meaning.Kind is Kind.Role or Kind.Metric;
        foreach (var text in phrases)
        {
            var slots = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Slot).ToArray();
            if (typos)
            {
                foreach (var slot in slots)
                    slot.Typos = true;
            }
            var head = Array.FindIndex(slots, s => s.Forms.Values.Any(n => n != GramNum.None));
            All.Add(new Phrase { Slots = slots, Meaning = meaning, Head = head, Order = All.Count });
        }
    }

    private static WordSet Slot(string part)
    {
        if (part.Length > 2 && part[0] == '{' && part[^1] == '}' && !part.Contains('|'))
        {
            var key = part[1..^1];
            if (!Named.TryGetValue(key, out var named))
                Named[key] = named = char.IsAsciiLetter(key[0]) ? WordSet.En(key) : WordSet.RuHard(key);
            return named;
        }
        if (!Inline.TryGetValue(part, out var set))
        {
            var alternatives = part.Split('|');
            Inline[part] = set = alternatives.Any(a => a.StartsWith('{'))
                ? Merge(part, alternatives.Select(a => a.StartsWith('{') ? Slot(a) : WordSet.Fixed(a, a)).ToArray())
                : WordSet.Fixed(part, alternatives);
        }
        return set;
    }

    private static void Define(string key, WordSet set) => Named[key] = set;

    private static void DefineWords()
    {
        // A word for a person comes with its feminine forms ("руководительница", "директорша", "менеджерка",
        // "маркетологиня"): people write them, and they name the same role.
        Define("руководитель", Merge("руководитель", WordSet.RuSoft("руководител"),
            WordSet.RuFeminine("руководительниц", "руководительниц")));
        Define("директор", Merge("директор", WordSet.Counted("директор",
            ["директор", "директора", "директору", "директором", "директоре"],
            ["директоры", "директоров", "директорам", "директорами", "директорах"]),
            WordSet.RuFeminine("директорш", "директорш")));
        Define("продавец", Merge("продавец", WordSet.Counted("продавец",
            ["продавец", "продавца", "продавцу", "продавцом", "продавце"],
            ["продавцы", "продавцов", "продавцам", "продавцами", "продавцах"]),
            WordSet.RuFeminine("продавщиц", "продавщиц")));
        Define("менеджер", Merge("менеджер", WordSet.RuHard("менеджер"), WordSet.RuFeminine("менеджерк", "менеджерок"),
            WordSet.RuFeminine("менеджерш", "менеджерш")));
        Define("специалист", Merge("специалист", WordSet.RuHard("специалист"),
            WordSet.RuFeminine("специалистк", "специалисток")));
        Define("оператор", Merge("оператор", WordSet.RuHard("оператор"), WordSet.RuFeminine("операторш", "операторш"),
            WordSet.RuFeminine("операторк", "операторок")));
        Define("маркетолог", Merge("маркетолог", WordSet.RuHard("маркетолог"), WordSet.RuFeminineNya("маркетологин"),
            WordSet.RuFeminine("маркетологш", "маркетологш")));
        Define("таргетолог", Merge("таргетолог", WordSet.RuHard("таргетолог"), WordSet.RuFeminineNya("таргетологин"),
            WordSet.RuFeminine("таргетологш", "таргетологш")));
        Define("копирайтер", Merge("копирайтер", WordSet.RuHard("копирайтер"), WordSet.RuFeminine("копирайтерш", "копирайтерш"),
            WordSet.RuFeminine("копирайтерк", "копирайтерок")));
        Define("продажник", Merge("продажник", WordSet.RuHard("продажник"), WordSet.RuFeminine("продажниц", "продажниц")));
        Define("сммщица", Merge("сммщица", WordSet.RuFeminine("сммщиц", "сммщиц"), WordSet.RuFeminine("smmщиц", "smmщиц"),
            WordSet.RuFeminine("эсэмэмщиц", "эсэмэмщиц")));
        Define("щица", WordSet.RuFeminine("щиц", "щиц"));
        Define("сммщик", Merge("сммщик", WordSet.RuHard("сммщик"), WordSet.RuHard("smmщик"), WordSet.RuHard("эсэмэмщик")));
        Define("контентщик", Merge("контентщик", WordSet.RuHard("контентщик"), WordSet.RuFeminine("контентщиц", "контентщиц")));
        Define("лидгенщик", Merge("лидгенщик", WordSet.RuHard("лидгенщик"), WordSet.RuHard("лидогенщик"),
            WordSet.RuFeminine("лидгенщиц", "лидгенщиц"), WordSet.RuFeminine("лидогенщиц", "лидогенщиц")));
        Define("salesman", Merge("salesman", WordSet.En("salesman", "salesmen"), WordSet.En("saleswoman", "saleswomen")));
        // "SMM" and "СММ" are the same letters; one set keeps their forms together.
        Define("smm", Merge("smm", WordSet.En("smm"), WordSet.Counted("смм", ["смм"], [])));
        Define("salesperson", WordSet.En("salesperson", "salespeople"));
        Define("person", WordSet.En("person", "people"));
        Define("коммерческий", WordSet.RuAdjective("коммерческ", soft: true));
        Define("ключевой", WordSet.RuAdjective("ключев", soft: false));
        Define("клиентский", WordSet.RuAdjective("клиентск", soft: true));
        Define("заключенный", WordSet.RuAdjective("заключенн", soft: false));
        Define("выигранный", WordSet.RuAdjective("выигранн", soft: false));
        Define("новый", WordSet.RuAdjective("нов", soft: false));
        Define("перекрестный", WordSet.RuAdjective("перекрестн", soft: false));
        Define("текущий", WordSet.RuAdjective("текущ", soft: true));
        Define("этот", WordSet.Fixed("этот", "этот", "этого", "этому", "этим", "этом", "эта", "эту", "этой"));
        Define("следующий", WordSet.RuAdjective("следующ", soft: true));
        Define("ближайший", WordSet.RuAdjective("ближайш", soft: true));

        Define("заявка", WordSet.RuFeminine("заявк", "заявок"));
        Define("сделка", WordSet.RuFeminine("сделк", "сделок"));
        Define("продажа", WordSet.RuFeminine("продаж", "продаж"));
        Define("оплата", WordSet.RuFeminine("оплат", "оплат"));
        Define("покупка", WordSet.RuFeminine("покупк", "покупок"));
        Define("выручка", WordSet.RuFeminine("выручк", "выручек"));
        Define("стоимость", WordSet.Fixed("стоимость", "стоимость", "стоимости", "стоимостью", "цена", "цены", "цену", "ценой", "цене"));
        Define("конверсия", WordSet.RuFeminineIa("конверси"));
        Define("пролонгация", WordSet.RuFeminineIa("пролонгаци"));
        Define("продление", WordSet.RuNeuterIe("продлени"));
        Define("увеличение", WordSet.RuNeuterIe("увеличени"));
        Define("повышение", WordSet.RuNeuterIe("повышени"));
        Define("улучшение", WordSet.RuNeuterIe("улучшени"));
        Define("снижение", WordSet.RuNeuterIe("снижени"));
        Define("уменьшение", WordSet.RuNeuterIe("уменьшени"));
        Define("сокращение", WordSet.RuNeuterIe("сокращени"));
        Define("месяц", WordSet.Fixed("месяц", "месяц", "месяца", "месяцу", "месяцем", "месяце", "месяцы", "месяцев", "месяцам", "мес"));
        Define("квартал", WordSet.RuHard("квартал"));
        Define("год", WordSet.Fixed("год", "год", "года", "году", "годом", "годы", "лет", "годов"));
        Define("полгода", WordSet.Fixed("полгода", "полгода", "полугода", "полугодие", "полугодия", "полугодию"));
        Define("обращение", WordSet.RuNeuterIe("обращени"));
        Define("неделя", WordSet.Fixed("неделя", "неделя", "недели", "неделю", "неделей", "неделе", "недель", "неделям"));
        Define("человек", WordSet.Fixed("человек", "человек", "человека", "человеку", "человеком", "люди", "людей", "чел", "чела",
            "челов"));
        Define("команда", WordSet.RuFeminine("команд", "команд"));
        Define("отдел", WordSet.RuHard("отдел"));
        Define("маркетинг", WordSet.RuHard("маркетинг"));
        Define("опытный", WordSet.RuAdjective("опытн", soft: false));
        Define("штатный", WordSet.RuAdjective("штатн", soft: false));
        Define("старший", WordSet.RuAdjective("старш", soft: true));
        Define("младший", WordSet.RuAdjective("младш", soft: true));
        Define("удаленный", WordSet.RuAdjective("удаленн", soft: false));
    }

    private static WordSet Merge(string family, params WordSet[] sets)
    {
        var forms = new Dictionary<string, GramNum>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            foreach (var (form, number) in set.Forms)
                forms[form] = number;
        }
        return new WordSet { Family = family, Forms = forms };
    }

    private static Meaning RoleOf(Role role) => new(Kind.Role) { Role = role };

    private static Meaning CountedRoleOf(Role role) => new(Kind.Role) { Role = role, NeedsCount = true };

    private static void AddRoles()
    {
        Add(RoleOf(Role.Marketer),
            "{маркетолог}", "интернет {маркетолог}", "digital|диджитал {маркетолог}", "{специалист} по маркетингу",
            "{менеджер} по маркетингу", "маркетинг {менеджер}", "маркет .", "{маркетолух}",
            "{marketer}", "marketing {specialist}", "marketing {manager}", "digital {marketer}", "internet {marketer}",
            "online {marketer}", "marketing {executive}");
        Add(RoleOf(Role.Smm),
            "smm|смм|cмм {специалист}", "smm|смм {менеджер}", "{сммщик}", "{сммщица}", "smm|смм {щик}", "smm|смм {щица}",
            "{специалист} по smm|смм", "{менеджер} по smm|смм", "{специалист} по соцсетям", "{менеджер} по соцсетям",
            "{специалист} по социальным сетям",
            "smm {specialist}", "smm {manager}", "social media {manager}", "social media {specialist}", "smm {marketer}",
            "social media {marketer}", "smm|смм {шник}");
        Add(CountedRoleOf(Role.Smm), "{smm}");
        Add(RoleOf(Role.PerformanceMarketer),
            "{таргетолог}", "{таргетщик}", "трафик {менеджер}", "{контекстщик}", "ppc {шник}",
            "performance|перформанс {маркетолог}", "performance|перформанс {менеджер}",
            "{контекстолог}", "{директолог}", "{медиабайер}", "{специалист} по контекстной рекламе",
            "{специалист} по таргетированной рекламе", "{специалист} по таргету", "{специалист} по контексту",
            "ppc {специалист}", "ppc {менеджер}",
            "performance {marketer}", "performance marketing {manager}", "performance marketing {specialist}",
            "ppc {specialist}", "ppc {manager}", "media {buyer}", "paid media {specialist}", "paid media {manager}",
            "traffic {manager}", "{targetologist}");
        Add(CountedRoleOf(Role.PerformanceMarketer), "{таргет}", "{контекст}", "{ppc}");
        Add(RoleOf(Role.ContentMarketer),
            "контент {маркетолог}", "{копирайтер}", "контент {менеджер}", "{контентщик}",
            "content {marketer}", "{copywriter}", "content {manager}", "content marketing {manager}",
            "content marketing {specialist}", "content {writer}");
        Add(RoleOf(Role.LeadGenerator),
            "{лидогенератор}", "{специалист} по лидогенерации", "{менеджер} по лидогенерации",
            "{специалист} по лидгену", "{менеджер} по лидгену",
            "lead {generator}", "lead gen {specialist}", "leadgen {specialist}", "lead generation {specialist}",
            "lead generation {manager}", "lead gen {manager}", "{лидгенщик}",
            // Telemarketing is calling people who did not ask: finding leads, not serving customers.
            "{телемаркетолог}", "{telemarketer}");
        Add(CountedRoleOf(Role.LeadGenerator), "{лидген}", "lead gen", "{leadgen}");
        Add(RoleOf(Role.Sdr),
            "{sdr}", "{mdr}", "{bdr}", "{сдр}", "{мдр}", "{бдр}", "{сдрщик}", "sdr|сдр {щик}",
            "{менеджер} по квалификации лидов|заявок", "{специалист} по квалификации лидов|заявок",
            "sales development {rep}", "sales development {representative}", "business development {rep}",
            "business development {representative}", "market development {representative}");
        Add(RoleOf(Role.SalesManager),
            "{менеджер} по продажам|продаже", "{менеджер} отдела продаж", "{менеджер} продаж", "{продажник}", "{продавец}",
            "{специалист} по продажам", "sales {менеджер}", "{менеджер} по работе с клиентами и продажам",
            "sales {manager}", "sales {rep}", "sales {representative}", "account {executive}", "account {exec}", "{ae}",
            "{salesperson}",
            "sales {executive}", "sales {exec}", "sales {specialist}", "sales {person}", "{salesman}",
            // МОП is "менеджер отдела продаж"; a hunter wins new clients, as a sales manager does.
            "{продавец} {консультант}", "{моп}", "{сейлз}", "{сейлс}", "сейлз|сейлс {менеджер}", "{продаван}", "{хантер}", "{hunter}");
        Add(RoleOf(Role.KeyAccountManager),
            "аккаунт {менеджер}", "{менеджер} по работе с ключевыми клиентами", "{менеджер} по ключевым клиентам",
            "{менеджер} ключевых клиентов", "key account {менеджер}",
            "{kam}", "key {account}", "key account {manager}", "account {manager}", "key account {executive}",
            // A farmer grows the clients a hunter brought in: account management.
            "{кам}", "{эккаунт}", "эккаунт {менеджер}", "{фермер}", "{фармер}", "{farmer}");
        // "аккаунт" is as often a social network account as a person.
        Add(CountedRoleOf(Role.KeyAccountManager), "{аккаунт}");
        Add(RoleOf(Role.CustomerService),
            "{менеджер}|{специалист}|{сотрудник}|{оператор} клиентского сервиса",
            "{менеджер}|{специалист}|{сотрудник}|{оператор} службы поддержки",
            "{менеджер}|{специалист}|{сотрудник}|{оператор} поддержки",
            "{менеджер}|{специалист} по клиентскому сервису", "{менеджер}|{специалист} по поддержке клиентов",
            "customer success {менеджер}", "cs {менеджер}",
            "{оператор} колл|кол|call центра|центров", "{оператор} колцентра|коллцентра|callцентра|кц",
            "customer service", "customer service {manager}", "customer service {specialist}", "customer service {rep}",
            "customer service {representative}", "customer service {agent}", "customer success {manager}", "{csm}",
            "customer support {specialist}", "customer support {agent}", "customer support {manager}",
            "support {specialist}", "support {manager}", "support {agent}", "customer care {specialist}");
        Add(CountedRoleOf(Role.CustomerService), "{саппорт}");
        Add(RoleOf(Role.HeadOfMarketing),
            "{cmo}", "{директор} по маркетингу", "{руководитель} отдела маркетинга", "{руководитель} маркетинга",
            "{руководитель} по маркетингу", "{начальник} отдела маркетинга", "маркетинг {директор}", "{директор} маркетинга",
            "хэд|хед оф маркетинг|маркетинга", "хэд|хед маркетинга|отдела маркетинга",
            "{head} of marketing", "marketing {director}", "{director} of marketing", "vp of marketing", "vp marketing",
            "marketing {head}", "chief marketing {officer}", "{head} of the marketing department");
        Add(RoleOf(Role.HeadOfSales),
            "{роп}", "{руководитель} отдела продаж", "{руководитель} продаж", "{начальник} отдела продаж",
            "{коммерческий} {директор}", "{директор} по продажам", "{директор} продаж", "{тимлид} продаж",
            "{тимлид} отдела продаж", "{руководитель} группы продаж",
            "хэд|хед продаж|сейлза|сейлз|сейлс", "хэд|хед оф сейлз|сейлс", "хэд|хед отдела продаж",
            "{head} of sales", "sales {director}", "{director} of sales", "sales team {lead}",
            "vp of sales", "vp sales", "sales {head}", "chief sales {officer}", "{head} of the sales department",
            "{head} of sales department", "commercial {director}");
    }

    // The stages a conversion is written between, and the catalogue metric of each pair. A pair the catalogue does
    // not have is still read as one phrase, so that "конверсия в SQL" is not a conversion plus an SQL goal.
    private enum Stage
    {
        Lead,
        Mql,
        Sal,
        Sql,
        Won,
    }

    private static string? ConversionOf(Stage from, Stage to) => (from, to) switch
    {
        (Stage.Lead, Stage.Mql) => CrLeadToMql,
        (Stage.Mql, Stage.Sal) => CrMqlToSal,
        (Stage.Sal, Stage.Sql) => CrSalToSql,
        (Stage.Mql, Stage.Sql) => CrMqlToSql,
        (Stage.Sql, Stage.Won) => CrSqlToWon,
        (Stage.Lead, Stage.Won) => CrLeadToWon,
        _ => null,
    };

    private static readonly (Stage Stage, string[] Words)[] Stages =
    [
        (Stage.Lead, ["{лид}", "{заявка}", "{lead}"]),
        (Stage.Mql, ["{mql}"]),
        (Stage.Sal, ["{sal}"]),
        (Stage.Sql, ["{sql}"]),
        (Stage.Won, ["{сделка}", "{заключенный} {сделка}", "{выигранный} {сделка}", "{продажа}", "{оплата}", "{покупка}",
            "{клиент}", "{deal}", "{sale}", "won", "win", "close", "closed", "{customer}", "{purchase}", "paying {customer}",
            "{payment}", "closed won"]),
    ];

    private static void AddMetrics()
    {
        string[] cr = ["{cr}", "{конверсия}", "{conversion}", "{conversion} rate", "коэффициент|коэффициента конверсии"];
        const string into = "в|во|to|into|→|/";
        const string from = "из|from|с";
        foreach (var word in cr)
        {
            foreach (var (a, aWords) in Stages)
            {
                foreach (var (b, bWords) in Stages)
                {
                    if (a >= b)
                        continue;
                    var metric = new Meaning(Kind.Metric) { Metric = ConversionOf(a, b) };
                    foreach (var aw in aWords)
                    {
                        foreach (var bw in bWords)
                        {
                            Add(metric, $"{word} {from} {aw} {into} {bw}", $"{word} {aw} {into} {bw}", $"{word} {aw} {bw}",
                                $"{aw} {into} {bw} {word}", $"{aw} {bw} {word}");
                        }
                    }
                }
            }
            foreach (var bw in Stages[4].Words)
                Add(new Meaning(Kind.Metric) { Metric = CrLeadToWon }, $"{word} {into} {bw}");
            Add(new Meaning(Kind.Metric) { Metric = CrLeadToMql }, $"{word} {into} {{mql}}");
            Add(new Meaning(Kind.Metric), $"{word} {into} {{sal}}", $"{word} {into} {{sql}}", $"{word} {{mql}}", $"{word} {{sal}}");
            foreach (var aw in Stages[0].Words)
                Add(new Meaning(Kind.Metric) { Metric = CrLeadToWon }, $"{word} {aw}");
            Add(new Meaning(Kind.Metric) { Metric = CrSqlToWon }, $"{word} {{sql}}");
            // A conversion with no stage is the whole funnel, lead to deal.
            Add(new Meaning(Kind.Metric) { Metric = CrLeadToWon }, word);
        }
        Add(new Meaning(Kind.Metric) { Metric = CrSqlToWon }, "win rate", "close rate", "{winrate}");

        Add(new Meaning(Kind.Metric) { Metric = Leads }, "{лид}", "{заявка}", "{lead}", "{обращение}", "входящие|входящих {лид}|{заявка}",
            "inbound {lead}");
        Add(new Meaning(Kind.Metric) { Metric = Mql }, "{mql}", "marketing qualified {lead}", "мкл");
        Add(new Meaning(Kind.Metric) { Metric = Sql }, "{sql}", "sales qualified {lead}");
        Add(new Meaning(Kind.Metric) { Metric = Sal }, "{sal}", "sales accepted {lead}");
        Add(new Meaning(Kind.Metric) { Metric = DealsWon }, "{сделка}", "{заключенный} {сделка}", "{выигранный} {сделка}",
            "{deal}", "won {deal}", "closed {deal}", "closed won {deal}");
        Add(new Meaning(Kind.Metric) { Metric = NewCustomers }, "{новый} {клиент}", "new {customer}", "new {client}");
        Add(new Meaning(Kind.Metric) { Metric = Revenue }, "{выручка}", "{оборот}", "{revenue}", "{turnover}", "sales {revenue}",
            "{revenue} from sales");
        Add(new Meaning(Kind.Metric) { Metric = Cac }, "{cac}", "{стоимость} привлечения {клиент}",
            "customer acquisition {cost}", "cost of customer acquisition", "cost per {acquisition}");
        Add(new Meaning(Kind.Metric) { Metric = Cpl }, "{cpl}", "{стоимость} {лид}", "{стоимость} {заявка}",
            "{стоимость} одного {лид}", "{стоимость} одной {заявка}", "{стоимость} за {лид}", "cost per {lead}", "lead {cost}",
            "cost of a lead");
        Add(new Meaning(Kind.Metric) { Metric = ChurnRate }, "{отток}", "{отток} {клиент}", "уровень|уровня|уровнем оттока",
            "клиентский|клиентского отток|оттока", "{churn}", "churn rate", "customer {churn}", "churn of customers");
        Add(new Meaning(Kind.Metric) { Metric = Renewals, RatioMetric = RenewalRate }, "{пролонгация}", "{продление}",
            "{пролонгация} договоров|контрактов", "{продление} договоров|контрактов", "{renewal}", "{prolongation}",
            "contract {renewal}");
        Add(new Meaning(Kind.Metric) { Metric = RenewalRate }, "доля|долю|доли продлений|пролонгаций",
            "процент продлений|пролонгаций", "renewal rate");
        Add(new Meaning(Kind.Metric) { Metric = CrossSellRevenue }, "кросс {продажа}", "{перекрестный} {продажа}",
            "{выручка} от кросс продаж", "{выручка} от {перекрестный} продаж", "cross sell", "cross sells", "cross sales",
            "cross selling", "cross sell revenue", "cross sales revenue", "revenue from cross sales|selling",
            "кросселл", "кросс селл");
    }
}
