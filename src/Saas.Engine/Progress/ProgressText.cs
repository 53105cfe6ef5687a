using Saas.Engine.Text;

namespace Saas.Engine.Progress;

/// <summary>Numbers as progress texts show them, in the tenant's language (the same formats as statement lines).</summary>
internal static class ProgressText
{
    public static Func<string, string, string> Say(Language language) => (ru, en) => language == Language.Ru ? ru : en;

    public static string Num(decimal value, Language language) => NumberText.Number(value, language, 0, 4);
}
