using System.Text;

namespace Saas.Engine.Common;

/// <summary>Converts enum member names to the snake_case strings the API uses, and back.</summary>
public static class WireNames
{
    public static string ToWire(string pascalCase)
    {
        var builder = new StringBuilder(pascalCase.Length + 8);
        for (var i = 0; i < pascalCase.Length; i++)
        {
            var c = pascalCase[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                    builder.Append('_');
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    public static bool TryParse<TEnum>(string? wireName, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(wireName) || wireName.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')))
            return false;
        var pascal = string.Concat(wireName.Split('_', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
        return Enum.TryParse(pascal, ignoreCase: false, out value) && Enum.IsDefined(value) && ToWire(value.ToString()) == wireName;
    }
}
