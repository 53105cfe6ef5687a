using System.Globalization;
using Saas.Engine.Common;
using Saas.Engine.Generation;

namespace Saas.Engine.Tests.Generation;

public class DeterminismTests
{
    [Fact]
    public void Same_request_same_json()
    {
        var first = GenKit.Json(PlanGenerator.Generate(GenKit.Seed));
        var second = GenKit.Json(PlanGenerator.Generate(GenKit.Seed));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Team_order_and_culture_do_not_matter()
    {
        var reordered = GenKit.Seed with { Team = [.. GenKit.Seed.Team.Reverse()] };
        var expected = GenKit.Json(PlanGenerator.Generate(GenKit.Seed));
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal(expected, GenKit.Json(PlanGenerator.Generate(reordered)));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void English_request_gets_english_text()
    {
        var plan = PlanGenerator.Generate(GenKit.Seed with { Language = Saas.Engine.Text.Language.En });
        var cr = plan.Roles.Single(r => r.Role == Role.SalesManager).Kpis.Single(k => k.Metric == "cr_lead_to_won");
        Assert.Contains("Monthly targets 16.7% → 18.3% → 20%.", cr.Rationale);
        Assert.All(plan.Assumptions, a => Assert.DoesNotMatch("[а-яА-Я]", a.Text));
    }
}
