namespace Saas.Api.Features.Sla;

public sealed class SlaWatchOptions
{
    public const string Section = "Sla";

    /// <summary>How often each instance looks for leads whose deadline passed. Breaches are announced within this
    /// (plus the time to check a batch) of their deadline; the issue asks for 30 s.</summary>
    public TimeSpan BreachPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Leads one transaction checks (and locks) at most.</summary>
    public int BatchSize { get; set; } = 500;
}
