using Saas.Engine.Common;

namespace Saas.Api.Features.Teams;

public sealed record TeamResponse(Guid Id, string Name, string Department, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A row of <c>teams</c> as the slices read it.</summary>
public sealed record TeamRow(Guid Id, string Name, string Department, int Version, DateTime CreatedAt, DateTime UpdatedAt)
{
    public const string Columns = "id, name, department, version, created_at, updated_at";

    public TeamResponse ToResponse() => new(Id, Name, Department, Version, ToUtc(CreatedAt), ToUtc(UpdatedAt));

    private static DateTimeOffset ToUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

public static class Departments
{
    public static readonly string[] Names = Enum.GetValues<Department>().Select(d => WireNames.ToWire(d.ToString())).ToArray();

    public static bool IsKnown(string? value) => Names.Contains(value);

    public static string Rule => "must be one of " + string.Join(", ", Names) + ".";
}
