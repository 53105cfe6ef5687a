using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;

namespace Saas.Engine.Tests.Payouts;

/// <summary>Builders that keep the payout tests about their arithmetic.</summary>
internal static class Kit
{
    public static readonly Period November = Period.Parse("2026-11");

    /// <summary>An assignment with a fixed target variable pay. When the weighted components do not reach 100 %,
    /// a filler attainment component on complaints (never given a value, so it pays nothing) takes the rest,
    /// because a valid plan's weights add up to 100 %.</summary>
    public static Assignment Assignment(decimal targetPay, params Component[] components)
    {
        var weights = components.OfType<IAttainmentTerms>().Sum(c => c.Weight);
        var all = weights is > 0 and < 1
            ? [.. components, Filler(1 - weights)]
            : components;
        return new Assignment
        {
            Role = Role.SalesManager,
            TargetVariablePay = new TargetVariablePay { Amount = targetPay },
            Components = all,
        };
    }

    public static AttainmentComponent Filler(decimal weight) => new()
    {
        Id = "filler",
        Metric = MetricKeys.ComplaintsRegistered,
        Target = 1,
        Weight = weight,
    };

    public static PayoutResult Pay(Assignment assignment, MetricValues? actuals = null, string locale = "en",
        Func<PayoutInput, PayoutInput>? more = null)
    {
        var input = new PayoutInput
        {
            Assignment = assignment,
            Period = November,
            Currency = "RUB",
            Locale = locale,
            Actuals = actuals ?? MetricValues.Empty,
        };
        return PayoutCalculator.Calculate(more is null ? input : more(input));
    }

    public static MetricValues Values(params (string Metric, decimal Value)[] values) => MetricValues.Of(values);

    public static PayoutLine Line(this PayoutResult result, string componentId) =>
        Assert.Single(result.Lines, l => l.ComponentId == componentId && l.Kind == PayoutLineKind.Component);

    /// <summary>Explanations use no-break spaces and a typographic minus; tests compare with plain ones.</summary>
    public static string Plain(string text) => text.Replace('\u00A0', ' ').Replace('\u2212', '-');
}
