using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Saas.Api.Features.Reports.BreachList;

/// <summary>Where a page of breaches ends: the creation and id of its last lead, in the order the leads are read (creation,
/// then id), so that the next page reads on from there instead of from the start of the range, and a lead that breaches
/// meanwhile does not shift the pages. Cursors of the earlier form (a count of breaches to skip) are still read.</summary>
public readonly record struct BreachCursor(DateTimeOffset? Created, string? LeadId, int Skip)
{
    private const int MaxLength = 1024;

    public (DateTimeOffset Created, string LeadId)? After => Created is { } created && LeadId is { } lead ? (created, lead) : null;

    public static string Encode(DateTimeOffset created, string leadId) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"b2:{created.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{leadId}"));

    public static bool TryDecode(string cursor, out BreachCursor position)
    {
        position = default;
        if (cursor.Length > MaxLength || !Base64Url.IsValid(cursor))
            return false;
        var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        if (text.StartsWith("b1:", StringComparison.Ordinal))
        {
            if (!int.TryParse(text[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var skip))
                return false;
            position = new BreachCursor(null, null, skip);
            return true;
        }
        var parts = text.Split(':', 3);
        if (parts is not ["b2", var ticks, { Length: > 0 } lead]
            || !long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var utcTicks)
            || utcTicks > DateTimeOffset.MaxValue.UtcTicks)
            return false;
        position = new BreachCursor(new DateTimeOffset(utcTicks, TimeSpan.Zero), lead, 0);
        return true;
    }
}
