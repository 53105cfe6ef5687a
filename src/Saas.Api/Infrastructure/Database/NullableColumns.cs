using System.Data.Common;

namespace Saas.Api.Infrastructure.Database;

/// <summary>Nullable columns of a row read by position, for the readers that make their rows without Dapper's parser.</summary>
public static class NullableColumns
{
    public static T? ValueOrNull<T>(this DbDataReader row, int ordinal) where T : struct => row.IsDBNull(ordinal) ? null : row.GetFieldValue<T>(ordinal);

    public static string? TextOrNull(this DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}
