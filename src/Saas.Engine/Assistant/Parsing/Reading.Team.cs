using Saas.Engine.Common;

namespace Saas.Engine.Assistant.Parsing;

internal sealed partial class Reading
{
    internal const string UnknownWords = "unknown_words";
    internal const string CountNotExact = "count_not_exact";
    internal const string GoalIncomplete = "goal_incomplete";
    internal const string TooLong = "too_long";

    private const int MaxWordsBetweenCountAndRole = 2;

    /// <summary>Small words a count after its role may stand behind: "менеджеров по продажам у нас в отделе 12".</summary>
    private const int MaxWordsBetweenRoleAndCount = 4;

    /// <summary>Binds each role to its count: first a number right before it ("три менеджера", "2 опытных SDR"), then,
    /// for roles still without one, a number right after it ("маркетологов: 2", "SDR x2", "sales managers - 3",
    /// "продажников у нас пятеро") that nothing else follows. A role with no number counts as one when its word is
    /// singular; a plural, an inexact word ("несколько", "a few"), a range or an approximate number is no exact count:
    /// the count is null and the words are reported as <c>count_not_exact</c>. "человек пять" after a role is
    /// approximate, as Russian puts it. "нет", "без", "no", "without" count zero. Mentions of the same role add up. A
    /// word that needs a count ("SMM", "лидген") is a role only with a number; a list marker ("2)") is no count.</summary>
    private List<RoleCount> BindRoles()
    {
        SkipListMarkers();
        var counts = new Item?[items.Count];
        var approximate = new Item?[items.Count];
        for (var r = 0; r < items.Count; r++)
        {
            if (items[r].Kind != Kind.Role)
                continue;
            var needsNumber = items[r].Meaning!.NeedsCount;
            var k = r - 1;
            var skipped = 0;
            while (k >= 0 && !items[k].Consumed && (items[k].Kind == Kind.Modifier
                       || (items[k].Kind == Kind.Unknown && skipped++ < MaxWordsBetweenCountAndRole)))
                k--;
            if (k >= 0 && !items[k].Consumed && items[k].Kind is Kind.Number or Kind.Range or Kind.Inexact or Kind.Article or Kind.Negation
                && (!needsNumber || items[k].Kind is Kind.Number or Kind.Range) && !IsFractionPart(k))
            {
                counts[r] = items[k];
                items[k].Consumed = true;
                if (k > 0 && items[k - 1] is { Kind: Kind.Approx, Consumed: false } approx)
                {
                    approximate[r] = approx;
                    approx.Consumed = true;
                }
            }
        }

        for (var r = 0; r < items.Count; r++)
        {
            if (items[r].Kind != Kind.Role || counts[r] is not null)
                continue;
            var k = r + 1;
            var separators = new List<Item>();
            while (k < items.Count && separators.Count < MaxWordsBetweenRoleAndCount && !items[k].Consumed)
            {
                if (items[k].Kind is Kind.Colon or Kind.Dash or Kind.OpenParen or Kind.Filler or Kind.Current or Kind.People
                    or Kind.Modifier)
                {
                    separators.Add(items[k++]);
                }
                else if (IsComma(k) && k + 2 < items.Count && items[k + 1].Kind == Kind.Unknown && IsComma(k + 2))
                {
                    // "маркетологов у нас, кстати, трое": one word set off by commas does not part a count from
                    // its role. The word itself stays unrecognized.
                    separators.Add(items[k]);
                    separators.Add(items[k + 2]);
                    k += 3;
                }
                else
                {
                    break;
                }
            }
            // "менеджеров человек пять": a unit before the number makes it approximate.
            var approx = k < items.Count && items[k].Kind == Kind.Approx ? items[k++]
                : separators.Count > 0 && separators[^1].Kind == Kind.People ? separators[^1]
                : null;
            if (k >= items.Count || items[k].Consumed || items[k].Kind is not (Kind.Number or Kind.Range or Kind.Inexact or Kind.Negation)
                || (items[r].Meaning!.NeedsCount && items[k].Kind is not (Kind.Number or Kind.Range)) || IsFractionPart(k))
                continue;
            var after = k + 1;
            var people = after < items.Count && items[after].Kind == Kind.People ? items[after++] : null;
            var close = after < items.Count && items[after].Kind == Kind.CloseParen && separators.Any(s => s.Kind == Kind.OpenParen)
                ? items[after++]
                : null;
            if (after < items.Count && items[after].Kind is not (Kind.Boundary or Kind.Punct or Kind.Conjunction
                    or Kind.CloseParen or Kind.OpenParen or Kind.Dash or Kind.Filler or Kind.Role))
                continue;
            counts[r] = items[k];
            approximate[r] = approx;
            foreach (var used in separators.Append(items[k]).Append(approx).Append(people).Append(close))
            {
                if (used is not null)
                    used.Consumed = true;
            }
        }

        var roles = new List<(Role Role, int? Count, string Text)>();
        for (var r = 0; r < items.Count; r++)
        {
            var role = items[r];
            if (role.Kind != Kind.Role || (role.Meaning!.NeedsCount && counts[r] is null))
                continue;
            role.Consumed = true;
            var count = counts[r];
            int? exact = count switch
            {
                null => role.Number is GramNum.Singular or GramNum.None ? 1 : null,
                { Kind: Kind.Article } => 1,
                { Kind: Kind.Negation } => 0,
                { Kind: Kind.Number, IsInteger: true, Value: >= 0 and <= int.MaxValue } when approximate[r] is null
                    => (int)count.Value!.Value,
                _ => null,
            };
            if (exact is null)
            {
                var start = Math.Min(role.Start, Math.Min(count?.Start ?? int.MaxValue, approximate[r]?.Start ?? int.MaxValue));
                var end = Math.Max(role.End, Math.Max(count?.End ?? 0, approximate[r]?.End ?? 0));
                Report(start, end, CountNotExact);
            }
            var index = roles.FindIndex(x => x.Role == role.Meaning!.Role);
            if (index < 0)
                roles.Add((role.Meaning!.Role, exact, text[role.Start..role.End]));
            else
                roles[index] = roles[index] with { Count = roles[index].Count is { } sum && exact is { } add ? Sum(sum, add) : null };
        }
        return roles.Select(x => new RoleCount { Role = x.Role, Count = x.Count, Text = x.Text }).ToList();
    }

    /// <summary>"1) маркетолог 2) SDR": a number closed by a bracket it did not open numbers a list; it is understood
    /// and counts nothing.</summary>
    private void SkipListMarkers()
    {
        for (var i = 0; i + 1 < items.Count; i++)
        {
            if (items[i].Kind == Kind.Number && items[i + 1].Kind == Kind.CloseParen && (i == 0 || items[i - 1].Kind != Kind.OpenParen))
                items[i].Consumed = true;
        }
    }

    private bool IsComma(int k) => items[k] is { Kind: Kind.Punct, Norm: "," } && !items[k].Consumed;

    /// <summary>"24/7", "1/2": a number written against a slash and another number is a schedule or a fraction,
    /// not a headcount.</summary>
    private bool IsFractionPart(int k) =>
        (k + 2 < items.Count && items[k + 1] is { Norm: "/", SpaceBefore: false }
            && items[k + 2] is { Kind: Kind.Number, SpaceBefore: false })
        || (k >= 2 && items[k - 1] is { Norm: "/", SpaceBefore: false } && items[k - 2].Kind == Kind.Number && !items[k].SpaceBefore);

    private static int? Sum(int a, int b) => (long)a + b <= int.MaxValue ? a + b : null;

    /// <summary>"команда из 5 человек", "5 people", "нас пятеро:": a team size. It is understood, and silent, when the exact counts
    /// add up to it; otherwise the text says something about the team the roles do not, and it is reported.</summary>
    private void ReadTeamSize(List<RoleCount> roles)
    {
        int? total = null;
        if (roles.Count > 0 && roles.All(r => r.Count is not null))
        {
            var sum = roles.Sum(r => (long)r.Count!.Value);
            total = sum <= int.MaxValue ? (int)sum : null;
        }
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Consumed || item.Kind != Kind.Value || item.Amount is not { Bare: true, IsInteger: true, Number: { } size })
                continue;
            var teamOf = i > 0 && items[i - 1] is { Kind: Kind.TeamOf, Consumed: false } t ? t : null;
            var people = i + 1 < items.Count && items[i + 1] is { Kind: Kind.People or Kind.Colon, Consumed: false } p ? p : null;
            if (teamOf is null && people is null)
                continue;
            if (people?.Kind == Kind.Colon)
                people = null;
            if (total == size)
            {
                item.Consumed = true;
                if (teamOf is not null)
                    teamOf.Consumed = true;
                if (people is not null)
                    people.Consumed = true;
            }
            else
            {
                Report(teamOf?.Start ?? item.Start, people?.End ?? item.End, UnknownWords);
                item.Consumed = true;
            }
        }
    }
}
