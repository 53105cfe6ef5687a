using System.Buffers.Text;
using System.Text;
using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Saas.Api.Infrastructure.Http;

/// <summary>Keyset paging over time-ordered (version 7) ids: the cursor is the last id of the previous page,
/// wrapped so that clients treat it as opaque and we may change what is inside.</summary>
public readonly record struct PageQuery(int Limit, Guid? After)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    private const string Prefix = "v1:";

    public static bool TryCreate(int? limit, string? cursor, out PageQuery page, out ProblemHttpResult? problem)
    {
        page = default;
        problem = null;
        if (limit is < 1 or > MaxLimit)
        {
            problem = Problems.Validation("limit", $"'limit' must be between 1 and {MaxLimit}.", "InclusiveBetween");
            return false;
        }
        Guid? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!TryDecode(cursor, out var id))
            {
                problem = Problems.Validation("cursor", "'cursor' is not a cursor this API returned.", "Cursor");
                return false;
            }
            after = id;
        }
        page = new PageQuery(limit ?? DefaultLimit, after);
        return true;
    }

    /// <summary>The page of a limit and a cursor that <see cref="PageRequestValidator"/> accepted.</summary>
    public static PageQuery From(int? limit, string? cursor) =>
        new(limit ?? DefaultLimit, string.IsNullOrEmpty(cursor) ? null : TryDecode(cursor, out var after) ? after : throw new ArgumentException("Not a cursor.", nameof(cursor)));

    public static bool IsCursor(string? cursor) => string.IsNullOrEmpty(cursor) || TryDecode(cursor, out _);

    /// <summary>The next cursor when the query fetched <c>Limit + 1</c> rows and got them all.</summary>
    public string? NextCursor<T>(IReadOnlyList<T> rows, Func<T, Guid> idOf) =>
        rows.Count > Limit ? Encode(idOf(rows[Limit - 1])) : null;

    public static string Encode(Guid id) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + id.ToString("N")));

    private static bool TryDecode(string cursor, out Guid id)
    {
        id = default;
        if (cursor.Length > 64)
            return false;
        // TryDecodeFromChars throws on some malformed input (non-zero trailing bits), so validate first.
        if (!Base64Url.IsValid(cursor, out var length) || length > 48)
            return false;
        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        return text.StartsWith(Prefix, StringComparison.Ordinal) && Guid.TryParseExact(text[Prefix.Length..], "N", out id);
    }
}

/// <summary>A page of a list: the items and the cursor of the next page (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary><c>?limit=&amp;cursor=</c> of a list. A list's request derives from it and its validator includes
/// <see cref="PageRequestValidator"/>.</summary>
public class PageRequest
{
    /// <summary>Items per page, 1 to 200 (50 when left out).</summary>
    [QueryParam]
    public int? Limit { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    [QueryParam]
    public string? Cursor { get; init; }

    /// <summary>The page these parameters ask for (derived, so neither bound nor documented).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public PageQuery Page => PageQuery.From(Limit, Cursor);
}

public sealed class PageRequestValidator : AbstractValidator<PageRequest>
{
    public PageRequestValidator()
    {
        RuleFor(r => r.Limit).InclusiveBetween(1, PageQuery.MaxLimit).WithMessage($"'limit' must be between 1 and {PageQuery.MaxLimit}.");
        RuleFor(r => r.Cursor).Must(PageQuery.IsCursor).WithMessage("'cursor' is not a cursor this API returned.").WithErrorCode("Cursor");
    }
}
