namespace Saas.Engine.Assistant.Parsing;

/// <summary>The spellings one slot of a phrase accepts: every inflected form of a word, each with its grammatical
/// number. Forms are normalised as <see cref="Token.Norm"/> is.</summary>
internal sealed class WordSet
{
    public required string Family { get; init; }
    public required IReadOnlyDictionary<string, GramNum> Forms { get; init; }

    /// <summary>Words of 6+ letters in this set may be matched with one typo.</summary>
    public bool Typos { get; set; }

    /// <summary>A period that belongs to an abbreviation ("руб.", "п.п.") must be written against it.</summary>
    public bool MustTouch => Forms.Count == 1 && Forms.ContainsKey(".");

    public static WordSet Fixed(string family, params string[] forms) => new()
    {
        Family = family,
        Forms = forms.Distinct(StringComparer.Ordinal).ToDictionary(f => f, _ => GramNum.None, StringComparer.Ordinal),
    };

    public static WordSet Counted(string family, IEnumerable<string> singular, IEnumerable<string> plural,
        IEnumerable<string>? ambiguous = null)
    {
        var forms = new Dictionary<string, GramNum>(StringComparer.Ordinal);
        foreach (var form in singular)
            Put(forms, form, GramNum.Singular);
        foreach (var form in plural)
            Put(forms, form, GramNum.Plural);
        foreach (var form in ambiguous ?? [])
            forms[form] = GramNum.Ambiguous;
        return new WordSet { Family = family, Forms = forms };
    }

    private static void Put(Dictionary<string, GramNum> forms, string form, GramNum number) =>
        forms[form] = forms.TryGetValue(form, out var existing) && existing != number ? GramNum.Ambiguous : number;

    /// <summary>A masculine noun on a hard consonant: маркетолог, менеджер, специалист, продажник, РОП.</summary>
    public static WordSet RuHard(string stem)
    {
        var last = stem[^1];
        var plural = "гкхжшчщ".Contains(last) ? "и" : "ы";
        var genitivePlural = "жшчщ".Contains(last) ? "ей" : "ов";
        return Counted(stem,
            [stem, stem + "а", stem + "у", stem + "ом", stem + "ем", stem + "е"],
            [stem + plural, stem + genitivePlural, stem + "ам", stem + "ами", stem + "ах"]);
    }

    /// <summary>A masculine noun on a soft sign: руководитель.</summary>
    public static WordSet RuSoft(string stem) => Counted(stem,
        [stem + "ь", stem + "я", stem + "ю", stem + "ем", stem + "е"],
        [stem + "и", stem + "ей", stem + "ям", stem + "ями", stem + "ях"]);

    /// <summary>A feminine noun on -а: заявка, сделка, выручка, продажа, SMM-щица. The genitive singular and the
    /// nominative plural are the same word, so that form's number is ambiguous.</summary>
    public static WordSet RuFeminine(string stem, string genitivePlural)
    {
        var last = stem[^1];
        var i = "гкхжшчщ".Contains(last) ? "и" : "ы";
        return Counted(stem,
            [stem + "а", stem + "у", stem + "ой", stem + "ей", stem + "ою", stem + "е"],
            [genitivePlural, stem + "ам", stem + "ами", stem + "ах"],
            [stem + i]);
    }

    /// <summary>A feminine noun on -иня: маркетологиня, таргетологиня. As with <see cref="RuFeminine"/>, the
    /// genitive singular is the nominative plural.</summary>
    public static WordSet RuFeminineNya(string stem) => Counted(stem,
        [stem + "я", stem + "ю", stem + "ей", stem + "ею", stem + "е"],
        [stem + "ь", stem + "ям", stem + "ями", stem + "ях"],
        [stem + "и"]);

    /// <summary>A feminine noun on -ия: конверсия, пролонгация.</summary>
    public static WordSet RuFeminineIa(string stem) => Counted(stem,
        [stem + "я", stem + "ю", stem + "ей", stem + "ею"],
        [stem + "й", stem + "ям", stem + "ями", stem + "ях"],
        [stem + "и"]);

    /// <summary>A neuter noun on -ие: продление, увеличение, снижение.</summary>
    public static WordSet RuNeuterIe(string stem) => Counted(stem,
        [stem + "е", stem + "ю", stem + "ем"],
        [stem + "й", stem + "ям", stem + "ями", stem + "ях"],
        [stem + "я", stem + "и"]);

    /// <summary>An adjective (all genders, cases and numbers): коммерческий, ключевой, опытный, следующий. A stem
    /// that takes и (коммерческ-, следующ-) also gets the е-endings of stems on ж, ш, ч, щ (следующем, текущей).</summary>
    public static WordSet RuAdjective(string stem, bool soft)
    {
        var y = soft ? "и" : "ы";
        string[] endings = [y + "й", "ой", "ого", "ому", y + "м", "ом", "ая", "ую", "ое", y + "е", y + "х", y + "ми"];
        string[] sibilant = soft ? ["его", "ему", "ем", "ее", "ей"] : [];
        return Fixed(stem, [.. endings.Concat(sibilant).Select(e => stem + e)]);
    }

    /// <summary>An English noun with its plural: marketer/marketers, SDR/SDRs, copywriter/copywriters.</summary>
    public static WordSet En(string singular, string? plural = null)
    {
        plural ??= singular.EndsWith('s') || singular.EndsWith('x') || singular.EndsWith("ch", StringComparison.Ordinal)
            || singular.EndsWith("sh", StringComparison.Ordinal)
                ? singular + "es"
                : singular.Length > 1 && singular[^1] == 'y' && !"aeiou".Contains(singular[^2])
                    ? singular[..^1] + "ies"
                    : singular + "s";
        return Counted(singular, [singular], [plural]);
    }
}
