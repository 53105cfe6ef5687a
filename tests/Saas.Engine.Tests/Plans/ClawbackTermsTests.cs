using Saas.Engine.Common;
using Saas.Engine.Plans;

namespace Saas.Engine.Tests.Plans;

public class ClawbackTermsTests
{
    private static IReadOnlyList<ValidationError> Validate(ClawbackTerms clawback) => PlanValidator.Validate(new PlanDocument
    {
        Name = "Commission",
        Currency = "RUB",
        Periods = ["2026-11"],
        Assignments =
        [
            new Assignment
            {
                Role = Role.SalesManager,
                Clawback = clawback,
                Components = [new ShareComponent { Id = "commission", Measure = ShareMeasure.Revenue, Credit = ShareCredit.Closed, Rate = 0.05m }],
            },
        ],
    });

    [Theory]
    [InlineData(0.5)]
    [InlineData(1)]
    public void A_churn_share_within_a_window_is_valid(double share) =>
        Assert.Empty(Validate(new ClawbackTerms { ChurnWindowDays = 90, ChurnShare = (decimal)share }));

    [Theory]
    [InlineData(90, 0, "out_of_range")]
    [InlineData(90, 1.5, "out_of_range")]
    [InlineData(null, 0.5, "needs_window")]
    public void A_churn_share_out_of_range_or_without_a_window_is_refused(int? window, double share, string code)
    {
        var error = Assert.Single(Validate(new ClawbackTerms { ChurnWindowDays = window, ChurnShare = (decimal)share }));
        Assert.Equal(("assignments[0].clawback.churnShare", code), (error.Path, error.Code));
    }
}
