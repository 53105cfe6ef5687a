namespace Saas.Engine.Assistant.Parsing;

/// <summary>Finds the lexicon forms one edit away from a word (a letter added, dropped, replaced, or two neighbours
/// swapped) through an index of single-letter deletions, so that a lookup costs a few dictionary probes per letter
/// instead of a comparison with every form. Only words of <see cref="MinLength"/>+ letters are forgiven, and only when
/// every form found belongs to one word: "маркетолгов" is a marketer, a word one letter from two different words is
/// nothing.</summary>
internal sealed class TypoIndex
{
    public const int MinLength = 6;

    private readonly HashSet<string> forms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> byDeletion = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> families = new(StringComparer.Ordinal);
    private readonly int maxLength;

    public TypoIndex(IEnumerable<WordSet> sets)
    {
        foreach (var set in sets)
        {
            foreach (var form in set.Forms.Keys.Where(f => f.Length >= MinLength && f.All(char.IsLetter)))
            {
                forms.Add(form);
                if (!families.TryGetValue(form, out var of))
                    families[form] = of = new HashSet<string>(StringComparer.Ordinal);
                of.Add(set.Family);
            }
        }
        foreach (var form in forms.Order(StringComparer.Ordinal))
        {
            maxLength = Math.Max(maxLength, form.Length);
            foreach (var deletion in Deletions(form).Distinct(StringComparer.Ordinal))
            {
                if (!byDeletion.TryGetValue(deletion, out var list))
                    byDeletion[deletion] = list = [];
                list.Add(form);
            }
        }
    }

    /// <summary>The forms the word may be a typo of, in ordinal order; empty when the word is short, is itself a
    /// lexicon form, or is one edit from forms of different words.</summary>
    public IReadOnlyList<string> Candidates(string word, IReadOnlySet<string> known)
    {
        if (word.Length < MinLength || word.Length > maxLength + 1 || known.Contains(word))
            return [];
        var found = new SortedSet<string>(StringComparer.Ordinal);
        if (byDeletion.TryGetValue(word, out var longer))
            found.UnionWith(longer);
        foreach (var deletion in Deletions(word))
        {
            if (forms.Contains(deletion))
                found.Add(deletion);
            if (byDeletion.TryGetValue(deletion, out var same))
                found.UnionWith(same);
        }
        found.RemoveWhere(form => !WithinOneEdit(word, form));
        if (found.Count == 0)
            return [];
        var shared = new HashSet<string>(families[found.Min!], StringComparer.Ordinal);
        foreach (var form in found)
            shared.IntersectWith(families[form]);
        return shared.Count == 0 ? [] : [.. found];
    }

    private static IEnumerable<string> Deletions(string word)
    {
        for (var i = 0; i < word.Length; i++)
            yield return string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1));
    }

    /// <summary>Optimal string alignment distance ≤ 1: one insertion, deletion, substitution or adjacent swap.</summary>
    internal static bool WithinOneEdit(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
            return false;
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
            prefix++;
        if (prefix == a.Length && prefix == b.Length)
            return true;
        if (a.Length == b.Length)
        {
            if (a.AsSpan(prefix + 1).SequenceEqual(b.AsSpan(prefix + 1)))
                return true;
            return prefix + 1 < a.Length && a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix]
                && a.AsSpan(prefix + 2).SequenceEqual(b.AsSpan(prefix + 2));
        }
        return a.Length > b.Length
            ? a.AsSpan(prefix + 1).SequenceEqual(b.AsSpan(prefix))
            : a.AsSpan(prefix).SequenceEqual(b.AsSpan(prefix + 1));
    }
}
