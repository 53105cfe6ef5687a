namespace Saas.Engine.Metrics;

/// <summary>The event types the product ingests (<c>POST /actuals/events</c>). Spend entries arrive separately.</summary>
public static class EventTypes
{
    public const string LeadCreated = "lead.created";
    public const string LeadTouch = "lead.touch";
    public const string LeadAssigned = "lead.assigned";
    public const string LeadMql = "lead.mql";
    public const string LeadSal = "lead.sal";
    public const string LeadSql = "lead.sql";
    public const string LeadFirstResponse = "lead.first_response";
    public const string LeadDisqualified = "lead.disqualified";
    public const string DealWon = "deal.won";
    public const string DealLost = "deal.lost";
    public const string DealRefunded = "deal.refunded";
    public const string AccountRenewed = "account.renewed";
    public const string AccountCrossSold = "account.cross_sold";
    public const string AccountChurned = "account.churned";
    public const string ComplaintRegistered = "complaint.registered";

    public static IReadOnlyList<string> All { get; } =
    [
        LeadCreated, LeadTouch, LeadAssigned, LeadMql, LeadSal, LeadSql, LeadFirstResponse, LeadDisqualified,
        DealWon, DealLost, DealRefunded, AccountRenewed, AccountCrossSold, AccountChurned, ComplaintRegistered,
    ];
}
