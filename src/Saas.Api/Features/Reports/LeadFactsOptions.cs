namespace Saas.Api.Features.Reports;

public sealed class LeadFactsOptions
{
    public const string Section = "LeadFacts";

    /// <summary>How often each instance looks for pending imports when it found none the last time.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an import's leads wait before the worker rebuilds them: the events of one import or CRM sync of a
    /// lead then cost one rebuild rather than one each, and the rebuilding does not compete with the import while it runs.
    /// Reports do not wait for it: they rebuild what they need themselves.</summary>
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pending imports the worker claims at once (an import lists the leads and deals of up to 5 000 events): their
    /// leads are deduplicated across them, and rebuilt 500 to a transaction.</summary>
    public int ImportsPerBatch { get; set; } = 10;
}
