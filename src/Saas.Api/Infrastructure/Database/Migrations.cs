using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Saas.Api.Infrastructure.Database;

/// <summary>One embedded SQL script. Scripts apply in the order of their names (<c>0001_…</c>, <c>0002_…</c>).</summary>
public sealed record Migration(string Name, string Sql, string Checksum)
{
    private const string ResourcePrefix = "migrations/";

    public static IReadOnlyList<Migration> Embedded { get; } = Load(typeof(Migration).Assembly);

    private static Migration[] Load(Assembly assembly) =>
        assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(resource =>
            {
                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                // Line endings are normalised so that a checkout with CRLF does not look like an edited script.
                var sql = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
                var name = resource[ResourcePrefix.Length..^".sql".Length];
                return new Migration(name, sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql))));
            })
            .ToArray();
}
