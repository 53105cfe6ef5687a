using System.Globalization;
using System.Text;

namespace Saas.Engine.Assistant.Parsing;

internal enum TokenKind
{
    Word,
    Number,
    Symbol,
}

/// <summary>A word, a number or a single symbol of the input, with its UTF-16 span.</summary>
internal sealed class Token
{
    public required TokenKind Kind { get; init; }
    public required int Start { get; init; }
    public required int End { get; init; }

    /// <summary>Lower case, <c>ё</c> read as <c>е</c>, NFC; symbols are folded to one spelling (every arrow is <c>→</c>,
    /// every dash is <c>-</c>, a line break is <c>\n</c>); numbers are <c>#</c>.</summary>
    public required string Norm { get; init; }

    /// <summary>Whitespace (or the start of the text) precedes the token.</summary>
    public required bool SpaceBefore { get; init; }

    /// <summary>A hyphen with no space around it joins the token to the previous one ("SMM-специалист", "1-2").
    /// The hyphen is dropped from the token stream, so that "SMM-специалист" and "SMM специалист" read the same.</summary>
    public required bool Joined { get; init; }

    public decimal? Value { get; init; }
    public bool IsInteger { get; init; }
}

/// <summary>Splits text into tokens in one pass, by hand, so that no input can make it slow. Only ASCII digits make
/// numbers; letters of any script, combining marks and valid surrogate pairs make words; lone surrogates, control and
/// format characters are skipped.</summary>
internal static class Tokenizer
{
    private const int MaxNumberDigits = 20;

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var space = true;
        var join = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '\n' or '\r' or '\u2028' or '\u2029' or '\u0085')
            {
                tokens.Add(Symbol(i, i + 1, "\n", space, false));
                space = true;
                join = false;
                i++;
            }
            else if (char.IsWhiteSpace(c) || char.IsControl(c) || IsIgnorable(text, i))
            {
                space = true;
                join = false;
                i += char.IsSurrogate(c) ? 1 : Width(text, i);
            }
            else if (char.IsAsciiDigit(c))
            {
                tokens.Add(ReadNumber(text, ref i, space, join));
                space = false;
                join = false;
            }
            else if (IsWordChar(text, i))
            {
                AddWord(tokens, ReadWord(text, ref i, space, join));
                space = false;
                join = false;
            }
            else if (IsJoiner(text, i, space, tokens))
            {
                join = true;
                i++;
            }
            else
            {
                var start = i;
                var norm = ReadSymbol(text, ref i);
                tokens.Add(Symbol(start, i, norm, space, join));
                space = false;
                join = false;
            }
        }
        return tokens;
    }

    /// <summary>A hyphen between two tokens with no whitespace around it; an en dash only between digits ("1–2").</summary>
    private static bool IsJoiner(string text, int i, bool space, List<Token> tokens)
    {
        var c = text[i];
        if (space || tokens.Count == 0 || tokens[^1].Kind == TokenKind.Symbol || i + 1 >= text.Length)
            return false;
        if (c is '-' or '\u2010' or '\u2011')
            return char.IsAsciiDigit(text[i + 1]) || IsWordChar(text, i + 1);
        return c == '\u2013' && tokens[^1].Kind == TokenKind.Number && char.IsAsciiDigit(text[i + 1]);
    }

    private static Token Symbol(int start, int end, string norm, bool space, bool join) =>
        new() { Kind = TokenKind.Symbol, Start = start, End = end, Norm = norm, SpaceBefore = space, Joined = join };

    private static string ReadSymbol(string text, ref int i)
    {
        var c = text[i];
        if ((c is '-' or '=' or '\u2014' or '\u2013') && i + 1 < text.Length && text[i + 1] == '>')
        {
            i += 2;
            return "→";
        }
        if (c == '-' && i + 2 < text.Length && text[i + 1] == '-' && text[i + 2] == '>')
        {
            i += 3;
            return "→";
        }
        var width = Width(text, i);
        i += width;
        return c switch
        {
            '→' or '⟶' or '➝' or '➔' or '⇒' or '⇨' or '➡' => "→",
            '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => "-",
            '…' => ".",
            '\u00D7' => "×",
            '\uFF05' => "%",
            _ => width == 1 ? c.ToString() : text.Substring(i - width, width),
        };
    }

    /// <summary>A Latin abbreviation with a Russian ending written against it ("SDRов", "KAMа", "SMMщик", "SDR'ы") is
    /// read as the abbreviation and a hyphen-joined ending, as if written "SDR-ов". Only two or more Latin letters
    /// split, so that a Latin letter typed inside a Russian word ("cмм") stays one word.</summary>
    private static void AddWord(List<Token> tokens, Token word)
    {
        var latin = 0;
        while (latin < word.Norm.Length && char.IsAsciiLetterLower(word.Norm[latin]))
            latin++;
        var ending = latin < word.Norm.Length && word.Norm[latin] == '\'' ? latin + 1 : latin;
        if (latin < 2 || ending == word.Norm.Length || word.Norm.Length != word.End - word.Start
            || word.Norm[ending] is < '\u0400' or > '\u04FF')
        {
            tokens.Add(word);
            return;
        }
        tokens.Add(new Token
        {
            Kind = TokenKind.Word,
            Start = word.Start,
            End = word.Start + latin,
            Norm = word.Norm[..latin],
            SpaceBefore = word.SpaceBefore,
            Joined = word.Joined,
        });
        tokens.Add(new Token
        {
            Kind = TokenKind.Word,
            Start = word.Start + ending,
            End = word.End,
            Norm = word.Norm[ending..],
            SpaceBefore = false,
            Joined = true,
        });
    }

    private static Token ReadWord(string text, ref int i, bool space, bool join)
    {
        var start = i;
        var norm = new StringBuilder();
        var hasMarks = false;
        while (i < text.Length)
        {
            if (IsWordChar(text, i))
            {
                var width = Width(text, i);
                if (width == 1 && CharUnicodeInfo.GetUnicodeCategory(text[i]) is UnicodeCategory.NonSpacingMark
                        or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
                    hasMarks = true;
                norm.Append(text, i, width);
                i += width;
            }
            else if (text[i] is '\'' or '’' && i + 1 < text.Length && char.IsLetter(text[i + 1]) && i > start)
            {
                norm.Append('\'');
                i++;
            }
            else if (char.GetUnicodeCategory(text[i]) == UnicodeCategory.Format && i + 1 < text.Length && IsWordChar(text, i + 1))
            {
                i++;
            }
            else
            {
                break;
            }
        }
        return new Token
        {
            Kind = TokenKind.Word,
            Start = start,
            End = i,
            Norm = Normalize(norm.ToString(), hasMarks),
            SpaceBefore = space,
            Joined = join,
        };
    }

    internal static string Normalize(string word, bool hasMarks)
    {
        if (hasMarks)
        {
            try
            {
                word = word.Normalize(NormalizationForm.FormC);
            }
            catch (ArgumentException)
            {
                // Left as written: an unnormalisable word simply matches nothing.
            }
        }
        return word.ToLowerInvariant().Replace('ё', 'е');
    }

    /// <summary>Digits with digit groups ("30 000 000", "1,500", "1.000.000") and a decimal comma or point
    /// ("1,5", "1.5"). A comma followed by exactly three digits is a digit group, as in English; "0,125" stays a
    /// fraction. Longer than <see cref="MaxNumberDigits"/> digits, the number has no value and is reported as unknown.</summary>
    private static Token ReadNumber(string text, ref int i, bool space, bool join)
    {
        var start = i;
        var digits = new StringBuilder();
        var first = ReadDigits(text, ref i, digits);
        var leadingZero = digits[0] == '0';
        var grouped = false;
        if (first <= 3 && !leadingZero)
        {
            while (i < text.Length && text[i] is ' ' or '\u00A0' or '\u202F' or '\u2009' && ThreeDigitsThenStop(text, i + 1))
            {
                digits.Append(text, i + 1, 3);
                i += 4;
                grouped = true;
            }
            if (!grouped)
            {
                while (i < text.Length && text[i] == ',' && ThreeDigitsThenStop(text, i + 1))
                {
                    digits.Append(text, i + 1, 3);
                    i += 4;
                    grouped = true;
                }
            }
            if (!grouped && i + 4 < text.Length && text[i] == '.' && text[i + 4] == '.'
                && ThreeDigitsThenStop(text, i + 1) && ThreeDigitsThenStop(text, i + 5))
            {
                while (i < text.Length && text[i] == '.' && ThreeDigitsThenStop(text, i + 1))
                {
                    digits.Append(text, i + 1, 3);
                    i += 4;
                }
                grouped = true;
            }
        }

        var fraction = new StringBuilder();
        if (i + 1 < text.Length && text[i] is ',' or '.' && char.IsAsciiDigit(text[i + 1])
            && !(grouped && text[i] == ',' && text[start..i].Contains(',')))
        {
            i++;
            ReadDigits(text, ref i, fraction);
        }

        decimal? value = null;
        if (digits.Length + fraction.Length <= MaxNumberDigits
            && decimal.TryParse(fraction.Length == 0 ? digits.ToString() : digits + "." + fraction,
                NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
            value = parsed;
        return new Token
        {
            Kind = TokenKind.Number,
            Start = start,
            End = i,
            Norm = "#",
            SpaceBefore = space,
            Joined = join,
            Value = value,
            IsInteger = fraction.Length == 0,
        };
    }

    private static int ReadDigits(string text, ref int i, StringBuilder into)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            if (into.Length < MaxNumberDigits + 1)
                into.Append(text[i]);
            i++;
        }
        return i - start;
    }

    private static bool ThreeDigitsThenStop(string text, int at)
    {
        if (at + 3 > text.Length)
            return false;
        for (var k = at; k < at + 3; k++)
        {
            if (!char.IsAsciiDigit(text[k]))
                return false;
        }
        return at + 3 == text.Length || !char.IsAsciiDigit(text[at + 3]);
    }

    /// <summary>Letters of any script, combining marks, and digits other than ASCII ones (which make numbers);
    /// a valid surrogate pair counts by the category of the character it encodes.</summary>
    internal static bool IsWordChar(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                return false;
            return IsWordCategory(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, text[i + 1])));
        }
        if (char.IsSurrogate(c) || char.IsAsciiDigit(c))
            return false;
        return IsWordCategory(CharUnicodeInfo.GetUnicodeCategory(c));
    }

    private static bool IsWordCategory(UnicodeCategory category) => category is UnicodeCategory.UppercaseLetter
        or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
        or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
        or UnicodeCategory.EnclosingMark or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber
        or UnicodeCategory.OtherNumber;

    /// <summary>Lone surrogates and format characters (zero-width joiners, soft hyphens, byte-order marks) that are
    /// not inside a word.</summary>
    private static bool IsIgnorable(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        if (char.IsLowSurrogate(c))
            return true;
        return char.GetUnicodeCategory(c) == UnicodeCategory.Format;
    }

    private static int Width(string text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
}
