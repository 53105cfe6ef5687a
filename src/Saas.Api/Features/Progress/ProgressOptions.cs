namespace Saas.Api.Features.Progress;

/// <summary>How fresh progress is (<see cref="ProgressSnapshots"/>).</summary>
public sealed class ProgressOptions
{
    public const string Section = "Progress";

    /// <summary>A snapshot younger than this answers as it is; so does one younger than twice what reading it took, so that a large
    /// tenant is not read one reading after another while it is polled, as long as the next reading can end within
    /// <see cref="ServeStaleFor"/>.</summary>
    public TimeSpan FreshFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An older one, up to this age, still answers while a newer one is computed; older still, a request waits for
    /// the new one. A large tenant's month takes seconds to read (infra/bench/progress), and polling should not wait on it.</summary>
    public TimeSpan ServeStaleFor { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The previous period's metrics (growth components compare with them) are read again only this often: a closed
    /// month changes only by late events, and reading it with every snapshot would double a snapshot's cost.</summary>
    public TimeSpan PreviousPeriodFreshFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Snapshots kept per instance (tenants × periods asked about); the least recently used goes first.</summary>
    public int MaxSnapshots { get; set; } = 32;

    /// <summary>How often every instance looks for milestones to announce (<see cref="ProgressMilestones"/>).</summary>
    public TimeSpan MilestoneInterval { get; set; } = TimeSpan.FromMinutes(2);
}
