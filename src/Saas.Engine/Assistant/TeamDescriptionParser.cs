using Saas.Engine.Assistant.Parsing;
using Saas.Engine.Text;

namespace Saas.Engine.Assistant;

/// <summary>Reads a free-text description of a marketing and sales team and its goals, in Russian, English or a mix
/// of both ("У нас два маркетолога, один SMM-специалист и три менеджера по продажам. Хотим увеличить CR с 15% до 20%
/// за 3 месяца."). Deterministic and rule-based: the same text always gives the same result, nothing is guessed, and
/// whatever was not understood is returned in <see cref="TeamAndGoals.Unrecognized"/> with its exact position so that
/// a frontend can ask about it.
/// <para>Choices the caller should know:</para>
/// <list type="bullet">
/// <item>A role written without a number counts as one when the word is singular ("и РОП", "a head of sales"); a
/// plural without a number ("маркетологи"), "несколько", "пара", "a few", "several", "some", a range ("2-3") or an
/// approximate number ("около 5") gives <see cref="RoleCount.Count"/> null and a <c>count_not_exact</c> fragment.
/// "пара" is not read as two. "нет SDR", "без РОПа", "no SDRs" give a count of 0.</item>
/// <item>A count may follow its role, behind small words ("продажников у нас пятеро", "SDR x 2", "МОП-3"); "человек
/// пять" after a role is approximate. Feminine and colloquial names name the same role ("маркетологиня",
/// "продажница", "МОП", "сейлз", "хантер" is a sales manager and "фермер" a key account manager). "SMM", "лидген",
/// "таргет", "контекст", "аккаунт" and "саппорт" name an activity as often as a person: they are roles only with a
/// number ("SMM x2", "лидген — 2 чела") and otherwise left unrecognized. A number closed by a bracket it did not
/// open ("2)") numbers a list and counts nothing.</item>
/// <item>"менеджер", "специалист", "дизайнер" and other words that name no single role are not roles.
/// "менеджер по квалификации лидов" is an SDR; "account manager" and "key account" are key account managers;
/// "customer success manager" (CSM) is customer service.</item>
/// <item>CR or "конверсия" with no stages is the whole funnel, <c>cr_lead_to_won</c>; "конверсия в продажу/сделку"
/// is too. "конверсия SQL" is <c>cr_sql_to_won</c>. A conversion between stages the catalogue has no metric for
/// ("из лида в SQL") is reported <c>goal_incomplete</c> rather than mapped to a neighbour.</item>
/// <item>Percent values of a ratio metric are fractions (15 % → 0.15); a bare number above 1 and up to 100 for a
/// ratio metric is read as a percent ("CR с 15 до 20"). "пролонгация"/"renewals" is <c>renewal_rate</c> with
/// percents and <c>renewals</c> (a count) otherwise.</item>
/// <item>In "с 10 до 15 млн" the multiplier, currency and percent of the target carry over to a bare starting value,
/// as people say it. "1,500" is 1500 (a comma before exactly three digits groups thousands); "1,5" is 1.5.</item>
/// <item>A relative change ("на 20 %", "в 2 раза", "by 5 pp", "удвоить") becomes a target only when the starting
/// value is given; otherwise the goal has its direction and no target, and is reported <c>goal_incomplete</c>.
/// "на 5 %" of a ratio metric is ambiguous (points or percent of itself) and is never computed.</item>
/// <item>"сейчас", "текущий", "currently" make the next amount a starting value, never a target ("CR сейчас 2%" alone
/// is no goal). Dates ("к 1 января", "в 2027 году", "Q4") are reported, never read as amounts; horizons in weeks or
/// days are reported <c>goal_incomplete</c>, since a horizon is whole months.</item>
/// <item>"в месяц", "per month" mark a per-period target and leave <see cref="Goal.HorizonMonths"/> null; "за месяц"
/// is a horizon of one month. "до конца года" counts the months left in the reference date's year, the current one
/// included.</item>
/// <item>A team size ("команда из 5 человек") is understood only when the exact counts add up to it; otherwise it is
/// reported as <c>unknown_words</c>.</item>
/// </list></summary>
public static class TeamDescriptionParser
{
    /// <summary>Parses <paramref name="text"/>; never throws. <paramref name="referenceDate"/> is "today" for horizons
    /// such as "до конца года". Text longer than <see cref="ParserOptions.MaxLength"/> is not parsed: the result is
    /// empty with one <c>too_long</c> fragment covering the whole text.</summary>
    public static TeamAndGoals Parse(string? text, DateOnly referenceDate, ParserOptions? options = null)
    {
        text ??= "";
        var maxLength = Math.Max(0, (options ?? ParserOptions.Default).MaxLength);
        if (text.Length > maxLength)
        {
            return new TeamAndGoals
            {
                Language = DetectLanguage(text.AsSpan(0, maxLength)),
                Roles = [],
                Goals = [],
                Unrecognized = [new UnrecognizedFragment { Text = text, Start = 0, Length = text.Length, Reason = Reading.TooLong }],
            };
        }
        try
        {
            return ParseUnguarded(text, referenceDate);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A safety net only: the tests run the parser without it. The caller still gets an honest answer —
            // nothing was understood.
            return new TeamAndGoals
            {
                Language = DetectLanguage(text),
                Roles = [],
                Goals = [],
                Unrecognized = text.Length == 0
                    ? []
                    : [new UnrecognizedFragment { Text = text, Start = 0, Length = text.Length, Reason = Reading.UnknownWords }],
            };
        }
    }

    internal static TeamAndGoals ParseUnguarded(string text, DateOnly referenceDate)
    {
        var (roles, goals, unrecognized) = Reading.Read(text, referenceDate);
        return new TeamAndGoals
        {
            Language = DetectLanguage(text),
            Roles = roles,
            Goals = goals,
            Unrecognized = unrecognized,
        };
    }

    /// <summary>Russian when Cyrillic letters outnumber all other letters, English otherwise (including text with
    /// no letters). Words of both languages are understood whatever the result.</summary>
    public static Language DetectLanguage(ReadOnlySpan<char> text)
    {
        var (cyrillic, other) = (0, 0);
        foreach (var c in text)
        {
            if (c is >= '\u0400' and <= '\u052F')
                cyrillic++;
            else if (char.IsLetter(c))
                other++;
        }
        return cyrillic > other ? Language.Ru : Language.En;
    }
}
