namespace Saas.Engine.Sla;

/// <summary>What non-target leads cost sales, after seed 003: each takes a fixed number of minutes to handle and
/// disqualify, paid at the hourly cost of the people who handled them (base salary ÷ working hours a month).</summary>
public sealed record NonTargetCost(decimal Hours, decimal HourlyCost, decimal Cost, decimal ShareOfTime)
{
    /// <param name="nonTargetLeads">Disqualified leads in the period.</param>
    /// <param name="minutesPerLead">Tenant setting, 15 by default.</param>
    /// <param name="monthlySalaries">Base salaries of the sales staff who handled them.</param>
    /// <param name="workingHoursPerMonth">Tenant setting, 160 by default.</param>
    public static NonTargetCost Compute(int nonTargetLeads, decimal minutesPerLead, IReadOnlyList<decimal> monthlySalaries, decimal workingHoursPerMonth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nonTargetLeads);
        ArgumentOutOfRangeException.ThrowIfNegative(minutesPerLead);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workingHoursPerMonth);
        var hours = nonTargetLeads * minutesPerLead / 60m;
        var staffHours = monthlySalaries.Count * workingHoursPerMonth;
        // The average hourly cost of the people who handled them: total pay over total hours.
        var hourlyCost = staffHours == 0 ? 0m : monthlySalaries.Sum() / staffHours;
        return new NonTargetCost(hours, hourlyCost, hours * hourlyCost, staffHours == 0 ? 0m : hours / staffHours);
    }
}
