using Saas.Engine.Attribution;
using Saas.Engine.Payouts;

namespace Saas.Engine.Tests.Attribution;

public class AttributionTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 10, 9, 0, 0, TimeSpan.FromHours(3));

    // An ad click, a direct visit, a newsletter click, and a direct visit again, sent out of order.
    private static readonly Touch Ad = new(Day, 3, "yandex_direct", "winter", "discount");
    private static readonly Touch DirectVisit = new(Day.AddHours(1), 1, "direct", null, null);
    private static readonly Touch Email = new(Day.AddHours(2), 4, "email", "digest", null);
    private static readonly Touch DirectAgain = new(Day.AddHours(3), 2, "(direct)", null, null);
    private static readonly Touch[] Touches = [DirectAgain, Email, Ad, DirectVisit];

    [Fact]
    public void First_touch_credits_the_earliest_touch_whatever_the_arrival_order() =>
        Assert.Equal(Ad, LeadAttribution.Credit(Touches, AttributionModel.FirstTouch));

    [Fact]
    public void Last_touch_credits_the_latest_even_when_it_is_direct() =>
        Assert.Equal(DirectAgain, LeadAttribution.Credit(Touches, AttributionModel.LastTouch));

    [Fact]
    public void Last_non_direct_skips_direct_visits() =>
        Assert.Equal(Email, LeadAttribution.Credit(Touches, AttributionModel.LastNonDirect));

    [Fact]
    public void Last_non_direct_falls_back_to_the_last_touch_when_every_touch_was_direct() =>
        Assert.Equal(DirectAgain, LeadAttribution.Credit([DirectVisit, DirectAgain], AttributionModel.LastNonDirect));

    [Fact]
    public void Only_touches_up_to_the_moment_that_counts_are_considered()
    {
        Assert.Equal(DirectVisit, LeadAttribution.Credit(Touches, AttributionModel.LastTouch, until: Day.AddHours(1)));
        Assert.Equal(Ad, LeadAttribution.Credit(Touches, AttributionModel.LastNonDirect, until: Day.AddHours(1)));
        Assert.Null(LeadAttribution.Credit(Touches, AttributionModel.FirstTouch, until: Day.AddHours(-1)));
    }

    [Fact]
    public void Touches_at_the_same_instant_are_ordered_by_ingestion()
    {
        var first = new Touch(Day, 1, "seo", null, null);
        var second = new Touch(Day, 2, "email", null, null);
        Assert.Equal(first, LeadAttribution.Credit([second, first], AttributionModel.FirstTouch));
        Assert.Equal(second, LeadAttribution.Credit([second, first], AttributionModel.LastTouch));
    }

    [Theory]
    [InlineData("Direct", true)]
    [InlineData(" прямые заходы ", true)]
    [InlineData("(none)", true)]
    [InlineData("direct_mail", false)]
    [InlineData("yandex_direct", false)]
    public void Direct_channels_are_recognised_by_name(string channel, bool direct) => Assert.Equal(direct, LeadAttribution.IsDirect(channel));

    private static readonly Guid Anna = Guid.Parse("0195f6a0-0000-7000-8000-000000000001");
    private static readonly Guid Boris = Guid.Parse("0195f6a0-0000-7000-8000-000000000002");
    private static readonly Guid Lena = Guid.Parse("0195f6a0-0000-7000-8000-000000000003");

    [Fact]
    public void A_corrected_deal_is_the_latest_version_and_the_earlier_ones_stay()
    {
        var won = new DealVersion { DealId = "D1", OccurredAt = Day, Sequence = 1, Amount = 100_000m, Currency = "RUB", ClosedBy = Anna };
        var corrected = won with { OccurredAt = Day.AddDays(1), Sequence = 2, Amount = 120_000m };
        Assert.Equal(corrected, DealCredits.Current([corrected, won]));
        // A correction that arrives first but happened later still wins; ingestion order only breaks exact ties.
        var sameInstant = won with { Sequence = 5, Amount = 90_000m };
        Assert.Equal(sameInstant, DealCredits.Current([sameInstant, won]));
    }

    [Fact]
    public void A_deal_credits_its_closers_by_split_its_overlays_in_full_and_the_lead_owner_as_source()
    {
        var deal = new DealVersion
        {
            DealId = "D1",
            OccurredAt = Day,
            Sequence = 1,
            Amount = 100_000m,
            Currency = "RUB",
            ClosedBy = Anna,
            Splits = [(Anna, 0.6m), (Boris, 0.4m)],
            Overlays = [Lena],
        };

        Assert.Equal(
            [
                new DealCredit(Anna, DealRole.Closed, 0.6m, false),
                new DealCredit(Boris, DealRole.Closed, 0.4m, false),
                new DealCredit(Lena, DealRole.Closed, 1m, true),
                new DealCredit(Lena, DealRole.Sourced, 1m, false),
            ],
            DealCredits.For(deal, leadOwner: Lena));
        Assert.Equal([new DealCredit(Anna, DealRole.Closed, 1m, false)], DealCredits.For(deal with { Splits = [], Overlays = [] }, null));
    }
}
