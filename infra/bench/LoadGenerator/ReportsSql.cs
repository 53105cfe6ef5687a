namespace Saas.Bench;

/// <summary>The hand-written SQL each report needs: one query that computes the report's numbers with GROUP BY, written
/// for this job rather than copied from the API (src/Saas.Api/Features/Reports). Each reads the month's leads, then each
/// lead's events of the types the report needs in one aggregate (a LATERAL subquery, so that they are read by
/// <c>events_by_lead</c>, lead by lead, rather than by scanning all the tenant's events). The lead's source is the last
/// non-direct touch up to its creation, its employee the first assignee else the owner, as in the API. The SLA is 5 minutes
/// of wall-clock time here, not of the tenant's working time as in the API, so in-time, late, median and p90 differ from
/// the API's; the counts compared (leads, answered) do not depend on it.
/// Parameters: $1 tenant, $2 and $3 the month's bounds (instants), $4 the direct channels, $5 the SLA in minutes, $6 and
/// $7 the month's first and next month's first day (spend), $8 lead ids (the breach check).</summary>
public static class ReportsSql
{
    public const string Marker = "/* infra/bench reports: hand SQL */";

    public const int SlaMinutes = 5; // the tenant's default

    private const string InMonth = "c.occurred_at >= $2 and c.occurred_at < $3";

    /// <summary>The leads created by <paramref name="filter"/> (<c>lead_id</c>, <c>created</c>, <c>owner</c>) with
    /// <paramref name="columns"/> aggregated over their events <c>e</c> of <paramref name="types"/>; with
    /// <paramref name="versions"/>, <c>e.version</c> is 1 for the version in force of each deal.</summary>
    private static string Facts(string filter, string types, string columns, bool versions = false)
    {
        string Events(string x) => $"events {x} where {x}.tenant_id = $1 and {x}.lead_id = l.lead_id and {x}.type in ({types})";
        var rows = versions
            ? $"(select x.*, row_number() over (partition by x.deal_id order by x.occurred_at desc, x.id desc) as version from {Events("x")}) e"
            : Events("e");
        return $"""
            with leads as (
                select distinct on (c.lead_id) c.lead_id, c.occurred_at as created, c.employee_id as owner from events c
                where c.tenant_id = $1 and c.type = 'lead.created' and {filter}
                order by c.lead_id, c.occurred_at, c.id),
            facts as (
                select l.lead_id, l.created, f.* from leads l cross join lateral (
                    select {columns}
                    from {rows}) f)
            """;
    }

    /// <summary>A column of the lead's source touch: non-direct before direct, then the latest (ties: the later row).</summary>
    private static string Source(string column) =>
        $"(array_agg(e.{column} order by lower(trim(e.channel)) = any($4), e.occurred_at desc, e.id desc) " +
        "filter (where e.type in ('lead.created', 'lead.touch') and e.channel is not null and e.occurred_at <= l.created))[1]";

    private const string Employee =
        "coalesce((array_agg(e.employee_id order by e.occurred_at, e.id) filter (where e.type = 'lead.assigned' and e.employee_id is not null))[1], l.owner)";

    private const string FirstResponse = "min(e.occurred_at) filter (where e.type = 'lead.first_response')";

    private const string Due = "created + make_interval(mins => $5)";

    public static readonly string FirstResponseByEmployee = $"""
        {Marker}
        {Facts(InMonth, "'lead.assigned', 'lead.first_response'", $"{Employee} as employee_id, {FirstResponse} as first_response")}
        select grouping(employee_id) = 1 as total, employee_id, count(*)::int as leads, count(first_response)::int as answered,
               count(*) filter (where first_response <= {Due})::int as in_time,
               count(*) filter (where coalesce(first_response, now()) > {Due})::int as late,
               percentile_disc(0.5) within group (order by extract(epoch from first_response - created) / 60) as median_minutes,
               percentile_disc(0.9) within group (order by extract(epoch from first_response - created) / 60) as p90_minutes
        from facts group by grouping sets ((employee_id), ())
        """;

    private static string BreachFacts(string filter) => Facts(filter, "'lead.created', 'lead.touch', 'lead.assigned', 'lead.first_response'",
        $"{Employee} as employee_id, {FirstResponse} as first_response, {Source("channel")} as channel, {Source("campaign")} as campaign");

    /// <summary>The first page of breaches, oldest first: late by wall-clock time (a superset of the API's late leads,
    /// whose deadline is 5 working minutes after creation, never earlier than 5 minutes).</summary>
    public static readonly string Breaches = $"""
        {Marker}
        {BreachFacts(InMonth)}
        select lead_id, created, {Due} as due, first_response,
               round(extract(epoch from coalesce(first_response, now()) - {Due}) / 60, 2) as overdue_minutes, employee_id, channel, campaign
        from facts where coalesce(first_response, now()) > {Due}
        order by created, lead_id limit 100
        """;

    /// <summary>Not timed: the facts of the leads the API listed as breaches ($8), to check them.</summary>
    public static readonly string BreachCheck = $"""
        {Marker}
        {BreachFacts("c.lead_id = any($8)")}
        select lead_id, created, first_response, employee_id, channel, campaign from facts
        """;

    public static readonly string DisqualificationsByCampaign = $"""
        {Marker}
        {Facts(InMonth, "'lead.created', 'lead.touch', 'lead.assigned', 'lead.disqualified'", $"""
            {Source("campaign")} as campaign,
            (array_agg(e.reason_code order by e.occurred_at desc, e.id desc) filter (where e.type = 'lead.disqualified'))[1] as reason_code,
            coalesce((array_agg(e.employee_id order by e.occurred_at desc, e.id desc) filter (where e.type = 'lead.disqualified'))[1], {Employee}) as handler
            """)},
        handlers as (select distinct handler as id from facts where reason_code is not null and handler is not null),
        cost as (
            select (select count(*) from handlers)::int as handlers,
                   (select coalesce(sum((data ->> 'baseSalary')::numeric), 0) from documents.mt_doc_employee
                    where tenant_id = $1::text and data ->> 'currency' = '{ReportsData.Currency}' and id in (select id from handlers)) as salaries)
        select grouping(f.campaign) = 1 as total, f.campaign, count(*)::int as leads, count(f.reason_code)::int as non_target, c.handlers, c.salaries
        from facts f, cost c group by grouping sets ((f.campaign), ()), c.handlers, c.salaries
        """;

    private const string InForce = $"e.type = 'deal.won' and e.version = 1 and e.currency = '{ReportsData.Currency}'";

    public static readonly string FunnelByChannel = $"""
        {Marker}
        {Facts(InMonth, "'lead.created', 'lead.touch', 'lead.mql', 'lead.sal', 'lead.sql', 'deal.won'", $"""
            {Source("channel")} as channel,
            bool_or(e.type in ('lead.mql', 'lead.sal', 'lead.sql')) as mql, bool_or(e.type in ('lead.sal', 'lead.sql')) as sal, bool_or(e.type = 'lead.sql') as sql,
            count(*) filter (where {InForce})::int as deals, coalesce(sum(e.amount) filter (where {InForce}), 0) as revenue
            """, versions: true)},
        channel_spend as (
            select s.channel, sum(s.amount) as amount from spend s
            where s.tenant_id = $1 and s.currency = '{ReportsData.Currency}' and s.date >= $6 and s.date < $7 group by s.channel)
        select grouping(f.channel) = 1 as total, f.channel, count(*)::int as leads, count(*) filter (where f.mql)::int as mql,
               count(*) filter (where f.sal)::int as sal, count(*) filter (where f.sql)::int as sql, coalesce(sum(f.deals), 0)::int as deals_won,
               coalesce(sum(f.revenue), 0) as revenue,
               case when grouping(f.channel) = 1 then (select coalesce(sum(amount), 0) from channel_spend) else coalesce(max(s.amount), 0) end as spend
        from facts f left join channel_spend s on s.channel = f.channel
        group by grouping sets ((f.channel), ())
        """;

    /// <summary>What every report's one query reads since the lead facts (ADR 0009), written by hand: the month's leads'
    /// facts with their deals in force, no grouping. The floor under any report of the month. Parameters $1–$3.</summary>
    public const string FactsRead = $"""
        {Marker}
        select f.lead_id, f.created_at, f.owner, f.first_assignee, f.first_response_at, f.last_non_direct[1][1], f.last_non_direct[1][2],
               f.last_non_direct[1][3], f.reason_code, f.disqualified_by, f.mql, f.sal, f.sql, d.deals, d.revenue
        from lead_facts f
        left join (select lead_id, count(*) as deals, sum(amount) as revenue from deal_facts
                   where tenant_id = $1 and lead_id is not null and currency = 'RUB' group by lead_id) d on d.lead_id = f.lead_id
        where f.tenant_id = $1 and f.created_at >= $2 and f.created_at < $3
        """;
}
