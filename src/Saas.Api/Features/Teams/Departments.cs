using Saas.Engine.Common;

namespace Saas.Api.Features.Teams;

public static class Departments
{
    public static readonly string[] Names = Enum.GetValues<Department>().Select(d => WireNames.ToWire(d.ToString())).ToArray();

    public static bool IsKnown(string? value) => Names.Contains(value);

    public static string Rule => "must be one of " + string.Join(", ", Names) + ".";
}
