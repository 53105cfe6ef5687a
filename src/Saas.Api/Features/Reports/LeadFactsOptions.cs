namespace Saas.Api.Features.Reports;

public sealed class LeadFactsOptions
{
    public const string Section = "LeadFacts";

    /// <summary>How often each instance looks for stale leads when it found none the last time.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a lead stays stale before the worker rebuilds it: the events of one import or CRM sync of a lead
    /// then cost one rebuild rather than one each, and the rebuilding does not compete with the import while it runs.
    /// Reports do not wait for it: they rebuild what is stale themselves.</summary>
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Leads and deals one transaction rebuilds at most. A report that finds some of them being rebuilt waits
    /// for that transaction, so batches stay small enough to take well under a second.</summary>
    public int BatchSize { get; set; } = 500;
}
