namespace Saas.Demo;

/// <summary>The demo company: the seeds' example team (two marketers, one SMM specialist, three sales managers) with the
/// lead generator of seed 001 and the key account manager of seed 002, in four teams, and the channels and campaigns
/// its leads come from.</summary>
public static class Company
{
    public const string Name = "Демо: Рога и копыта";
    public const string Currency = "RUB";
    public const string TimeZone = "Europe/Moscow";
    public const string Crm = "amocrm";

    /// <summary>The seed 000 sentence, with the lead generator and the key account manager added, and the goal. The plan
    /// is generated from exactly this text.</summary>
    public const string Description =
        "У нас два маркетолога, один SMM-специалист, три менеджера по продажам, один лидогенератор и один менеджер по работе с ключевыми клиентами. " +
        "Хотим увеличить CR с 15% до 20% за 3 месяца.";

    public sealed record Team(string Key, string Name, string Department);

    public static readonly IReadOnlyList<Team> Teams =
    [
        new("marketing", "Маркетинг", "marketing"),
        new("sales", "Отдел продаж", "sales"),
        new("leadgen", "Лидогенерация", "lead_generation"),
        new("accounts", "Ключевые клиенты", "account_management"),
    ];

    /// <summary>An employee; <see cref="CrmId"/> is their id in the CRM (amoCRM), which the events name them by.
    /// <see cref="LateShare"/> and <see cref="WinBonus"/> shape a sales manager's habits: how often the first response
    /// misses the 5 working minutes, and how much better than average they close.</summary>
    public sealed record Person(string Key, string FullName, string Login, string Role, string Team, decimal BaseSalary, string CrmId, DateOnly StartDate,
        double LateShare = 0, double WinBonus = 0);

    public static readonly IReadOnlyList<Person> Staff =
    [
        new("olga", "Ольга Смирнова", "olga", "marketer", "marketing", 120_000m, "1001", new(2025, 3, 1)),
        new("dmitry", "Дмитрий Козлов", "dmitry", "marketer", "marketing", 110_000m, "1002", new(2025, 9, 15)),
        new("alina", "Алина Морозова", "alina", "smm", "marketing", 90_000m, "1003", new(2026, 2, 1)),
        new("anna", "Анна Петрова", "anna", "sales_manager", "sales", 100_000m, "2001", new(2024, 6, 1), LateShare: 0.04, WinBonus: 0.05),
        new("igor", "Игорь Волков", "igor", "sales_manager", "sales", 100_000m, "2002", new(2025, 1, 20), LateShare: 0.09, WinBonus: 0.0),
        new("sergey", "Сергей Новиков", "sergey", "sales_manager", "sales", 100_000m, "2003", new(2026, 5, 12), LateShare: 0.24, WinBonus: -0.06),
        new("maxim", "Максим Орлов", "maxim", "lead_generator", "leadgen", 70_000m, "3001", new(2025, 11, 1)),
        new("elena", "Елена Соколова", "elena", "key_account_manager", "accounts", 130_000m, "4001", new(2024, 2, 1)),
    ];

    public static IEnumerable<Person> SalesManagers => Staff.Where(p => p.Role == "sales_manager");

    public static Person Get(string key) => Staff.Single(p => p.Key == key);

    /// <summary>Where leads come from: channel, campaign and hypothesis (seed 003 asks for reasons per campaign and
    /// hypothesis), the employee who owns the source, its share of leads, how many of its leads are not target customers,
    /// ad spend a day, and the average deal. <see cref="TouchShare"/>: leads that saw the ad and came back "direct" (a
    /// lead.touch before lead.created), which last-non-direct attribution credits to this source.</summary>
    public sealed record Source(string Channel, string? Campaign, string? Hypothesis, string? Owner, double Weight, double NonTarget, decimal SpendPerDay,
        decimal AverageDeal, double TouchShare);

    public static readonly IReadOnlyList<Source> Sources =
    [
        new("yandex_direct", "poisk_brand", "brand_search", "olga", 0.20, 0.22, 14_000m, 190_000m, 0.30),
        new("yandex_direct", "rsya_retarget", "retarget_7d", "olga", 0.12, 0.34, 7_000m, 170_000m, 0.25),
        new("vk_ads", "vk_lookalike", "lookalike_clients", "olga", 0.12, 0.50, 6_000m, 150_000m, 0.20),
        new("seo", "blog_kpi", "kpi_guides", "dmitry", 0.14, 0.30, 2_500m, 200_000m, 0),
        new("email", "webinar_invites", "webinar_bonus_models", "dmitry", 0.08, 0.18, 800m, 230_000m, 0),
        new("telegram", "tg_channel", "case_studies", "alina", 0.10, 0.40, 3_000m, 160_000m, 0.15),
        new("vk_group", "vk_community", "discount_20", "alina", 0.08, 0.58, 2_000m, 120_000m, 0.10),
        new("outbound", "cold_outreach", "icp_it_companies", "maxim", 0.11, 0.30, 1_500m, 320_000m, 0),
        new("direct", null, null, null, 0.05, 0.20, 0m, 180_000m, 0),
    ];

    /// <summary>Why sales disqualified a lead (the tenant's default catalogue), with how often.</summary>
    public static readonly IReadOnlyList<(string Code, double Weight)> Reasons =
    [
        ("not_target", 0.30), ("no_budget", 0.18), ("no_contact", 0.14), ("duplicate", 0.10), ("spam", 0.08), ("wrong_product", 0.08),
        ("job_seeker", 0.05), ("competitor", 0.04), ("other", 0.03),
    ];

    public static readonly string[] OtherComments =
    [
        "Студент, пишет диплом про мотивацию продаж",
        "Хотел бесплатную консультацию, покупать не планирует",
        "Ошибся номером, искал другую компанию",
        "Компания закрывается, бюджетов не будет",
    ];

    /// <summary>The company's own numbers for the plan generator (average deal, leads and budget a month, the highest
    /// acceptable cost per lead), so that the targets match its scale; the team and the goal come from the text.</summary>
    public static object Economics(int leadsPerMonth) => new
    {
        averageDealSize = 190_000m,
        monthlyLeads = (decimal)leadsPerMonth,
        monthlyMarketingBudget = 1_200_000m,
        maxCpl = 3_000m,
    };

    /// <summary>The key accounts the key account manager keeps: renewals, cross-sales and churn (seed 002).</summary>
    public const int KeyAccounts = 60;
}
