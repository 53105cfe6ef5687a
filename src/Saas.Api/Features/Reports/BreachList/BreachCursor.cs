using System.Buffers.Text;
using System.Text;

namespace Saas.Api.Features.Reports.BreachList;

/// <summary>The leads are ordered by creation and id, so a position in the list is a stable cursor for a closed period.</summary>
public static class BreachCursor
{
    public static string Encode(int position) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes("b1:" + position));

    public static bool TryDecode(string cursor, out int position)
    {
        position = 0;
        if (cursor.Length > 32 || !Base64Url.IsValid(cursor))
            return false;
        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        return text.StartsWith("b1:", StringComparison.Ordinal) && int.TryParse(text[3..], out position) && position >= 0;
    }
}
