namespace Saas.Engine.Review;

/// <summary>The numbers of the review rules, the same for every company so that a head of sales learns them once.</summary>
public static class ReviewPolicy
{
    /// <summary>A conversion KPI is a metric whose key starts with this (<c>cr_sql_to_won</c>).</summary>
    public const string ConversionPrefix = "cr_";

    /// <summary>Seed 000: when CR did not grow, weigh it more: +10 percentage points of the target variable pay.</summary>
    public const decimal ConversionWeightStep = 0.10m;

    /// <summary>A component that gives weight up keeps at least 5 %: below that a KPI is noise, and removing one is a
    /// decision for people, not for a rule.</summary>
    public const decimal MinDonorWeight = 0.05m;

    /// <summary>Weights move in whole percents, as the generator writes them.</summary>
    public const decimal WeightUnit = 0.01m;

    /// <summary>A target paid at cap twice moves to the average actual, but by at most 30 % per review: a bigger jump
    /// reads as a punishment for a good quarter.</summary>
    public const decimal CapTargetRaiseLimit = 0.30m;

    /// <summary>When the whole variable pay hit its cap twice, the targets beaten (attainment above 100 %) get 10 % harder.</summary>
    public const decimal TotalCapTargetRaise = 0.10m;

    /// <summary>A target missed below the threshold twice moves toward the average actual, by at most 20 % per review,
    /// so that the plan stays a stretch and not a gift.</summary>
    public const decimal BelowThresholdTargetCutLimit = 0.20m;

    /// <summary>The follow-up bonus pays 2 % of the target variable pay per deal above plan...</summary>
    public const decimal FollowUpRatePerDeal = 0.02m;

    /// <summary>...for at most 10 deals (20 % of the target variable pay at most).</summary>
    public const int FollowUpMaxDeals = 10;

    /// <summary>The id of the added follow-up bonus; an assignment that has it is not offered it again.</summary>
    public const string FollowUpComponentId = "follow_up_bonus";
}
