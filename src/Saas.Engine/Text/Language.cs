namespace Saas.Engine.Text;

/// <summary>The language explanations are written in. A tenant locale such as <c>ru-RU</c> maps to
/// <see cref="Ru"/>; anything else is English.</summary>
public enum Language
{
    En,
    Ru,
}

public static class Languages
{
    public static Language FromLocale(string? locale) =>
        locale is not null && locale.StartsWith("ru", StringComparison.OrdinalIgnoreCase) ? Language.Ru : Language.En;
}
